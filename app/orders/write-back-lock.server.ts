// One write-back per order at a time. Jobs for two versions of one order can run at once on
// different workers; if their Shopify calls interleaved, an older job could add back a tag the
// newer one meant to drop. A short Redis lease keeps them apart; the loser is delayed, not failed.
import { randomUUID } from "node:crypto";
import { env } from "../env.server";
import { redisConnection } from "../redis.server";

/** Runs `work` holding the order's lease, or answers null at once when another job holds it. */
export type OrderLock = <T>(orderRefId: string, work: () => Promise<T>) => Promise<{ value: T } | null>;

// Longer than a write-back takes (two Shopify calls and a bounded wait); a crashed holder frees it.
const LEASE_MS = 30_000;

// Delete only our own lease: one that expired and was taken by another job stays theirs.
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export const redisOrderLock: OrderLock = async (orderRefId, work) => {
  // The workers' connection: it waits for Redis to come back rather than failing the job at once.
  const redis = redisConnection("worker");
  const key = `{${env().QUEUE_PREFIX}}:order-write-back-lease:${orderRefId}`;
  const token = randomUUID();
  const taken = await redis.set(key, token, "PX", LEASE_MS, "NX");
  if (taken !== "OK") return null;
  try {
    return { value: await work() };
  } finally {
    await redis.eval(RELEASE, 1, key, token).catch(() => {});
  }
};
