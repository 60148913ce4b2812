// Puts one job from the contract back on its queue, whatever became of its previous run: a
// deterministic job id means a plain enqueue is a no-op while the old failed or completed job
// is still kept, so that one is retried (failed) or replaced (completed) instead.
import { JOBS, type JobName, type JobPayload } from "../jobs/contract";
import { enqueue, getQueue } from "../jobs/queues.server";

export type RequeueOutcome = "retried" | "queued" | "already-queued";

export async function requeueJob<N extends JobName>(name: N, payload: JobPayload<N>): Promise<RequeueOutcome> {
  const definition = JOBS[name];
  const jobId = definition.jobId(definition.payload.parse(payload) as never);
  const previous = jobId ? await getQueue(definition.queue).getJob(jobId) : undefined;
  if (previous) {
    const state = await previous.getState();
    if (state === "failed") {
      await previous.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
      return "retried";
    }
    if (state !== "completed" && state !== "unknown") return "already-queued";
    await previous.remove();
  }
  await enqueue(name, payload);
  return "queued";
}
