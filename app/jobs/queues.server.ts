// Queues (producers), created once per process, and the one typed way to enqueue.
import { Queue } from "bullmq";
import { env } from "../env.server";
import { redisConnection } from "../redis.server";
import { DEFAULT_JOB_OPTIONS, JOBS, type JobName, type JobPayload, type QueueName, queuePrefix } from "./contract";

const holder = globalThis as unknown as { __lotlineQueues?: Map<QueueName, Queue> };

export function getQueue(name: QueueName): Queue {
  holder.__lotlineQueues ??= new Map();
  let queue = holder.__lotlineQueues.get(name);
  if (!queue) {
    queue = new Queue(name, {
      connection: redisConnection("producer"),
      prefix: queuePrefix(env().QUEUE_PREFIX),
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
    queue.on("error", () => {});
    holder.__lotlineQueues.set(name, queue);
  }
  return queue;
}

/** Validates the payload against the contract and adds the job under its deterministic id. */
export async function enqueue<N extends JobName>(
  name: N,
  payload: JobPayload<N>,
  options: { delayMs?: number; deduplication?: { id: string; ttlMs: number } } = {},
) {
  const definition = JOBS[name];
  const data = definition.payload.parse(payload);
  return getQueue(definition.queue).add(name, data, {
    jobId: definition.jobId(data as never),
    delay: options.delayMs,
    // A burst of triggers for one key within the ttl becomes one job (which reads current state).
    deduplication: options.deduplication && { id: options.deduplication.id, ttl: options.deduplication.ttlMs },
  });
}

/** Several jobs of one kind in one round trip to Redis (each under its deterministic id). */
export async function enqueueMany<N extends JobName>(name: N, payloads: JobPayload<N>[]) {
  if (payloads.length === 0) return [];
  const definition = JOBS[name];
  return getQueue(definition.queue).addBulk(
    payloads.map((payload) => {
      const data = definition.payload.parse(payload);
      return { name, data, opts: { jobId: definition.jobId(data as never) } };
    }),
  );
}

export async function closeQueues(): Promise<void> {
  const queues = holder.__lotlineQueues;
  holder.__lotlineQueues = undefined;
  if (queues) await Promise.all([...queues.values()].map((queue) => queue.close()));
}
