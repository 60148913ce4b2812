// POST /webhooks against a real database and Redis: what Shopify sees (status codes) and
// what Lotline keeps (inbox rows, queued jobs, shop state).
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { enqueue, getQueue } from "../app/jobs/queues.server";
import { action } from "../app/routes/webhooks";
import { flushEnqueuedMarks } from "../app/webhooks/enqueued-marks.server";
import { webhookHandler } from "../app/webhooks/express-webhook-handler.server";
import { SUBSCRIBED_TOPICS } from "../app/webhooks/subscribed-topics";
import { readAppConfig } from "../simulator/server/app-config";
import { startWorkers } from "../workers/runtime";
import { createOfflineSession, createShop } from "./support/factories";
import { withDatabaseUnreachable, withRedisUnreachable } from "./support/webhook-intake-factories";
import { signedWebhookRequest } from "./support/webhooks";

async function deliver(request: Request): Promise<number> {
  try {
    const response = await action({ request, params: {}, context: {} });
    return response.status;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

const queue = () => getQueue("webhooks");

beforeEach(async () => {
  await queue().obliterate({ force: true });
  await db().shop.deleteMany();
  await db().session.deleteMany();
});

afterAll(async () => {
  await queue().obliterate({ force: true });
});

describe("POST /webhooks", () => {
  it("records a signed delivery with its headers and queues exactly one job for it", async () => {
    const shop = await createShop(db());
    const webhookId = randomUUID();
    const request = signedWebhookRequest({
      topic: "orders/create",
      shop: shop.domain,
      webhookId,
      body: { id: 820982911946154500 },
    });
    const headers = Object.fromEntries(request.headers);
    const status = await deliver(request);

    expect(status).toBe(200);
    // "enqueued" is written off the request path, within milliseconds.
    await flushEnqueuedMarks(db());
    const events = await db().webhookEvent.findMany();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      shopId: shop.id,
      webhookId,
      topic: "orders/create",
      apiVersion: "2026-10",
      eventId: headers["x-shopify-event-id"],
      triggeredAt: new Date(headers["x-shopify-triggered-at"]),
      status: "enqueued",
    });
    // The raw body is kept byte for byte: large ids must not be rounded by a JSON round trip.
    expect(events[0].body).toBe('{"id":820982911946154500}');
    const jobs = await queue().getJobs(["waiting", "delayed", "active"]);
    expect(jobs.map((job) => job.data)).toEqual([{ shopId: shop.id, webhookEventId: events[0].id }]);
  });

  it("answers a duplicate delivery with 200 and has no second effect", async () => {
    const shop = await createShop(db());
    const webhookId = randomUUID();
    for (let i = 0; i < 5; i += 1) {
      expect(await deliver(signedWebhookRequest({ topic: "orders/updated", shop: shop.domain, webhookId }))).toBe(200);
    }
    expect(await db().webhookEvent.count()).toBe(1);
    expect(await queue().getJobCounts("waiting", "delayed")).toEqual({ waiting: 1, delayed: 0 });
  });

  it("rejects a forged signature with 401 and records nothing, compliance topics included", async () => {
    const shop = await createShop(db());
    for (const topic of ["orders/create", "customers/redact", "shop/redact"]) {
      expect(await deliver(signedWebhookRequest({ topic, shop: shop.domain, secret: "not-the-app-secret" }))).toBe(401);
      expect(await deliver(signedWebhookRequest({ topic, shop: shop.domain, hmac: null }))).toBe(401);
    }
    expect(await db().webhookEvent.count()).toBe(0);
    expect(await db().shop.count()).toBe(1);
  });

  it("rejects a body over the size limit with 413 before reading it as a webhook", async () => {
    const shop = await createShop(db());
    const huge = "x".repeat(3 * 1024 * 1024);
    expect(await deliver(signedWebhookRequest({ topic: "orders/create", shop: shop.domain, rawBody: huge }))).toBe(413);
    expect(await db().webhookEvent.count()).toBe(0);
  });

  it("acknowledges but ignores a delivery for a shop Lotline does not know", async () => {
    expect(await deliver(signedWebhookRequest({ topic: "orders/create", shop: "stranger.myshopify.com" }))).toBe(200);
    expect(await db().webhookEvent.count()).toBe(0);
    expect(await db().shop.count()).toBe(0);
  });

  it("ignores orders from an uninstalled shop but still takes its privacy requests", async () => {
    const shop = await createShop(db(), { uninstalledAt: new Date() });
    expect(await deliver(signedWebhookRequest({ topic: "orders/create", shop: shop.domain }))).toBe(200);
    expect(await db().webhookEvent.count()).toBe(0);

    expect(await deliver(signedWebhookRequest({ topic: "shop/redact", shop: shop.domain }))).toBe(200);
    expect(await db().webhookEvent.findMany({ select: { topic: true } })).toEqual([{ topic: "shop/redact" }]);
  });

  it("app/uninstalled removes the shop's sessions and stops it at once", async () => {
    const shop = await createShop(db());
    await createOfflineSession(db(), shop.domain);
    expect(await deliver(signedWebhookRequest({ topic: "app/uninstalled", shop: shop.domain }))).toBe(200);

    expect(await db().session.count({ where: { shop: shop.domain } })).toBe(0);
    const after = await db().shop.findUniqueOrThrow({ where: { id: shop.id } });
    expect(after.uninstalledAt).toBeInstanceOf(Date);
    // Later deliveries for it change nothing.
    expect(await deliver(signedWebhookRequest({ topic: "orders/create", shop: shop.domain }))).toBe(200);
    expect(await db().webhookEvent.count({ where: { topic: "orders/create" } })).toBe(0);
  });
});

describe("POST /webhooks under concurrent deliveries", () => {
  it("records each of many simultaneous deliveries once, whatever else arrives with it", async () => {
    const shop = await createShop(db());
    const uninstalled = await createShop(db(), { uninstalledAt: new Date() });
    const ids = Array.from({ length: 20 }, () => randomUUID());
    // Each body names its delivery, with quotes and backslashes a driver must carry intact.
    const bodyOf = (webhookId: string) => ({ webhookId, note: 'Lot "B\\12" — 🧼' });
    const delivery = (webhookId: string) =>
      signedWebhookRequest({ topic: "orders/create", shop: shop.domain, webhookId, body: bodyOf(webhookId) });
    const requests = [
      ...ids.map(delivery),
      // Shopify's duplicates, arriving alongside the originals.
      ...ids.slice(0, 10).map(delivery),
      ...Array.from({ length: 5 }, () =>
        signedWebhookRequest({ topic: "orders/create", shop: "stranger.myshopify.com" }),
      ),
      ...Array.from({ length: 5 }, () => signedWebhookRequest({ topic: "orders/create", shop: uninstalled.domain })),
    ];
    const statuses = await Promise.all(requests.map(deliver));
    expect(statuses.every((status) => status === 200)).toBe(true);

    const events = await db().webhookEvent.findMany({ select: { webhookId: true, shopId: true, body: true } });
    expect(events.map((event) => event.webhookId).sort()).toEqual([...ids].sort());
    // Recorded in batches, every delivery keeps its own body, byte for byte.
    for (const event of events) {
      expect(event.body).toBe(JSON.stringify(bodyOf(event.webhookId)));
    }
    expect(new Set(events.map((event) => event.shopId))).toEqual(new Set([shop.id]));
    expect(await queue().getJobCounts("waiting")).toEqual({ waiting: 20 });
  });
});

describe("POST /webhooks with bad input", () => {
  it("answers a signed body that is not JSON with 400 naming the problem, and records nothing", async () => {
    const shop = await createShop(db());
    const request = signedWebhookRequest({ topic: "orders/create", shop: shop.domain, rawBody: '{"id": 1,' });
    const response = await action({ request, params: {}, context: {} });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/not a JSON object/);
    expect(await db().webhookEvent.count()).toBe(0);
    expect(await queue().count()).toBe(0);
  });

  it("answers a signed delivery without its webhook id with 400 naming the header", async () => {
    const shop = await createShop(db());
    const request = signedWebhookRequest({ topic: "orders/create", shop: shop.domain });
    request.headers.delete("X-Shopify-Webhook-Id");
    const response = await action({ request, params: {}, context: {} });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/X-Shopify-Webhook-Id is missing/);
    expect(await db().webhookEvent.count()).toBe(0);
  });

  it("acknowledges a topic Lotline does not subscribe to and keeps nothing of it", async () => {
    const shop = await createShop(db());
    expect(await deliver(signedWebhookRequest({ topic: "carts/update", shop: shop.domain }))).toBe(200);
    expect(await db().webhookEvent.count()).toBe(0);
    expect(await queue().count()).toBe(0);
  });

  it("accepts exactly the topics shopify.app.toml subscribes to", () => {
    expect([...SUBSCRIBED_TOPICS].sort()).toEqual([...readAppConfig().webhookTopics].sort());
  });
});

describe("POST /webhooks when a store is down", () => {
  it("keeps a delivery in Redis while Postgres is unreachable, and a worker records and processes it once it is back", async () => {
    const shop = await createShop(db());
    await createOfflineSession(db(), shop.domain);
    const webhookId = randomUUID();
    const body = { previous: ["read_orders"], current: ["read_orders", "write_orders"] };
    const status = await withDatabaseUnreachable(() =>
      deliver(signedWebhookRequest({ topic: "app/scopes_update", shop: shop.domain, webhookId, body })),
    );
    expect(status).toBe(200);
    expect(await db().webhookEvent.count()).toBe(0);
    const [buffered] = await queue().getJobs(["waiting"]);
    expect(buffered.name).toBe("webhooks.record");
    expect(buffered.data).toMatchObject({ shopDomain: shop.domain, topic: "app/scopes_update", webhookId });
    expect(buffered.data.body).toBe(JSON.stringify(body));

    // Shopify retries while the database is still away: the same delivery is kept once.
    const retried = await withDatabaseUnreachable(() =>
      deliver(signedWebhookRequest({ topic: "app/scopes_update", shop: shop.domain, webhookId, body })),
    );
    expect(retried).toBe(200);
    expect(await queue().getJobCounts("waiting")).toEqual({ waiting: 1 });

    const workers = await startWorkers({ concurrency: 2 });
    try {
      const event = await eventually(
        () => db().webhookEvent.findFirst({ where: { webhookId } }),
        (row) => row?.status === "processed",
      );
      expect(event).toMatchObject({ shopId: shop.id, topic: "app/scopes_update", apiVersion: "2026-10" });
      expect(event?.body).toBe(JSON.stringify(body));
      expect((await db().session.findFirstOrThrow({ where: { shop: shop.domain } })).scope).toBe(
        "read_orders,write_orders",
      );
    } finally {
      await workers.close(5_000);
    }
    // A late redelivery after it was recorded has no second effect.
    expect(
      await deliver(signedWebhookRequest({ topic: "app/scopes_update", shop: shop.domain, webhookId, body })),
    ).toBe(200);
    expect(await db().webhookEvent.count({ where: { webhookId } })).toBe(1);
  });

  it("does not give up a delivery kept in Redis when Postgres stays away longer than its retries", async () => {
    const shop = await createShop(db());
    const webhookId = randomUUID();
    const buffered = {
      shopDomain: shop.domain,
      topic: "app/uninstalled",
      webhookId,
      eventId: null,
      apiVersion: "2026-10",
      triggeredAt: null,
      body: '{"id":1}',
    };
    // One attempt, so the outage outlasts it at once.
    const job = await queue().add("webhooks.record", buffered, { jobId: `webhook-record-${webhookId}`, attempts: 1 });
    await withDatabaseUnreachable(async () => {
      const workers = await startWorkers({ concurrency: 1 });
      try {
        await eventually(
          () => job.getState(),
          (state) => state === "failed",
        );
      } finally {
        await workers.close(5_000);
      }
    });
    expect(await job.getState()).toBe("failed");

    const workers = await startWorkers({ concurrency: 2 });
    try {
      await enqueue("maintenance.sweep-webhooks", { olderThanSeconds: 3600 });
      const event = await eventually(
        () => db().webhookEvent.findFirst({ where: { webhookId } }),
        (row) => row?.status === "processed",
      );
      expect(event).toMatchObject({ shopId: shop.id, topic: "app/uninstalled", body: '{"id":1}' });
      expect((await db().shop.findUniqueOrThrow({ where: { id: shop.id } })).uninstalledAt).toBeInstanceOf(Date);
    } finally {
      await workers.close(5_000);
      await getQueue("maintenance").obliterate({ force: true });
    }
  });

  it("records a delivery in Postgres with 200 while Redis is unreachable, for the sweeper to queue", async () => {
    const shop = await createShop(db());
    const status = await withRedisUnreachable(() =>
      deliver(signedWebhookRequest({ topic: "orders/create", shop: shop.domain })),
    );
    expect(status).toBe(200);
    expect(await db().webhookEvent.findMany({ select: { status: true } })).toEqual([{ status: "received" }]);
  });

  it("answers 503 and keeps nothing when neither Postgres nor Redis can take the delivery", async () => {
    const shop = await createShop(db());
    const request = signedWebhookRequest({ topic: "orders/create", shop: shop.domain });
    const response = await withDatabaseUnreachable(() =>
      withRedisUnreachable(() => action({ request, params: {}, context: {} })),
    );
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/Shopify will retry/);
    expect(await db().webhookEvent.count()).toBe(0);
    expect(await queue().count()).toBe(0);
  });
});

describe("POST /webhooks at the express level (the path server.ts serves)", () => {
  async function withExpressIntake<T>(use: (url: string) => Promise<T>): Promise<T> {
    const app = express();
    app.post("/webhooks", webhookHandler);
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }

  async function post(url: string, request: Request): Promise<Response> {
    return fetch(url, { method: "POST", headers: request.headers, body: await request.text() });
  }

  it("records and queues a signed delivery, and refuses forged, oversized and malformed ones", async () => {
    const shop = await createShop(db());
    await withExpressIntake(async (url) => {
      const webhookId = randomUUID();
      const good = await post(url, signedWebhookRequest({ topic: "orders/create", shop: shop.domain, webhookId }));
      expect(good.status).toBe(200);
      const forged = await post(url, signedWebhookRequest({ topic: "orders/create", shop: shop.domain, secret: "x" }));
      expect(forged.status).toBe(401);
      const huge = "x".repeat(3 * 1024 * 1024);
      const oversized = await post(
        url,
        signedWebhookRequest({ topic: "orders/create", shop: shop.domain, rawBody: huge }),
      );
      expect(oversized.status).toBe(413);
      const malformed = await post(
        url,
        signedWebhookRequest({ topic: "orders/create", shop: shop.domain, rawBody: "[" }),
      );
      expect(malformed.status).toBe(400);

      await flushEnqueuedMarks(db());
      expect(await db().webhookEvent.findMany({ select: { webhookId: true, status: true } })).toEqual([
        { webhookId, status: "enqueued" },
      ]);
      expect(await queue().count()).toBe(1);
    });
  });
});

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
