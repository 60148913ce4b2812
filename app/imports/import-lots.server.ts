// Imports the valid rows of a checked CSV of existing lots.
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";

export async function importLots(_db: Db, _payload: JobPayload<"lots.import">): Promise<unknown> {
  throw new Error("lots.import is not built yet");
}
