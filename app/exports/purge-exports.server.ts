// Export files live 7 days; this removes the ones past it.
import type { Db } from "../db.server";

export async function purgeExpiredExports(_db: Db, _now: Date = new Date()): Promise<{ purged: number }> {
  throw new Error("purgeExpiredExports is not built yet");
}
