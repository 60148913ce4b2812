// The Operations page as the embedded admin calls it, against the simulated store, a real
// database and real queues: a merchant sees only their own shop's failures, named in their
// words, and can retry each (audited); another shop's job or notification cannot be retried by id.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { recordCustomerDataRequest } from "../../app/compliance/compliance-webhooks.server";
import { parseCustomerRequest } from "../../app/compliance/customer-requests";
import { db } from "../../app/db.server";
import { QUEUE_NAMES } from "../../app/jobs/contract";
import { getQueue } from "../../app/jobs/queues.server";
import { retrieveReceipt } from "../../app/models/receipt.server";
import { writeBackReceipt } from "../../app/receiving/write-back.server";
import { loader as dataRequestLoader } from "../../app/routes/app.data-requests.$id";
import { action as operationsAction, loader as operationsLoader } from "../../app/routes/app.operations";
import { action as receiveAction } from "../../app/routes/app.receive";
import { offlineAdminGraphql } from "../../app/shopify/admin-graphql.server";
import { findInventoryLevel } from "../../simulator/store/inventory";
import { setUpInProcessShopify, shopify } from "../support/in-process-shopify";
import { createFailedReceipt, createLot, createShippedOrder, failJobs } from "../support/operations-factories";
import { BROWSER_USER_AGENT } from "../support/simulated-app";
import { TEST_APP_URL } from "../support/test-env";

setUpInProcessShopify();

const clearQueues = async () => {
  for (const name of QUEUE_NAMES) await getQueue(name).obliterate({ force: true });
};
beforeEach(clearQueues);
afterAll(clearQueues);

let shopCount = 0;

async function shopWithLotline() {
  shopCount += 1;
  const { shop, locations } = shopify.createShop({ name: `Operations Soap ${shopCount}` });
  const domain = shop.myshopifyDomain;
  const soap = shopify.createProduct(domain, {
    title: "Lavender Soap",
    variants: [{ sku: `OPS-${shopCount}`, inventory: { [locations[0].id]: 10 } }],
  }).variants[0];
  await loadPage(domain);
  const { id: shopId } = await db().shop.findUniqueOrThrow({ where: { domain } });
  return { domain, shopId, location: locations[0], soap };
}

type Shop = Awaited<ReturnType<typeof shopWithLotline>>;

function args(domain: string, path: string, body?: URLSearchParams, params: Record<string, string> = {}) {
  const request = new Request(`${TEST_APP_URL}${path}`, {
    method: body ? "POST" : "GET",
    body,
    headers: {
      Authorization: `Bearer ${shopify.mintSessionToken(domain, { userId: "42" })}`,
      "User-Agent": BROWSER_USER_AGENT,
    },
  });
  return { request, params, context: {} };
}

async function loadPage(domain: string) {
  return ((await operationsLoader(args(domain, "/app/operations"))) as unknown as Response).json();
}

async function operate(shop: Shop, fields: Record<string, string>) {
  const response = (await operationsAction(
    args(shop.domain, "/app/operations", new URLSearchParams(fields)),
  )) as Response;
  return { status: response.status, body: await response.json() };
}

async function jobState(queue: (typeof QUEUE_NAMES)[number], jobId: string) {
  return (await getQueue(queue).getJob(jobId))?.getState();
}

describe("failed background jobs", () => {
  it("lists only this shop's failed jobs, named in the merchant's words, with reason, attempts and when", async () => {
    const mine = await shopWithLotline();
    const other = await shopWithLotline();
    const receipt = await createFailedReceipt(db(), mine.shopId, {
      receivedAt: new Date("2026-11-21T10:00:00Z"),
      error: "unused",
    });
    const lot = await createLot(db(), mine.shopId, { code: "LAV-261101-01" });
    const order = await createShippedOrder(db(), mine.shopId, {
      name: "#1001",
      lines: [{ lotId: lot.id, quantity: 1 }],
    });
    await failJobs(
      [
        { name: "orders.write-back", payload: { shopId: mine.shopId, orderRefId: order.id, version: 3 } },
        { name: "lots.quarantine-expired", payload: { shopId: mine.shopId, lotId: lot.id } },
        { name: "receipts.write-back", payload: { shopId: mine.shopId, receiptId: receipt.id } },
      ],
      "Shopify refused the request: Access denied for metafieldsSet.",
    );
    const otherLot = await createLot(db(), other.shopId, { code: "SECRET-LOT" });
    await failJobs(
      [{ name: "lots.quarantine-expired", payload: { shopId: other.shopId, lotId: otherLot.id } }],
      "other",
    );

    const page = await loadPage(mine.domain);

    expect(page.failedJobs.map((job: { title: string }) => job.title).sort()).toEqual([
      "Move expired lot LAV-261101-01 to quality control in Shopify",
      "Raise Shopify inventory for receipt of 21 Nov from Meadow Oils Ltd",
      "Write lots to order #1001",
    ]);
    for (const job of page.failedJobs) {
      expect(job).toMatchObject({
        reason: "Shopify refused the request: Access denied for metafieldsSet.",
        attempts: 1,
        failedAtText: expect.stringMatching(/2026|\d{4}/),
      });
    }
    expect(JSON.stringify(page)).not.toContain("SECRET-LOT");
    expect((await loadPage(other.domain)).failedJobs).toHaveLength(1);
  });

  it("retries one job of the shop and records who did it; another shop's job id is refused and stays failed", async () => {
    const mine = await shopWithLotline();
    const other = await shopWithLotline();
    const [myJob] = await failJobs(
      [
        {
          name: "lots.quarantine-expired",
          payload: { shopId: mine.shopId, lotId: (await createLot(db(), mine.shopId)).id },
        },
      ],
      "Shopify could not answer",
    );
    const [otherJob] = await failJobs(
      [
        {
          name: "lots.quarantine-expired",
          payload: { shopId: other.shopId, lotId: (await createLot(db(), other.shopId)).id },
        },
      ],
      "Shopify could not answer",
    );

    const refused = await operate(mine, { intent: "retry-job", queue: "shopify-writeback", jobId: otherJob.id! });
    expect(refused.status).toBe(404);
    expect(refused.body.message).toBe("This failed job does not exist in your shop.");
    expect(await jobState("shopify-writeback", otherJob.id!)).toBe("failed");
    expect(await db().auditEntry.count({ where: { shopId: mine.shopId, action: "job.retried" } })).toBe(0);

    const retried = await operate(mine, { intent: "retry-job", queue: "shopify-writeback", jobId: myJob.id! });
    expect(retried).toEqual({
      status: 200,
      body: expect.objectContaining({ ok: true, message: "The job is queued again." }),
    });
    expect(await jobState("shopify-writeback", myJob.id!)).toBe("waiting");
    expect((await loadPage(mine.domain)).failedJobs).toEqual([]);
    expect(await db().auditEntry.findMany({ where: { shopId: mine.shopId, action: "job.retried" } })).toEqual([
      expect.objectContaining({
        shopId: mine.shopId,
        actor: "user:42",
        subjectId: `shopify-writeback:${myJob.id}`,
        details: expect.objectContaining({ name: "lots.quarantine-expired" }),
      }),
    ]);
  });

  it("Retry all puts back every failed job of this shop and none of another's", async () => {
    const mine = await shopWithLotline();
    const other = await shopWithLotline();
    const lots = await Promise.all([createLot(db(), mine.shopId), createLot(db(), mine.shopId)]);
    const myJobs = await failJobs(
      [
        ...lots.map((lot) => ({
          name: "lots.quarantine-expired" as const,
          payload: { shopId: mine.shopId, lotId: lot.id },
        })),
        { name: "lots.expire" as const, payload: { shopId: mine.shopId, runHour: "2026-11-21T05" } },
      ],
      "boom",
    );
    const [otherJob] = await failJobs(
      [{ name: "lots.expire", payload: { shopId: other.shopId, runHour: "2026-11-21T05" } }],
      "boom",
    );

    const response = await operate(mine, { intent: "retry-all-jobs" });

    expect(response.body.message).toBe("3 jobs are queued again.");
    for (const job of myJobs) expect(await jobState(job.queueName as "maintenance", job.id!)).toBe("waiting");
    expect(await jobState("maintenance", otherJob.id!)).toBe("failed");
    expect(await db().auditEntry.count({ where: { shopId: mine.shopId, action: "job.retried" } })).toBe(3);
    expect(await db().auditEntry.count({ where: { shopId: other.shopId } })).toBe(0);
  });

  it("refuses a retry request without a job id, naming the field, and changes nothing", async () => {
    const mine = await shopWithLotline();
    const response = await operate(mine, { intent: "retry-job", queue: "shopify-writeback" });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/"jobId"/);
    expect(await db().auditEntry.count({ where: { shopId: mine.shopId } })).toBe(0);
  });
});

describe("Shopify notifications not processed", () => {
  async function recordEvent(shopId: string, status: string, ageMs: number, topic = "orders/create") {
    return db().webhookEvent.create({
      data: {
        shopId,
        webhookId: crypto.randomUUID(),
        topic,
        body: "{}",
        status,
        attempts: status === "failed" ? 2 : 0,
        error: status === "failed" ? "Order 820982911946154500 could not be read" : null,
        receivedAt: new Date(Date.now() - ageMs),
      },
    });
  }

  it("lists this shop's notifications unprocessed for over a minute, and a retry queues one again, audited", async () => {
    const mine = await shopWithLotline();
    const other = await shopWithLotline();
    const stranded = await recordEvent(mine.shopId, "received", 5 * 60_000, "refunds/create");
    const failed = await recordEvent(mine.shopId, "failed", 2 * 60_000);
    await recordEvent(mine.shopId, "received", 5_000);
    await recordEvent(mine.shopId, "processed", 10 * 60_000);
    const othersEvent = await recordEvent(other.shopId, "received", 5 * 60_000);

    const page = await loadPage(mine.domain);
    expect(page.webhooks.map((event: { id: string }) => event.id)).toEqual([failed.id, stranded.id]);
    expect(page.webhooks[0]).toMatchObject({
      topic: "orders/create",
      error: "Order 820982911946154500 could not be read",
      attempts: 2,
      receivedAtText: expect.any(String),
    });

    const refused = await operate(mine, { intent: "retry-webhook", webhookEventId: othersEvent.id });
    expect(refused.status).toBe(404);
    expect((await db().webhookEvent.findUniqueOrThrow({ where: { id: othersEvent.id } })).status).toBe("received");

    const retried = await operate(mine, { intent: "retry-webhook", webhookEventId: failed.id });
    expect(retried.status).toBe(200);
    const jobs = await getQueue("webhooks").getJobs(["waiting"]);
    expect(jobs.map((job) => job.data)).toEqual([{ shopId: mine.shopId, webhookEventId: failed.id }]);
    expect((await db().webhookEvent.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe("enqueued");
    expect(
      await db().auditEntry.findFirst({ where: { shopId: mine.shopId, action: "webhook.retried" } }),
    ).toMatchObject({
      shopId: mine.shopId,
      actor: "user:42",
      subjectId: failed.id,
    });
    expect((await loadPage(mine.domain)).webhooks.map((event: { id: string }) => event.id)).toEqual([stranded.id]);
  });
});

describe("receipts whose Shopify inventory update failed", () => {
  function available(shop: Shop): number {
    const state = shopify.store.shops.get(shop.domain)!;
    return findInventoryLevel(state, shop.soap.inventoryItemId, shop.location.id)!.quantities.available;
  }

  async function receiveSoap(shop: Shop, quantity: number) {
    const form = new URLSearchParams({
      locationId: shop.location.id,
      referenceType: "invoice",
      "lines[0].variantId": shop.soap.id,
      "lines[0].quantity": String(quantity),
      "lines[0].serialMode": "none",
    });
    const response = (await receiveAction(args(shop.domain, "/app/receive", form))) as Response;
    expect(response.status).toBe(302);
    return db().receipt.findFirstOrThrow({ where: { shopId: shop.shopId }, orderBy: { createdAt: "desc" } });
  }

  const writeBack = (shop: Shop, receiptId: string) =>
    writeBackReceipt(db(), { shopId: shop.shopId, receiptId }, { adminGraphql: offlineAdminGraphql });

  it("after Shopify refused it, a retry uses a new idempotency key and raises stock exactly once", async () => {
    const shop = await shopWithLotline();
    const receipt = await receiveSoap(shop, 6);
    // The location is closed in Shopify when the write-back runs: Shopify refuses the change.
    const location = shopify.store.shops.get(shop.domain)!.locations.get(shop.location.id)!;
    location.isActive = false;
    await writeBack(shop, receipt.id).catch(() => {});
    expect(await retrieveReceipt(db(), shop.shopId, receipt.id)).toMatchObject({
      writeBackStatus: "failed",
      writeBackError: expect.stringMatching(/^Shopify refused the inventory change/),
    });
    const listed = await loadPage(shop.domain);
    expect(listed.writeBacks).toEqual([
      expect.objectContaining({ id: receipt.id, writeBackError: expect.stringMatching(/location could not be found/) }),
    ]);

    location.isActive = true;
    const retried = await operate(shop, { intent: "retry-write-back", receiptId: receipt.id });
    expect(retried.body.message).toBe("Lotline is updating Shopify's inventory for the receipt again.");
    expect(await writeBack(shop, receipt.id)).toBe("done");
    expect(await writeBack(shop, receipt.id)).toBe("already-done");

    expect(available(shop)).toBe(16);
    expect((await loadPage(shop.domain)).writeBacks).toEqual([]);
    expect(
      await db().auditEntry.findFirst({ where: { shopId: shop.shopId, action: "receipt.write-back.retried" } }),
    ).toMatchObject({
      shopId: shop.shopId,
      actor: "user:42",
      subjectId: receipt.id,
      details: expect.objectContaining({ idempotencyKey: `${receipt.id}:retry-1`, newKey: true }),
    });
  });

  it("after Shopify was only unreachable, a retry keeps the receipt's key, so a change that did land is not applied twice", async () => {
    const shop = await shopWithLotline();
    const receipt = await createFailedReceipt(db(), shop.shopId, {
      receivedAt: new Date(),
      error: "Shopify could not answer: Internal error. Lotline gave up after 8 attempts; retry when Shopify is back.",
    });

    await operate(shop, { intent: "retry-write-back", receiptId: receipt.id });

    expect(await retrieveReceipt(db(), shop.shopId, receipt.id)).toMatchObject({
      writeBackStatus: "pending",
      writeBackError: null,
      writeBackAttempts: 0,
    });
    const audit = await db().auditEntry.findFirstOrThrow({
      where: { shopId: shop.shopId, action: "receipt.write-back.retried" },
    });
    expect(audit.details).toMatchObject({ idempotencyKey: receipt.id, newKey: false });
    const jobs = await getQueue("shopify-writeback").getJobs(["waiting"]);
    expect(jobs.map((job) => job.data)).toEqual([{ shopId: shop.shopId, receiptId: receipt.id }]);
  });

  it("another shop's receipt cannot be retried by id", async () => {
    const mine = await shopWithLotline();
    const other = await shopWithLotline();
    const receipt = await createFailedReceipt(db(), other.shopId, { receivedAt: new Date(), error: "refused" });

    const response = await operate(mine, { intent: "retry-write-back", receiptId: receipt.id });

    expect(response.status).toBe(404);
    expect(await retrieveReceipt(db(), other.shopId, receipt.id)).toMatchObject({ writeBackStatus: "failed" });
  });
});

describe("customer data requests", () => {
  it("are listed for the merchant and download as JSON; another shop's request is not found", async () => {
    const mine = await shopWithLotline();
    const other = await shopWithLotline();
    const lot = await createLot(db(), mine.shopId, { code: "LAV-261002-01" });
    await createShippedOrder(db(), mine.shopId, {
      name: "#1042",
      customerId: "191167",
      email: "john@example.com",
      lines: [{ lotId: lot.id, quantity: 2 }],
    });
    const request = parseCustomerRequest({
      customer: { id: 191167, email: "john@example.com" },
      data_request: { id: 9999 },
    });
    const saved = await recordCustomerDataRequest(db(), mine.shopId, request, "webhook:customers/data_request");
    const othersRequest = await recordCustomerDataRequest(
      db(),
      other.shopId,
      request,
      "webhook:customers/data_request",
    );

    const page = await loadPage(mine.domain);
    expect(page.dataRequests).toEqual([
      expect.objectContaining({ id: saved.id, customerEmail: "john@example.com", orders: 1, requestId: "9999" }),
    ]);

    const download = (await dataRequestLoader(
      args(mine.domain, `/app/data-requests/${saved.id}`, undefined, { id: saved.id }),
    )) as Response;
    expect(download.headers.get("Content-Disposition")).toMatch(/attachment; filename="customer-data-request-/);
    const file = await download.json();
    expect(file).toMatchObject({
      shopifyDataRequestId: "9999",
      orders: [{ name: "#1042", lines: [{ lots: [{ code: "LAV-261002-01", expiresAt: "2027-10-01" }] }] }],
    });

    const foreign = await dataRequestLoader(
      args(mine.domain, `/app/data-requests/${othersRequest.id}`, undefined, { id: othersRequest.id }),
    ).catch((thrown: unknown) => thrown);
    expect((foreign as Response).status).toBe(404);
  });
});
