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

/** The payload checked against the contract, and the queue and deterministic id it goes under. */
function jobOf<N extends JobName>(name: N, payload: JobPayload<N>) {
  const definition = JOBS[name];
  const data = definition.payload.parse(payload);
  return { queue: getQueue(definition.queue), data, jobId: definition.jobId(data as never) };
}

/** Validates the payload against the contract and adds the job under its deterministic id. */
export async function enqueue<N extends JobName>(
  name: N,
  payload: JobPayload<N>,
  options: { delayMs?: number; deduplication?: { id: string; ttlMs: number } } = {},
) {
  const { queue, data, jobId } = jobOf(name, payload);
  return queue.add(name, data, {
    jobId,
    delay: options.delayMs,
    // A burst of triggers for one key within the ttl becomes one job (which reads current state).
    deduplication: options.deduplication && { id: options.deduplication.id, ttl: options.deduplication.ttlMs },
  });
}

/** Several jobs of one kind in one round trip to Redis (each under its deterministic id). */
export async function enqueueMany<N extends JobName>(name: N, payloads: JobPayload<N>[]) {
  if (payloads.length === 0) return [];
  const jobs = payloads.map((payload) => jobOf(name, payload));
  return jobs[0].queue.addBulk(jobs.map(({ data, jobId }) => ({ name, data, opts: { jobId } })));
}

export async function closeQueues(): Promise<void> {
  const queues = holder.__lotlineQueues;
  holder.__lotlineQueues = undefined;
  if (queues) await Promise.all([...queues.values()].map((queue) => queue.close()));
}
