// What the Exports page shows: the kinds the merchant can ask for (with their form fields), the
// products and lots to pick from, and the shop's recent exports with progress, warnings and a
// signed download link while the file lasts.
import type { Db } from "../db.server";
import type { ExportFormat, ExportStatus } from "../generated/prisma/client.ts";
import { EXPORT_KINDS, type ExportField } from "./export-request";
import type { ExportWarning } from "./export-writer";
import { exportDownloadUrl, listExports } from "./exports.server";

export interface ExportRowView {
  id: string;
  kind: string;
  kindLabel: string;
  format: ExportFormat;
  status: ExportStatus;
  /** 0..1 once the row count is known. */
  progress: number | null;
  processedRows: number;
  totalRows: number | null;
  fileName: string | null;
  byteSize: number | null;
  warnings: ExportWarning[];
  error: string | null;
  createdAt: string;
  expiresAt: string | null;
  /** Null while the file is being built, after it failed, or once it expired. */
  downloadUrl: string | null;
  expired: boolean;
}

export interface ExportsPage {
  kinds: { kind: string; label: string; description: string; formats: ExportFormat[]; fields: ExportField[] }[];
  products: { id: string; title: string }[];
  lots: { id: string; code: string; productTitle: string }[];
  exports: ExportRowView[];
  running: boolean;
}

const PICKER_LIMIT = 500;

function warningsOf(value: unknown): ExportWarning[] {
  return Array.isArray(value)
    ? value.filter((w): w is ExportWarning => typeof w?.code === "string" && typeof w?.message === "string")
    : [];
}

export async function loadExportsPage(db: Db, shopId: string, now: Date = new Date()): Promise<ExportsPage> {
  const [jobs, products, lots] = await Promise.all([
    listExports(db, shopId),
    db.$queryRaw<{ id: string; title: string }[]>`
      SELECT DISTINCT ON ("productId") "productId" AS id, "productTitle" AS title
      FROM "Lot" WHERE "shopId" = ${shopId}::uuid
      ORDER BY "productId", "receivedAt" DESC LIMIT ${PICKER_LIMIT}`,
    db.lot.findMany({
      where: { shopId },
      select: { id: true, code: true, productTitle: true },
      orderBy: { receivedAt: "desc" },
      take: PICKER_LIMIT,
    }),
  ]);
  const exports = jobs.map(
    (job): ExportRowView => ({
      id: job.id,
      kind: job.kind,
      kindLabel: EXPORT_KINDS[job.kind].label,
      format: job.format,
      status: job.status,
      progress: job.totalRows ? Math.min(1, job.processedRows / job.totalRows) : job.status === "completed" ? 1 : null,
      processedRows: job.processedRows,
      totalRows: job.totalRows,
      fileName: job.fileName,
      byteSize: job.byteSize,
      warnings: warningsOf(job.warnings),
      error: job.error,
      createdAt: job.createdAt.toISOString(),
      expiresAt: job.expiresAt?.toISOString() ?? null,
      downloadUrl: exportDownloadUrl(job, now),
      expired: job.status === "completed" && (!job.storagePath || !job.expiresAt || job.expiresAt <= now),
    }),
  );
  return {
    kinds: Object.entries(EXPORT_KINDS).map(([kind, spec]) => ({
      kind,
      label: spec.label,
      description: spec.description,
      formats: spec.formats,
      fields: spec.fields,
    })),
    products: products.sort((a, b) => a.title.localeCompare(b.title)),
    lots,
    exports,
    running: exports.some((row) => row.status === "queued" || row.status === "running"),
  };
}
