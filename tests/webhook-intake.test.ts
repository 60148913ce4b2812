// POST /webhooks against a real database and Redis: what Shopify sees (status codes) and
// what Lotline keeps (inbox rows, queued jobs, shop state).
import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { getQueue } from "../app/jobs/queues.server";
import { action } from "../app/routes/webhooks";
import { createOfflineSession, createShop } from "./support/factories";
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
    const status = await deliver(
      signedWebhookRequest({ topic: "orders/create", shop: shop.domain, webhookId, body: { id: 820982911946154500 } }),
    );

    expect(status).toBe(200);
    const events = await db().webhookEvent.findMany();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      shopId: shop.id,
      webhookId,
      topic: "orders/create",
      apiVersion: "2026-10",
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
