// Runs one export job: streams rows from the database into a stored file, reporting progress.
// The file is written under a temporary name and renamed only once complete, so a link never
// serves half a file; the job row says running -> completed (with a 7-day expiry) or failed.
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { finished } from "node:stream/promises";
import type { Db, Prisma } from "../db.server";
import { env } from "../env.server";
import type { JobPayload } from "../jobs/contract";
import { AppError } from "../utils/errors";
import { EXPORT_LIFETIME_MS, exportStoragePath, resolveExportFile } from "./export-files.server";
import { exportFileName } from "./export-request";
import type { ExportWarning, ExportWriter } from "./export-writer";
import { EXPORT_WRITERS } from "./writers.server";

/** Progress is written at most this often: a row update per 5,000 rows would slow the export. */
export const PROGRESS_INTERVAL_MS = 500;

export interface RunExportOptions {
  dataDir?: string;
  now?: () => Date;
  writers?: Partial<Record<string, ExportWriter>>;
}

export async function runExport(
  db: Db,
  input: JobPayload<"exports.run">,
  options: RunExportOptions = {},
): Promise<{ rows: number }> {
  const now = options.now ?? (() => new Date());
  const job = await db.exportJob.findFirst({ where: { id: input.exportJobId, shopId: input.shopId } });
  if (!job) throw new AppError("NOT_FOUND", "This export does not exist in your shop.");
  // A redelivered job must not rebuild (and re-date) a file the merchant may be downloading.
  if (job.status === "completed") return { rows: job.processedRows };

  const writer = options.writers?.[job.kind] ?? EXPORT_WRITERS[job.kind];
  const storagePath = exportStoragePath(job);
  const finalPath = resolveExportFile(storagePath, options.dataDir ?? env().DATA_DIR);
  const tempPath = `${finalPath}.${randomUUID()}.tmp`;
  await mkdir(path.dirname(finalPath), { recursive: true });
  await db.exportJob.update({
    where: { id: job.id },
    data: { status: "running", startedAt: now(), processedRows: 0, totalRows: null, error: null, warnings: [] },
  });

  const warnings = new Map<string, ExportWarning>();
  let lastProgressAt = 0;
  let knownTotal: number | undefined;
  const out = createWriteStream(tempPath);
  try {
    const { rows } = await writer({
      db,
      shopId: job.shopId,
      exportJobId: job.id,
      kind: job.kind,
      format: job.format,
      parameters: (job.parameters ?? {}) as Record<string, unknown>,
      out,
      progress: async (processedRows, totalRows) => {
        const totalIsNew = totalRows !== undefined && totalRows !== knownTotal;
        const at = Date.now();
        if (!totalIsNew && at - lastProgressAt < PROGRESS_INTERVAL_MS) return;
        lastProgressAt = at;
        if (totalRows !== undefined) knownTotal = totalRows;
        await db.exportJob.update({
          where: { id: job.id },
          data: { processedRows, ...(totalRows !== undefined ? { totalRows } : {}) },
        });
      },
      warn: (warning) => {
        warnings.set(`${warning.code}\u0000${warning.message}`, warning);
      },
    });
    if (!out.writableEnded) out.end();
    await finished(out);
    await rename(tempPath, finalPath);
    const { size } = await stat(finalPath);
    const completedAt = now();
    await db.exportJob.update({
      where: { id: job.id },
      data: {
        status: "completed",
        processedRows: rows,
        totalRows: rows,
        fileName: exportFileName(job.kind, job.format, job.parameters as Record<string, unknown>, completedAt),
        storagePath,
        byteSize: size,
        warnings: [...warnings.values()] as unknown as Prisma.InputJsonArray,
        completedAt,
        expiresAt: new Date(completedAt.getTime() + EXPORT_LIFETIME_MS),
      },
    });
    return { rows };
  } catch (error) {
    // The file may still be opening: wait until it is closed, or the unlink would come first.
    if (!out.closed) await new Promise<void>((resolve) => out.destroy().once("close", () => resolve()));
    await unlink(tempPath).catch(() => undefined);
    const reason =
      error instanceof AppError ? error.message.replace(/\.$/, "") : "Something went wrong while building the file";
    await db.exportJob.update({
      where: { id: job.id },
      data: {
        status: "failed",
        error: `${reason}. Request the export again; if it keeps failing, contact support.`,
        warnings: [...warnings.values()] as unknown as Prisma.InputJsonArray,
      },
    });
    throw error;
  }
}
