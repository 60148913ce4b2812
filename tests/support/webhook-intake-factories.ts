// Puts the app's own database or Redis out of reach for the code under test (never the
// machine's servers, which other tests use): the process-wide Prisma client or queues are
// swapped for ones pointed at a port nothing listens on, then restored.
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { connectDb } from "../../app/db.server";
import { env } from "../../app/env.server";
import { DEFAULT_JOB_OPTIONS, QUEUE_NAMES, type QueueName, queuePrefix } from "../../app/jobs/contract";
import { freePort } from "./processes";

const holder = globalThis as unknown as { __lotlineDb?: unknown; __lotlineQueues?: Map<QueueName, Queue> };

export async function withDatabaseUnreachable<T>(run: () => Promise<T>): Promise<T> {
  const unreachable = connectDb({ databaseUrl: `postgresql://postgres@127.0.0.1:${await freePort()}/lotline` });
  const real = holder.__lotlineDb;
  holder.__lotlineDb = unreachable;
  try {
    return await run();
  } finally {
    holder.__lotlineDb = real;
    await unreachable.client.$disconnect().catch(() => undefined);
    await unreachable.database.close().catch(() => undefined);
  }
}

export async function withRedisUnreachable<T>(run: () => Promise<T>): Promise<T> {
  const connection = new Redis(`redis://127.0.0.1:${await freePort()}`, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 500,
    retryStrategy: () => null,
  });
  connection.on("error", () => {});
  const queues = new Map(
    QUEUE_NAMES.map((name) => {
      const queue = new Queue(name, {
        connection,
        prefix: queuePrefix(env().QUEUE_PREFIX),
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      queue.on("error", () => {});
      return [name, queue] as const;
    }),
  );
  const real = holder.__lotlineQueues;
  holder.__lotlineQueues = queues;
  try {
    return await run();
  } finally {
    holder.__lotlineQueues = real;
    connection.disconnect();
  }
}
