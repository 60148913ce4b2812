import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createWebhookDelivery, type WebhookDelivery, type WebhookDeliveryOptions } from "./delivery";
import { type RecordingReceiver, startRecordingReceiver } from "./recording-receiver";

const SECRET = "app-secret";
const FAST_RETRIES = [20, 20, 20];
let receiver: RecordingReceiver;
let delivery: WebhookDelivery;

function start(options: Partial<WebhookDeliveryOptions> = {}) {
  delivery = createWebhookDelivery({
    url: receiver.url,
    apiSecret: SECRET,
    apiVersion: "2026-10",
    retryDelaysMs: FAST_RETRIES,
    ...options,
  });
  return delivery;
}

const order = (id: number) => ({ shop: "acme.myshopify.com", topic: "orders/create", body: { id } });
const idsReceived = () => receiver.received.map((request) => JSON.parse(request.body).id);

beforeEach(async () => {
  receiver = await startRecordingReceiver();
});

afterEach(async () => {
  delivery?.close();
  await receiver.close();
});

describe("webhook delivery", () => {
  it("posts the body with Shopify's headers and an HMAC of the exact bytes", async () => {
    start().send({ ...order(1), body: { id: 1, note: "Größe XL ✓" }, triggeredAt: "2026-03-01T09:00:00Z" });
    await delivery.idle();

    const [request] = receiver.received;
    // The HMAC covers the UTF-8 bytes, multi-byte characters included.
    expect(request.body).toBe('{"id":1,"note":"Größe XL ✓"}');
    expect(request.headers["x-shopify-hmac-sha256"]).toBe(
      createHmac("sha256", SECRET).update(request.body, "utf8").digest("base64"),
    );
    expect(request.headers).toMatchObject({
      "content-type": "application/json",
      "x-shopify-topic": "orders/create",
      "x-shopify-shop-domain": "acme.myshopify.com",
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": expect.stringMatching(/^[0-9a-f-]{36}$/),
      "x-shopify-event-id": expect.stringMatching(/^[0-9a-f-]{36}$/),
      "x-shopify-triggered-at": "2026-03-01T09:00:00.000Z",
    });
    expect(delivery.deliveries()).toEqual([
      expect.objectContaining({
        state: "delivered",
        attempts: [expect.objectContaining({ status: 200, error: null })],
      }),
    ]);
  });

  it("retries any non-2xx answer on the schedule, with the same webhook id, until one succeeds", async () => {
    receiver.script(500, 302, 404);
    start().send(order(1));
    await delivery.idle();

    const [record] = delivery.deliveries();
    expect(record.state).toBe("delivered");
    expect(record.attempts.map((attempt) => attempt.status)).toEqual([500, 302, 404, 200]);
    expect(new Set(receiver.received.map((request) => request.headers["x-shopify-webhook-id"])).size).toBe(1);
  });

  it("gives up after the last retry and logs the delivery as failed", async () => {
    receiver.script(503, 503, 503, 503, 503);
    start().send(order(1));
    await delivery.idle();

    expect(delivery.deliveries()[0]).toMatchObject({ state: "failed" });
    expect(receiver.received).toHaveLength(1 + FAST_RETRIES.length);
  });

  it("counts an answer slower than the timeout as a failure and retries it", async () => {
    receiver.script("hang");
    start({ timeoutMs: 150 }).send(order(1));
    await delivery.idle();

    const [record] = delivery.deliveries();
    expect(record.attempts[0]).toMatchObject({ status: null, error: "no answer within 150 ms" });
    expect(record.attempts[1]).toMatchObject({ status: 200 });
  });

  it("counts a refused connection as a failure", async () => {
    await receiver.close();
    start({ retryDelaysMs: [] }).send(order(1));
    await delivery.idle();

    expect(delivery.deliveries()[0]).toMatchObject({
      state: "failed",
      attempts: [expect.objectContaining({ status: null, error: expect.stringContaining("ECONNREFUSED") })],
    });
    receiver = await startRecordingReceiver();
  });

  it("duplicates: sends N copies with one webhook id", async () => {
    start({ faults: { duplicates: 3 } }).send(order(1));
    await delivery.idle();

    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((request) => request.headers["x-shopify-webhook-id"])).size).toBe(1);
    expect(delivery.deliveries().map((record) => [record.copy, record.copies, record.state])).toEqual([
      [1, 3, "delivered"],
      [2, 3, "delivered"],
      [3, 3, "delivered"],
    ]);
  });

  it("drop: never sends, and the log says dropped", async () => {
    start({ faults: { drop: true } }).send(order(1));
    await delivery.idle();

    expect(receiver.received).toHaveLength(0);
    expect(delivery.deliveries()).toEqual([expect.objectContaining({ state: "dropped", attempts: [] })]);
  });

  it("delay: holds each delivery back before its first attempt", async () => {
    const sentAt = Date.now();
    start({ faults: { delayMs: 200 } }).send(order(1));
    await delivery.idle();

    expect(receiver.received[0].at - sentAt).toBeGreaterThanOrEqual(190);
  });

  it("out of order: holds a batch and sends it newest first", async () => {
    start({ faults: { outOfOrder: 3 } });
    delivery.send(order(1));
    delivery.send(order(2));
    expect(delivery.deliveries().map((record) => record.state)).toEqual(["held", "held"]);
    delivery.send(order(3));
    await delivery.idle();

    expect(idsReceived()).toEqual([3, 2, 1]);
  });

  it("out of order: releasing or switching the fault off sends what it held", async () => {
    start({ faults: { outOfOrder: 10 } });
    delivery.send(order(1));
    delivery.send(order(2));
    delivery.setFaults({});
    await delivery.idle();

    expect(idsReceived()).toEqual([2, 1]);
  });

  it("applies faults only to the topics named", async () => {
    start({ faults: { drop: true, topics: ["orders/create"] } });
    delivery.send(order(1));
    delivery.send({ shop: "acme.myshopify.com", topic: "refunds/create", body: { id: 2 } });
    await delivery.idle();

    expect(idsReceived()).toEqual([2]);
    expect(delivery.deliveries({ state: "dropped" }).map((record) => record.topic)).toEqual(["orders/create"]);
  });

  it("close cancels scheduled retries", async () => {
    receiver.script(500);
    start({ retryDelaysMs: [60_000] }).send(order(1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    delivery.close();
    await delivery.idle();

    expect(delivery.deliveries()[0]).toMatchObject({
      state: "cancelled",
      attempts: [expect.objectContaining({ status: 500 })],
    });
  });
});
