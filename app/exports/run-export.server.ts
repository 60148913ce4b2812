// Runs one export job: streams rows from the database into a stored file, reporting progress.
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";

export async function runExport(_db: Db, _input: JobPayload<"exports.run">): Promise<{ rows: number }> {
  throw new Error("runExport is not built yet");
}
