// Where export files live: `${DATA_DIR}/exports/<shopId>/<exportJobId>.<ext>`. The job row
// stores the path relative to `${DATA_DIR}/exports`, so moving DATA_DIR moves nothing else.
import path from "node:path";
import { env } from "../env.server";
import type { ExportFormat } from "../generated/prisma/client.ts";
import { EXPORT_EXTENSIONS } from "./export-request";

export const EXPORT_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export function exportsRoot(dataDir: string = env().DATA_DIR): string {
  return path.resolve(dataDir, "exports");
}

export function exportStoragePath(job: { shopId: string; id: string; format: ExportFormat }): string {
  return `${job.shopId}/${job.id}.${EXPORT_EXTENSIONS[job.format]}`;
}

/** The absolute path of a stored file; refuses a stored path that would leave the exports folder. */
export function resolveExportFile(storagePath: string, dataDir?: string): string {
  const root = exportsRoot(dataDir);
  const absolute = path.resolve(root, storagePath);
  if (!absolute.startsWith(`${root}${path.sep}`)) throw new Error(`Export path outside ${root}: ${storagePath}`);
  return absolute;
}
