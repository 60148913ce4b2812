// Starts one BullMQ worker per queue, wires logging and failure classification, registers
// the recurring maintenance jobs, and closes everything within a deadline on shutdown.
import { DelayedError, type Job, UnrecoverableError, Worker } from "bullmq";
import { env } from "../app/env.server";
import { isJobName, parsePayload, QUEUE_NAMES, queuePrefix } from "../app/jobs/contract";
import { getQueue } from "../app/jobs/queues.server";
import { redisConnection } from "../app/redis.server";
import { RetryLaterError } from "../app/shopify/rate-limited-admin.server";
import { isPermanent } from "../app/utils/errors";
import { jobLogger, logger } from "../app/utils/logger.server";
import { settleWithin } from "../app/utils/settle";
import { PROCESSORS } from "./processors";

export interface RunningWorkers {
  workers: Worker[];
  /** Lets running jobs finish until the deadline, then stops; never throws. */
  close(deadlineMs?: number): Promise<void>;
}

async function runJob(job: Job, token?: string): Promise<unknown> {
  const log = jobLogger(job);
  if (!isJobName(job.name))
    throw new UnrecoverableError(`Unknown job "${job.name}": no processor is registered for it.`);
  let payload: ReturnType<typeof parsePayload>;
  try {
    payload = parsePayload(job.name, job.data);
  } catch (error) {
    throw new UnrecoverableError(`Invalid payload for ${job.name}: ${(error as Error).message}`);
  }
  const started = Date.now();
  try {
    const result = await (PROCESSORS[job.name] as (p: unknown) => Promise<unknown>)(payload);
    log.info({ ms: Date.now() - started, attempt: job.attemptsMade + 1 }, "job done");
    return result;
  } catch (error) {
    // Asked to wait (Shopify's rate limit, or recall messages a mail server deferred): run again
    // later without spending one of the job's attempts (waiting is not a failure).
    if (error instanceof RetryLaterError && token) {
      log.info({ delayMs: error.delayMs, reason: error.message }, "job delayed: asked to wait");
      await job.moveToDelayed(Date.now() + error.delayMs, token);
      throw new DelayedError();
    }
    // Retrying cannot fix bad data or a missing record: fail now, visibly.
    if (isPermanent(error)) throw new UnrecoverableError((error as Error).message);
    throw error;
  }
}

export async function startWorkers(options: { concurrency?: number } = {}): Promise<RunningWorkers> {
  const config = env();
  const workers = QUEUE_NAMES.map((name) => {
    const worker = new Worker(name, runJob, {
      connection: redisConnection("worker"),
      prefix: queuePrefix(config.QUEUE_PREFIX),
      concurrency:
        options.concurrency ?? (name === "webhooks" ? config.WEBHOOK_CONCURRENCY : config.WORKER_CONCURRENCY),
    });
    worker.on("failed", (job, error) => {
      if (job) jobLogger(job).warn({ err: error, attempt: job.attemptsMade }, "job failed");
    });
    worker.on("error", (error) => logger.error({ err: error, queue: name }, "worker error"));
    return worker;
  });
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  await scheduleMaintenance();
  const scheduleCheck = setInterval(() => void restoreLostSchedule(), SCHEDULE_CHECK_MS);
  scheduleCheck.unref();
  logger.info({ queues: QUEUE_NAMES }, "workers started");

  return {
    workers,
    close: async (deadlineMs = config.SHUTDOWN_TIMEOUT_MS) => {
      clearInterval(scheduleCheck);
      if (await settleWithin(Promise.all(workers.map((worker) => worker.close())), deadlineMs)) return;
      logger.warn({ deadlineMs }, "jobs still running at the shutdown deadline; they will be retried");
      await settleWithin(Promise.all(workers.map((worker) => worker.close(true))), 1_000);
    },
  };
}

// The schedules live in Redis with the queues: a Redis that restarts without persistence (or fails
// over to a replica that was behind) forgets them, and no sweep would run again until a worker
// restarts. Each worker checks now and then and puts them back.
const SCHEDULE_CHECK_MS = 30_000;

async function restoreLostSchedule(): Promise<void> {
  try {
    if (await getQueue("maintenance").getJobScheduler("sweep-webhooks")) return;
    await scheduleMaintenance();
    logger.warn("the maintenance schedule was missing from Redis; restored");
  } catch (error) {
    logger.warn({ err: error }, "could not check the maintenance schedule; will try again");
  }
}

async function scheduleMaintenance(): Promise<void> {
  // Idempotent: upserting a scheduler with the same id replaces it.
  await getQueue("maintenance").upsertJobScheduler(
    "sweep-webhooks",
    { every: 60_000 },
    { name: "maintenance.sweep-webhooks", data: { olderThanSeconds: 30 } },
  );
  await getQueue("maintenance").upsertJobScheduler(
    "sweep-write-backs",
    { every: 60_000 },
    { name: "maintenance.sweep-write-backs", data: { olderThanSeconds: 30 } },
  );
  // Orders: a version not written a minute after it was made lost its enqueue; queue it again.
  await getQueue("maintenance").upsertJobScheduler(
    "sweep-order-write-backs",
    { every: 60_000 },
    { name: "maintenance.sweep-order-write-backs", data: { olderThanSeconds: 60 } },
  );
  // Expiry: hourly rather than once at midnight UTC, because each shop's "today" turns at its own
  // midnight; a lot is marked within the hour after it, and a run that finds nothing is cheap.
  await getQueue("maintenance").upsertJobScheduler(
    "expire-lots",
    { pattern: "5 * * * *" },
    { name: "maintenance.expire-lots", data: {} },
  );
  // Order reconciliation: on the quarter hours, matching the `orders.reconcile` slot ids.
  await getQueue("maintenance").upsertJobScheduler(
    "reconcile-orders",
    { pattern: "*/15 * * * *" },
    { name: "maintenance.reconcile-orders", data: {} },
  );
  // Recall follow-ups: reminders fall due by the day, and sends whose job gave up are picked up
  // again; every 10 minutes keeps the second prompt.
  await getQueue("maintenance").upsertJobScheduler(
    "recall-reminders",
    { pattern: "*/10 * * * *" },
    { name: "maintenance.recall-reminders", data: {} },
  );
  await getQueue("maintenance").upsertJobScheduler(
    "purge-exports",
    { pattern: "40 3 * * *" },
    { name: "maintenance.purge-exports", data: {} },
  );
}
