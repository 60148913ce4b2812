import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkDelivery, MAX_WEBHOOK_BYTES } from "./verify-delivery.server";

const SECRET = "app-secret";

function raw(body: string, headers: Record<string, string | undefined> = {}, secret = SECRET) {
  const all: Record<string, string | undefined> = {
    "x-shopify-hmac-sha256": createHmac("sha256", secret).update(body).digest("base64"),
    "x-shopify-topic": "orders/create",
    "x-shopify-shop-domain": "soap-co.myshopify.com",
    "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
    "x-shopify-event-id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
    "x-shopify-api-version": "2026-10",
    "x-shopify-triggered-at": "2026-11-21T10:15:00.123Z",
    ...headers,
  };
  return { header: (name: string) => all[name], rawBody: Buffer.from(body) };
}

describe("checking a webhook delivery", () => {
  it("reads a signed delivery's headers and keeps its body byte for byte", () => {
    const check = checkDelivery(raw('{"id":820982911946154500}'), SECRET);
    expect(check).toEqual({
      ok: true,
      delivery: {
        topic: "orders/create",
        shopDomain: "soap-co.myshopify.com",
        webhookId: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
        eventId: "98880550-7158-44d4-b7cd-2c97c8a091b5",
        apiVersion: "2026-10",
        triggeredAt: new Date("2026-11-21T10:15:00.123Z"),
        body: '{"id":820982911946154500}',
      },
    });
  });

  it("refuses a body signed with another secret, or a signature for another body, with 401", () => {
    expect(checkDelivery(raw("{}", {}, "someone-else"), SECRET)).toMatchObject({ ok: false, status: 401 });
    const signedForOther = raw('{"id":1}', {
      "x-shopify-hmac-sha256": createHmac("sha256", SECRET).update('{"id":2}').digest("base64"),
    });
    expect(checkDelivery(signedForOther, SECRET)).toMatchObject({ ok: false, status: 401 });
    expect(checkDelivery(raw("{}", { "x-shopify-hmac-sha256": "not base64!" }), SECRET)).toMatchObject({ status: 401 });
  });

  it("checks the signature before anything else, so an unsigned request learns nothing", () => {
    const check = checkDelivery(
      raw("not json", { "x-shopify-hmac-sha256": undefined, "x-shopify-topic": undefined }),
      SECRET,
    );
    expect(check).toMatchObject({
      ok: false,
      status: 401,
      message: expect.stringMatching(/X-Shopify-Hmac-Sha256 is missing/),
    });
  });

  it("names a missing Shopify header with 400", () => {
    expect(checkDelivery(raw("{}", { "x-shopify-shop-domain": undefined }), SECRET)).toMatchObject({
      ok: false,
      status: 400,
      message: expect.stringMatching(/^X-Shopify-Shop-Domain is missing/),
    });
  });

  it("refuses a signed body that is not a JSON object with 400", () => {
    for (const body of ['{"id": 1', "[1,2]", "42", "null"]) {
      expect(checkDelivery(raw(body), SECRET)).toMatchObject({ ok: false, status: 400 });
    }
  });

  it("refuses a body over the limit with 413 without hashing it", () => {
    const huge = Buffer.alloc(MAX_WEBHOOK_BYTES + 1, 0x20);
    expect(checkDelivery({ header: () => "x", rawBody: huge }, SECRET)).toMatchObject({ ok: false, status: 413 });
  });

  it("keeps a delivery whose optional headers are missing or unreadable", () => {
    const check = checkDelivery(
      raw("{}", { "x-shopify-event-id": undefined, "x-shopify-triggered-at": "yesterday-ish" }),
      SECRET,
    );
    expect(check).toMatchObject({ ok: true, delivery: { eventId: null, triggeredAt: null } });
  });
});
