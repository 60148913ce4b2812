// Export files live 7 days; this removes the ones past it. The job row stays (the merchant
// sees the export existed and expired) but loses its file path, so its link answers "expired".
import { unlink } from "node:fs/promises";
import type { Db } from "../db.server";
import { env } from "../env.server";
import { resolveExportFile } from "./export-files.server";

export async function purgeExpiredExports(
  db: Db,
  now: Date = new Date(),
  options: { dataDir?: string } = {},
): Promise<{ purged: number }> {
  const expired = await db.exportJob.findMany({
    where: { expiresAt: { lte: now }, storagePath: { not: null } },
    select: { id: true, storagePath: true },
  });
  for (const job of expired) {
    // Already gone (a manual clean-up, a lost disk) is as good as deleted.
    await unlink(resolveExportFile(job.storagePath!, options.dataDir ?? env().DATA_DIR)).catch((error) => {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    });
    await db.exportJob.update({ where: { id: job.id }, data: { storagePath: null } });
  }
  return { purged: expired.length };
}
