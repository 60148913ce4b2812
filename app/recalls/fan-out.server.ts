// Turns a sent recall into recipients (one per affected customer) and notice messages, then
// queues one send job per chunk.
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";

export async function fanOutRecall(
  _db: Db,
  _input: JobPayload<"recalls.fan-out">,
  _deps: { enqueue: (payload: JobPayload<"recalls.send-chunk">) => Promise<unknown> },
): Promise<{ recipients: number; messages: number; chunks: number }> {
  throw new Error("fanOutRecall is not built yet");
}
