// Sends the pending messages of one chunk of a recall, exactly once each.
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";
import type { Mailer } from "../mail/mailer.server";

export async function sendRecallChunk(
  _db: Db,
  _input: JobPayload<"recalls.send-chunk">,
  _deps: { mailer: Mailer; now?: () => Date },
): Promise<{ sent: number; failed: number }> {
  throw new Error("sendRecallChunk is not built yet");
}
