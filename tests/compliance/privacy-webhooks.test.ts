// Shopify's privacy and lifecycle webhooks with Shopify's own sample bodies, through the signed
// intake and the workers: a data request collects the customer's orders, lots and serials for
// the merchant; a customer redact erases their personal data but keeps the order ↔ lot links;
// shop/redact empties every table of the shop; after app/uninstalled nothing is written to Shopify.

import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { QUEUE_NAMES } from "../../app/jobs/contract";
import { enqueue, getQueue } from "../../app/jobs/queues.server";
import { loader as homeLoader } from "../../app/routes/app._index";
import { action as receiveAction } from "../../app/routes/app.receive";
import { action as webhookAction } from "../../app/routes/webhooks";
import { findInventoryLevel } from "../../simulator/store/inventory";
import { type RunningWorkers, startWorkers } from "../../workers/runtime";
import { createOfflineSession, createShop } from "../support/factories";
import { setUpInProcessShopify, shopify } from "../support/in-process-shopify";
import { createLot, createShippedOrder } from "../support/operations-factories";
import { BROWSER_USER_AGENT } from "../support/simulated-app";
import { TEST_APP_URL } from "../support/test-env";
import { signedWebhookRequest } from "../support/webhooks";

setUpInProcessShopify();

let running: RunningWorkers;
beforeAll(async () => {
  for (const name of QUEUE_NAMES) await getQueue(name).obliterate({ force: true });
  running = await startWorkers({ concurrency: 2 });
});
afterAll(async () => {
  await running?.close(5_000);
  for (const name of QUEUE_NAMES) await getQueue(name).obliterate({ force: true });
});

const SAMPLES = "tests/fixtures/shopify-webhook-samples/shopify-app-template-node";

/** Shopify's sample body for a topic, addressed to our shop. */
function sample(file: string, shop: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${SAMPLES}/${file}`, "utf8").replaceAll("{shop}.myshopify.com", shop));
}

async function deliver(topic: string, shop: string, body: unknown): Promise<string> {
  const webhookId = randomUUID();
  const response = await webhookAction({
    request: signedWebhookRequest({ topic, shop, body, webhookId }),
    params: {},
    context: {},
  });
  expect(response.status).toBe(200);
  return webhookId;
}

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function processed(webhookId: string) {
  const event = await eventually(
    () => db().webhookEvent.findUnique({ where: { webhookId } }),
    (row) => row === null || row.status === "processed",
  );
  expect(event === null || event.status === "processed").toBe(true);
}

/** John (customer 191167, as in Shopify's samples) with two orders, a guest order by his email, and Ann's order. */
async function shopWithCustomers() {
  const shop = await createShop(db());
  const soap = await createLot(db(), shop.id, { code: "LAV-261001-01" });
  const candle = await createLot(db(), shop.id, { code: "CAN-261001-01" });
  const john = { customerId: "191167", email: "john@example.com", customerName: "John Smith" };
  const first = await createShippedOrder(db(), shop.id, {
    name: "#1001",
    ...john,
    lines: [{ lotId: soap.id, quantity: 2 }],
  });
  const second = await createShippedOrder(db(), shop.id, {
    name: "#1002",
    customerId: "gid://shopify/Customer/191167",
    email: "john@example.com",
    customerName: "John Smith",
    lines: [{ lotId: candle.id, quantity: 1, serials: ["CAN-00017"] }],
  });
  const guest = await createShippedOrder(db(), shop.id, {
    name: "#1003",
    customerId: null,
    email: "JOHN@example.com",
    customerName: "J. Smith",
    lines: [{ lotId: soap.id, quantity: 1 }],
  });
  const ann = await createShippedOrder(db(), shop.id, {
    name: "#1004",
    customerId: "555",
    email: "ann@example.com",
    customerName: "Ann Lee",
    lines: [{ lotId: soap.id, quantity: 3 }],
  });
  return { shop, soap, candle, orders: { first, second, guest, ann } };
}

describe("customers/data_request", () => {
  it("collects the customer's orders (by id, and by email where the order has none) with lots, dates and serials", async () => {
    const { shop } = await shopWithCustomers();

    await processed(
      await deliver("customers/data_request", shop.domain, sample("customers_data_request.json", shop.domain)),
    );

    const requests = await db().customerDataRequest.findMany({ where: { shopId: shop.id } });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ requestId: "9999", customerId: "191167", customerEmail: "john@example.com" });
    const data = requests[0].data as { orders: { name: string }[]; recallNotices: unknown[] };
    expect(data.orders.map((order) => order.name)).toEqual(["#1001", "#1002", "#1003"]);
    expect(data).toMatchObject({
      customer: { id: "191167", email: "john@example.com" },
      orders: [
        {
          name: "#1001",
          customerName: "John Smith",
          shippingAddress: { city: "Leeds" },
          lines: [
            {
              title: "Lavender Soap",
              quantity: 2,
              lots: [
                {
                  code: "LAV-261001-01",
                  producedAt: "2026-10-01",
                  bestBefore: "2027-09-30",
                  expiresAt: "2027-10-01",
                  quantity: 2,
                },
              ],
              serialNumbers: [],
            },
          ],
        },
        { name: "#1002", lines: [{ lots: [{ code: "CAN-261001-01" }], serialNumbers: ["CAN-00017"] }] },
        { name: "#1003", customerName: "J. Smith" },
      ],
      recallNotices: [],
    });
    expect(JSON.stringify(data)).not.toContain("ann@example.com");
  });
});

describe("customers/redact", () => {
  it("erases the customer's personal data from their orders, keeps the order ↔ lot links, and purges their data requests", async () => {
    const { shop, orders } = await shopWithCustomers();
    await processed(
      await deliver("customers/data_request", shop.domain, sample("customers_data_request.json", shop.domain)),
    );
    const allocationsBefore = await db().allocation.count({ where: { shopId: shop.id } });

    await processed(await deliver("customers/redact", shop.domain, sample("customers_redact.json", shop.domain)));

    for (const order of [orders.first, orders.second, orders.guest]) {
      expect(await db().orderRef.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
        customerEmail: null,
        customerName: null,
        customerLocale: null,
        shippingAddress: null,
        redactedAt: expect.any(Date),
      });
    }
    expect(await db().orderRef.findUniqueOrThrow({ where: { id: orders.ann.id } })).toMatchObject({
      customerEmail: "ann@example.com",
      customerName: "Ann Lee",
      redactedAt: null,
    });
    // Traces and recalls still find which lots went into the redacted orders.
    expect(await db().allocation.count({ where: { shopId: shop.id } })).toBe(allocationsBefore);
    expect(await db().serialNumber.findFirstOrThrow({ where: { shopId: shop.id, serial: "CAN-00017" } })).toMatchObject(
      {
        orderLineId: expect.any(String),
      },
    );
    expect(await db().customerDataRequest.count({ where: { shopId: shop.id } })).toBe(0);
    const audit = await db().auditEntry.findFirstOrThrow({ where: { shopId: shop.id, action: "customer.redacted" } });
    expect(audit.details).toEqual({ orders: 3, recallRecipients: 0, dataRequests: 1, notifications: 2 });
    expect(JSON.stringify(audit)).not.toContain("john@example.com");
    // Nor do the raw notifications Lotline keeps (the data request's and this redact's own).
    const bodies = await db().webhookEvent.findMany({
      where: { shopId: shop.id },
      select: { body: true, status: true },
    });
    expect(bodies).toHaveLength(2);
    for (const event of bodies) expect(event).toEqual({ body: '{"redacted":"customers/redact"}', status: "processed" });
  });
});

describe("a privacy request Lotline cannot read", () => {
  it("fails at once with the reason naming what is missing, and changes nothing", async () => {
    const { shop, orders } = await shopWithCustomers();
    const body = { shop_id: 954889, shop_domain: shop.domain, orders_to_redact: [299938] };

    const webhookId = await deliver("customers/redact", shop.domain, body);

    const event = await db().webhookEvent.findUniqueOrThrow({ where: { webhookId } });
    const job = await eventually(
      () => getQueue("webhooks").getJob(`webhook-${event.id}`),
      (current) => Boolean(current?.failedReason),
    );
    expect(job?.failedReason).toMatch(/^The privacy request has no readable customer \(customer: /);
    expect(job?.attemptsMade).toBe(1);
    expect(await db().orderRef.findUniqueOrThrow({ where: { id: orders.first.id } })).toMatchObject({
      customerEmail: "john@example.com",
      redactedAt: null,
    });
  });
});

describe("shop/redact", () => {
  it("empties every table of the shop, orders with ledger rows and serials included, and leaves other shops alone", async () => {
    const { shop } = await shopWithCustomers();
    const { shop: other } = await shopWithCustomers();
    await createOfflineSession(db(), shop.domain);
    await db().variantRef.create({
      data: {
        shopId: shop.id,
        variantId: "gid://shopify/ProductVariant/1",
        productId: "gid://shopify/Product/1",
        inventoryItemId: "gid://shopify/InventoryItem/1",
        productTitle: "Lavender Soap",
        syncedAt: new Date(),
      },
    });
    await db().productRule.create({
      data: { shopId: shop.id, productId: "gid://shopify/Product/1", productTitle: "Soap" },
    });
    await db().unassignedStock.create({
      data: {
        shopId: shop.id,
        inventoryItemId: "gid://shopify/InventoryItem/1",
        locationId: "gid://shopify/Location/77",
        quantity: 4,
      },
    });
    await db().lotImport.create({
      data: { shopId: shop.id, fileName: "lots.csv", content: "code\nA", createdBy: "user:1" },
    });
    await db().setting.create({ data: { shopId: shop.id, key: "lotTemplate", value: "{SKU}-{SEQ:3}" } });
    await processed(
      await deliver("customers/data_request", shop.domain, sample("customers_data_request.json", shop.domain)),
    );
    await deliver("app/uninstalled", shop.domain, { id: 1 });

    await processed(await deliver("shop/redact", shop.domain, sample("shop_redact.json", shop.domain)));

    const where = { shopId: shop.id };
    const counts = {
      shop: await db().shop.count({ where: { id: shop.id } }),
      sessions: await db().session.count({ where: { shop: shop.domain } }),
      webhookEvents: await db().webhookEvent.count({ where }),
      auditEntries: await db().auditEntry.count({ where }),
      settings: await db().setting.count({ where }),
      lots: await db().lot.count({ where }),
      lotEvents: await db().lotEvent.count({ where }),
      serialNumbers: await db().serialNumber.count({ where }),
      orders: await db().orderRef.count({ where }),
      orderLines: await db().orderLineRef.count({ where }),
      allocations: await db().allocation.count({ where }),
      variants: await db().variantRef.count({ where }),
      productRules: await db().productRule.count({ where }),
      unassigned: await db().unassignedStock.count({ where }),
      lotImports: await db().lotImport.count({ where }),
      dataRequests: await db().customerDataRequest.count({ where }),
      receipts: await db().receipt.count({ where }),
      codeSequences: await db().codeSequence.count({ where }),
    };
    expect(
      Object.values(counts).every((count) => count === 0),
      JSON.stringify(counts),
    ).toBe(true);
    expect(await db().orderRef.count({ where: { shopId: other.id } })).toBe(4);
    expect(await db().lotEvent.count({ where: { shopId: other.id } })).toBe(8);
  });
});

describe("app/uninstalled", () => {
  it("removes the sessions and keeps the data, and queued Shopify write-backs change nothing in Shopify", async () => {
    const { shop, locations } = shopify.createShop({ name: "Uninstalling Soap" });
    const domain = shop.myshopifyDomain;
    const location = locations[0];
    const soap = shopify.createProduct(domain, {
      title: "Lavender Soap",
      variants: [{ sku: "UNI-1", inventory: { [location.id]: 10 } }],
    }).variants[0];
    const authorised = () => ({
      headers: { Authorization: `Bearer ${shopify.mintSessionToken(domain)}`, "User-Agent": BROWSER_USER_AGENT },
    });
    await homeLoader({ request: new Request(`${TEST_APP_URL}/app`, authorised()), params: {}, context: {} });
    const shopId = (await db().shop.findUniqueOrThrow({ where: { domain } })).id;
    const available = () =>
      findInventoryLevel(shopify.store.shops.get(domain)!, soap.inventoryItemId, location.id)!.quantities.available;

    // Work queued before the uninstall: a receipt's write-back and an expired lot's quarantine.
    await running.close(5_000);
    const form = new URLSearchParams({
      locationId: location.id,
      referenceType: "invoice",
      "lines[0].variantId": soap.id,
      "lines[0].quantity": "5",
      "lines[0].serialMode": "none",
    });
    const response = await receiveAction({
      request: new Request(`${TEST_APP_URL}/app/receive`, { method: "POST", body: form, ...authorised() }),
      params: {},
      context: {},
    });
    expect((response as Response).status).toBe(302);
    const receipt = await db().receipt.findFirstOrThrow({ where: { shopId } });
    const expired = await db().lot.update({
      where: { id: (await db().lot.findFirstOrThrow({ where: { shopId } })).id },
      data: { status: "expired" },
    });
    await enqueue("lots.quarantine-expired", { shopId, lotId: expired.id });

    await deliver("app/uninstalled", domain, sample("../trigger.dev/AppUninstalled.json", domain));
    expect(await db().session.count({ where: { shop: domain } })).toBe(0);
    running = await startWorkers({ concurrency: 2 });

    const after = await eventually(
      () => db().receipt.findUniqueOrThrow({ where: { id: receipt.id } }),
      (row) => row.writeBackStatus !== "pending",
    );
    expect(after).toMatchObject({ writeBackStatus: "failed", writeBackError: expect.stringMatching(/uninstalled/) });
    const quarantine = await eventually(
      () => getQueue("shopify-writeback").getJob(`quarantine-expired-${expired.id}`),
      (job) => Boolean(job?.finishedOn),
    );
    expect(quarantine?.returnvalue).toEqual({ moved: 0 });
    expect(available()).toBe(10);
    expect(await db().lotEvent.count({ where: { shopId, type: "quarantined" } })).toBe(0);
    // The data stays until shop/redact.
    expect(await db().lot.count({ where: { shopId } })).toBe(1);
    expect(await db().receipt.count({ where: { shopId } })).toBe(1);
  });
});
