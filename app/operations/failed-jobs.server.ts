// The shop's failed background jobs. BullMQ keeps every shop's failures together, so this reads
// only the newest few hundred of each queue and keeps those whose payload names this shop; a
// retry re-reads the job and refuses one that is not this shop's.
import type { Job } from "bullmq";
import type { Db } from "../db.server";
import { QUEUE_NAMES, type QueueName } from "../jobs/contract";
import { getQueue } from "../jobs/queues.server";
import { AppError } from "../utils/errors";
import { titleJobs } from "./job-titles.server";
import { retryReceiptWriteBack } from "./receipt-write-backs.server";

/** Newest failed jobs read per queue: bounded, so one page load never walks every shop's failures. */
export const FAILED_JOBS_SCANNED_PER_QUEUE = 500;

export interface FailedJobView {
  queue: QueueName;
  jobId: string;
  title: string;
  reason: string;
  attempts: number;
  failedAt: string | null;
}

export async function listFailedJobs(
  db: Db,
  shopId: string,
  options: { timeZone: string; scanPerQueue?: number },
): Promise<FailedJobView[]> {
  const scan = options.scanPerQueue ?? FAILED_JOBS_SCANNED_PER_QUEUE;
  const perQueue = await Promise.all(
    QUEUE_NAMES.map(async (queue) => {
      const jobs = (await getQueue(queue).getFailed(0, scan - 1)) as Job[];
      return jobs.filter((job) => job?.id && job.data?.shopId === shopId).map((job) => ({ queue, job }));
    }),
  );
  const mine = perQueue.flat().sort((a, b) => (b.job.finishedOn ?? 0) - (a.job.finishedOn ?? 0));
  const titles = await titleJobs(
    db,
    shopId,
    mine.map(({ job }) => ({ name: job.name, data: job.data })),
    options.timeZone,
  );
  return mine.map(({ queue, job }, index) => ({
    queue,
    jobId: job.id as string,
    title: titles[index],
    reason: job.failedReason || "No reason was recorded.",
    attempts: job.attemptsMade,
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
  }));
}

export async function retryFailedJob(
  db: Db,
  input: { shopId: string; queue: string; jobId: string; actor: string },
): Promise<void> {
  const notFound = new AppError("NOT_FOUND", "This failed job does not exist in your shop.");
  if (!(QUEUE_NAMES as readonly string[]).includes(input.queue)) throw notFound;
  const job = (await getQueue(input.queue as QueueName).getJob(input.jobId)) as Job | undefined;
  if (!job || job.data?.shopId !== input.shopId) throw notFound;
  if ((await job.getState()) !== "failed") {
    throw new AppError("CONFLICT", "This job is no longer failed: it was retried or has finished.");
  }
  // A receipt that recorded the failure must be reset there too, or the job would find it failed and stop.
  if (job.name === "receipts.write-back") {
    const receiptId = String(job.data.receiptId);
    const receipt = await db.receipt.findFirst({
      where: { id: receiptId, shopId: input.shopId },
      select: { writeBackStatus: true },
    });
    if (receipt?.writeBackStatus === "failed") {
      await retryReceiptWriteBack(db, { shopId: input.shopId, receiptId, actor: input.actor });
      return;
    }
  }
  await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
  await db.auditEntry.create({
    data: {
      shopId: input.shopId,
      actor: input.actor,
      action: "job.retried",
      subjectType: "Job",
      subjectId: `${input.queue}:${input.jobId}`,
      details: { name: job.name, failedReason: job.failedReason ?? null },
    },
  });
}

/** Retries every failed job of the shop that the page would list; returns how many went back. */
export async function retryAllFailedJobs(db: Db, input: { shopId: string; actor: string }): Promise<number> {
  let retried = 0;
  for (const queue of QUEUE_NAMES) {
    const jobs = (await getQueue(queue).getFailed(0, FAILED_JOBS_SCANNED_PER_QUEUE - 1)) as Job[];
    for (const job of jobs) {
      if (!job?.id || job.data?.shopId !== input.shopId) continue;
      try {
        await retryFailedJob(db, { shopId: input.shopId, queue, jobId: job.id, actor: input.actor });
        retried += 1;
      } catch (error) {
        // Retried meanwhile by someone else, or its subject is gone: nothing left to do for it.
        if (!(error instanceof AppError && (error.kind === "CONFLICT" || error.kind === "NOT_FOUND"))) throw error;
      }
    }
  }
  return retried;
}
