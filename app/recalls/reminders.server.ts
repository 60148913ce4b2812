// Follow-ups: reminder messages to recipients who have not acknowledged after N days, at most M times.
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";

export async function queueRecallReminders(
  _db: Db,
  _deps: { enqueue: (payload: JobPayload<"recalls.send-chunk">) => Promise<unknown>; now?: Date },
): Promise<{ reminders: number }> {
  throw new Error("queueRecallReminders is not built yet");
}
