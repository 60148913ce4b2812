// Asking for an export, listing a shop's exports and handing out their download links. The
// file itself is built by a background job (run-export.server.ts): even a small export goes
// through the queue, so one path is tested and a large one never ties up a web request.
import { stat } from "node:fs/promises";
import type { Db, Prisma } from "../db.server";
import { env } from "../env.server";
import type { ExportJob } from "../generated/prisma/client.ts";
import type { JobName, JobPayload } from "../jobs/contract";
import { AppError } from "../utils/errors";
import { signToken, verifyToken } from "../utils/signed-token.server";
import { resolveExportFile } from "./export-files.server";
import { checkExportRequest } from "./export-request";

export type Enqueue = <N extends JobName>(name: N, payload: JobPayload<N>) => Promise<unknown>;

export const EXPORT_LIST_LIMIT = 50;

export async function requestExport(
  db: Db,
  input: { shopId: string; kind: string; format: string; parameters: Record<string, unknown>; actor: string },
  { enqueue }: { enqueue: Enqueue },
): Promise<ExportJob> {
  const checked = checkExportRequest(input);
  if (!checked.ok)
    throw new AppError("INVALID_DATA", "The export needs a few changes before it can start.", checked.fields);
  const job = await db.exportJob.create({
    data: {
      shopId: input.shopId,
      kind: checked.value.kind,
      format: checked.value.format,
      parameters: checked.value.parameters as Prisma.InputJsonObject,
      requestedBy: input.actor,
    },
  });
  await db.auditEntry.create({
    data: {
      shopId: input.shopId,
      actor: input.actor,
      action: "export.requested",
      subjectType: "ExportJob",
      subjectId: job.id,
      details: { kind: job.kind, format: job.format },
    },
  });
  await enqueue("exports.run", { shopId: input.shopId, exportJobId: job.id });
  return job;
}

/** The shop's most recent exports, newest first. */
export async function listExports(db: Db, shopId: string): Promise<ExportJob[]> {
  return db.exportJob.findMany({ where: { shopId }, orderBy: { createdAt: "desc" }, take: EXPORT_LIST_LIMIT });
}

export async function retrieveExport(db: Db, shopId: string, exportJobId: string): Promise<ExportJob> {
  const job = await db.exportJob.findFirst({ where: { id: exportJobId, shopId } });
  if (!job) throw new AppError("NOT_FOUND", "This export does not exist in your shop.");
  return job;
}

/** The signed link to a finished file, valid until the file is purged; null while none exists. */
export function exportDownloadUrl(
  job: Pick<ExportJob, "id" | "status" | "storagePath" | "expiresAt">,
  now: Date = new Date(),
): string | null {
  if (job.status !== "completed" || !job.storagePath || !job.expiresAt || job.expiresAt <= now) return null;
  const token = signToken("export-download", job.id, job.expiresAt);
  return new URL(`/exports/download/${token}`, env().SHOPIFY_APP_URL).toString();
}

export type ExportDownload =
  | { state: "ok"; filePath: string; fileName: string; byteSize: number; format: ExportJob["format"] }
  | { state: "invalid" | "expired" };

/**
 * Checks a download link. The token names the job and carries its expiry; the job row is
 * checked too, because a purged file is gone even if a link was somehow still in date.
 */
export async function retrieveExportDownload(
  db: Db,
  token: string,
  options: { now?: Date; dataDir?: string } = {},
): Promise<ExportDownload> {
  const now = options.now ?? new Date();
  const check = verifyToken("export-download", token, now);
  if (!check.ok) return { state: check.reason };
  const job = await db.exportJob.findUnique({ where: { id: check.subject } }).catch(() => null);
  if (job?.status !== "completed" || !job.fileName) return { state: "invalid" };
  if (!job.storagePath || !job.expiresAt || job.expiresAt <= now) return { state: "expired" };
  const filePath = resolveExportFile(job.storagePath, options.dataDir);
  const file = await stat(filePath).catch(() => null);
  if (!file) return { state: "expired" };
  return { state: "ok", filePath, fileName: job.fileName, byteSize: file.size, format: job.format };
}
