// Workers against real Redis and Postgres: jobs from the contract run once, bad payloads
// fail at once instead of retrying, stranded inbox rows are swept back into the queue.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { env } from "../app/env.server";
import { QUEUE_NAMES } from "../app/jobs/contract";
import { enqueue, getQueue } from "../app/jobs/queues.server";
import { redisConnection } from "../app/redis.server";
import { receiveWebhook } from "../app/webhooks/intake.server";
import { type RunningWorkers, startWorkers } from "../workers/runtime";
import { createOfflineSession, createShop } from "./support/factories";

let running: RunningWorkers;

beforeAll(async () => {
  for (const name of ["webhooks", "maintenance"] as const) await getQueue(name).obliterate({ force: true });
  running = await startWorkers({ concurrency: 2 });
});

afterAll(async () => {
  await running.close(5_000);
  for (const name of ["webhooks", "maintenance"] as const) await getQueue(name).obliterate({ force: true });
});

beforeEach(async () => {
  await db().shop.deleteMany();
});

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("workers", () => {
  it("process a recorded webhook once: app/scopes_update updates the shop's granted scopes", async () => {
    const shop = await createShop(db());
    await createOfflineSession(db(), shop.domain);
    await receiveWebhook(db(), (payload) => enqueue("webhooks.process", payload), {
      shopDomain: shop.domain,
      topic: "app/scopes_update",
      webhookId: randomUUID(),
      body: JSON.stringify({ previous: ["read_orders"], current: ["read_orders", "write_orders"] }),
    });

    const event = await eventually(
      () => db().webhookEvent.findFirstOrThrow({ where: { shopId: shop.id } }),
      (row) => row.status === "processed",
    );
    expect(event).toMatchObject({ status: "processed", attempts: 1 });
    expect((await db().session.findFirstOrThrow({ where: { shop: shop.domain } })).scope).toBe(
      "read_orders,write_orders",
    );
  });

  it("fail a job with an invalid payload at once, without retries", async () => {
    const job = await getQueue("webhooks").add("webhooks.process", { shopId: "not-a-uuid", webhookEventId: 7 });
    const failed = await eventually(
      () => getQueue("webhooks").getJob(job.id!),
      (current) => Boolean(current?.failedReason),
    );
    expect(failed?.failedReason).toMatch(/Invalid payload for webhooks\.process/);
    expect(failed?.attemptsMade).toBe(1);
  });

  it("sweep a delivery that was recorded while Redis was away back into the queue", async () => {
    const shop = await createShop(db());
    // Recorded, but the enqueue failed: the row stays "received".
    await receiveWebhook(
      db(),
      async () => {
        throw new Error("Redis unavailable");
      },
      { shopDomain: shop.domain, topic: "shop/redact", webhookId: randomUUID(), body: "{}" },
    );
    expect(await db().webhookEvent.count({ where: { status: "received" } })).toBe(1);

    await enqueue("maintenance.sweep-webhooks", { olderThanSeconds: 0 });
    // shop/redact removes the shop and with it every row it owned.
    const remaining = await eventually(
      () => db().shop.count({ where: { id: shop.id } }),
      (count) => count === 0,
    );
    expect(remaining).toBe(0);
  });

  it("keep every queue under one Redis Cluster hash tag", async () => {
    await enqueue("maintenance.sweep-webhooks", { olderThanSeconds: 3600 });
    // Queue keys only: rate-limit counters share the prefix but need no common slot.
    const keys = (await redisConnection("producer").keys(`*${env().QUEUE_PREFIX}*`)).filter((key) =>
      QUEUE_NAMES.some((queue) => key.includes(`:${queue}:`)),
    );
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key.startsWith(`{${env().QUEUE_PREFIX}}:`)).toBe(true);
  });
});
