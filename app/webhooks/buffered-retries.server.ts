// A delivery kept in Redis (`webhooks.record`) must not be given up when Postgres stays away
// longer than the job's retries last: each sweep puts those that ran out back in the queue,
// with fresh attempts, until the database takes them.
import type { Queue } from "bullmq";

export async function retryExhaustedRecordings(webhooks: Queue): Promise<number> {
  let retried = 0;
  // Retried jobs leave the failed set; only the others move the window on.
  let offset = 0;
  for (;;) {
    const page = await webhooks.getFailed(offset, offset + 999);
    if (!page.length) return retried;
    for (const job of page) {
      if (job.name === "webhooks.record") {
        await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
        retried += 1;
      } else {
        offset += 1;
      }
    }
  }
}
