// Releasing returned units from quarantine, from the Lots page to Shopify: the lot's quarantined
// count drops under its row lock with a ledger row and an audit entry, the units can be allocated
// again, and the queued job moves exactly those units from quality_control back to available in
// the simulated store, once. Bad input and other shops' lots change nothing.
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { getQueue } from "../../app/jobs/queues.server";
import {
  moveReleasedUnitsInShopify,
  releaseQuarantinedUnits,
  requeueStrandedQuarantineReleases,
} from "../../app/lots/release-quarantine.server";
import { action, loader } from "../../app/routes/app.lots._index";
import { offlineAdminGraphql } from "../../app/shopify/admin-graphql.server";
import { PROCESSORS } from "../../workers/processors";
import { createOrder, reconcileLocked } from "../support/allocation-factories";
import { setUpInProcessShopify, shopify } from "../support/in-process-shopify";
import { adminRequest, openShopWithSoap, type SoapShop, shopifyQuantities } from "../support/inventory-factories";

setUpInProcessShopify();

let lotCount = 0;

/**
 * A shop with 10 soaps in one lot, `quarantined` of them returned into quarantine: held back in
 * Lotline and in Shopify's quality_control, as the return quarantine leaves them.
 */
async function shopWithQuarantinedSoap(quarantined = 3) {
  const shop = await openShopWithSoap(10);
  lotCount += 1;
  const lot = await db().lot.create({
    data: {
      shopId: shop.shopId,
      code: `RQ-${lotCount}`,
      inventoryItemId: shop.soap.inventoryItemId,
      variantId: shop.soap.id,
      productId: shop.soap.productId,
      locationId: shop.location.id,
      sku: shop.soap.sku,
      productTitle: "Lavender Soap",
      receivedAt: new Date("2026-01-05T00:00:00Z"),
      receivedQuantity: 10,
      onHandQuantity: 10,
      quarantinedQuantity: quarantined,
    },
  });
  shopify.moveInventory(shop.domain, {
    inventoryItemId: shop.soap.inventoryItemId,
    locationId: shop.location.id,
    from: "available",
    to: "quality_control",
    quantity: quarantined,
  });
  return { shop, lot };
}

async function postRelease(shop: SoapShop, form: Record<string, string>) {
  const body = new URLSearchParams({ intent: "release-quarantine", ...form });
  const response = (await action({
    request: adminRequest(shop.domain, "/app/lots?index", { method: "POST", body }),
    params: {},
    context: {},
  })) as Response;
  return { status: response.status, body: await response.json() };
}

async function lotsPage(shop: SoapShop) {
  const response = (await loader({
    request: adminRequest(shop.domain, "/app/lots"),
    params: {},
    context: {},
  })) as unknown as Response;
  return (await response.json()) as { lots: { code: string; available: number; quarantined: number }[] };
}

/** Everything a release writes, for one shop: to show a refusal changed nothing. */
async function releaseRows(shopId: string) {
  const [lots, events, audits] = await Promise.all([
    db().lot.findMany({
      where: { shopId },
      orderBy: { code: "asc" },
      select: { code: true, onHandQuantity: true, quarantinedQuantity: true, status: true },
    }),
    db().lotEvent.count({ where: { shopId } }),
    db().auditEntry.count({ where: { shopId } }),
  ]);
  return { lots, events, audits };
}

async function queuedReleaseJobs(shopId: string) {
  const jobs = await getQueue("shopify-writeback").getJobs(["waiting", "delayed", "active", "prioritized"]);
  return jobs.filter((job) => job.name === "lots.release-quarantine" && job.data.shopId === shopId);
}

describe("releasing quarantined units from the Lots page", () => {
  it("lowers the lot's quarantine, records who released how many and why, and queues the Shopify move once", async () => {
    const { shop, lot } = await shopWithQuarantinedSoap(3);

    const answer = await postRelease(shop, { lotId: lot.id, quantity: "2", reason: "Checked: seals intact" });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, lotId: lot.id });
    expect(answer.body.message).toContain(`Released 2 units of lot ${lot.code}`);
    const row = await db().lot.findUniqueOrThrow({ where: { id: lot.id } });
    expect({ onHand: row.onHandQuantity, quarantined: row.quarantinedQuantity, status: row.status }).toEqual({
      onHand: 10,
      quarantined: 1,
      status: "active",
    });
    const page = await lotsPage(shop);
    expect(page.lots.find((listed) => listed.code === lot.code)).toMatchObject({ available: 9, quarantined: 1 });

    const ledger = await db().lotEvent.findMany({ where: { shopId: shop.shopId, lotId: lot.id } });
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ type: "released", quantity: 2 });
    expect(ledger[0].actor).toMatch(/^user:/);
    expect(ledger[0].reference).toMatchObject({ kind: "quarantine-release", reason: "Checked: seals intact" });

    const audit = await db().auditEntry.findMany({
      where: { shopId: shop.shopId, action: "lot.quarantine-released" },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: ledger[0].actor, subjectType: "lot", subjectId: lot.id });
    expect(audit[0].details).toMatchObject({ lotCode: lot.code, quantity: 2, reason: "Checked: seals intact" });

    const jobs = await queuedReleaseJobs(shop.shopId);
    expect(jobs.map((job) => ({ id: job.id, data: job.data }))).toEqual([
      { id: `release-quarantine-${ledger[0].id}`, data: { shopId: shop.shopId, lotEventId: ledger[0].id } },
    ]);
    // Nothing reaches Shopify before the job runs.
    expect(shopifyQuantities(shop)).toMatchObject({ available: 7, quality_control: 3 });
  });

  it("moves exactly the released units from quality_control to available in Shopify, once however often the job runs", async () => {
    const { shop, lot } = await shopWithQuarantinedSoap(3);
    await postRelease(shop, { lotId: lot.id, quantity: "2", reason: "Checked: seals intact" });
    const [job] = await queuedReleaseJobs(shop.shopId);

    // As the worker runs it: the processor for the job's name, through the rate-limited client.
    const first = await PROCESSORS["lots.release-quarantine"](job.data);
    const again = await PROCESSORS["lots.release-quarantine"](job.data);

    expect(first).toEqual({ moved: 2 });
    expect(again).toEqual({ moved: 0 });
    expect(shopifyQuantities(shop)).toMatchObject({ available: 9, quality_control: 1 });
    const moves = await db().auditEntry.findMany({
      where: { shopId: shop.shopId, action: "inventory.quarantine_released" },
    });
    expect(moves).toHaveLength(1);
    expect(moves[0].details).toMatchObject({ lotCode: lot.code, quantity: 2 });
  });

  it("moves only the units still in quality_control when the merchant already moved some back by hand in Shopify", async () => {
    const { shop, lot } = await shopWithQuarantinedSoap(3);
    shopify.moveInventory(shop.domain, {
      inventoryItemId: shop.soap.inventoryItemId,
      locationId: shop.location.id,
      from: "quality_control",
      to: "available",
      quantity: 2,
    });
    await postRelease(shop, { lotId: lot.id, quantity: "3", reason: "Checked" });
    const [job] = await queuedReleaseJobs(shop.shopId);

    const first = await moveReleasedUnitsInShopify(db(), job.data, { adminGraphql: offlineAdminGraphql });
    const again = await moveReleasedUnitsInShopify(db(), job.data, { adminGraphql: offlineAdminGraphql });

    expect(first).toEqual({ moved: 1 });
    expect(again).toEqual({ moved: 0 });
    // Never more available than on hand: quality_control does not go below zero.
    expect(shopifyQuantities(shop)).toMatchObject({ available: 10, quality_control: 0 });
    const [move] = await db().auditEntry.findMany({
      where: { shopId: shop.shopId, action: "inventory.quarantine_released" },
    });
    expect(move.details).toMatchObject({ lotCode: lot.code, quantity: 1, alreadyAvailable: 2 });
  });

  it("lets allocation take the released units again", async () => {
    const { shop, lot } = await shopWithQuarantinedSoap(3);
    const item = {
      variantId: shop.soap.id,
      productId: shop.soap.productId,
      inventoryItemId: shop.soap.inventoryItemId,
      sku: shop.soap.sku ?? "LAV",
      title: "Lavender Soap",
    };
    const order = await createOrder(db(), shop.shopId, {
      lines: [{ item, quantity: 9, locationId: shop.location.id }],
    });
    await reconcileLocked(db(), { shopId: shop.shopId, orderRefId: order.id });
    const before = await db().orderRef.findUniqueOrThrow({ where: { id: order.id } });
    expect(before.allocationStatus).toBe("partial");

    await postRelease(shop, { lotId: lot.id, quantity: "2", reason: "Checked: seals intact" });
    await reconcileLocked(db(), { shopId: shop.shopId, orderRefId: order.id });

    const after = await db().orderRef.findUniqueOrThrow({ where: { id: order.id } });
    expect(after.allocationStatus).toBe("allocated");
    const row = await db().lot.findUniqueOrThrow({ where: { id: lot.id } });
    expect({ allocated: row.allocatedQuantity, quarantined: row.quarantinedQuantity }).toEqual({
      allocated: 9,
      quarantined: 1,
    });
  });

  it.each([
    ["no units", { quantity: "0" }, "quantity", /1 or more/],
    ["more units than are quarantined", { quantity: "4" }, "quantity", /Release 3 or fewer/],
    ["a quantity that is not a whole number", { quantity: "1.5" }, "quantity", /whole number/],
    ["no quantity at all", { quantity: "" }, "quantity", /whole number/],
    ["no reason", { reason: "  " }, "reason", /why/],
    ["a reason over 500 characters", { reason: "x".repeat(501) }, "reason", /500 characters/],
  ])("refuses %s, naming the field and changing nothing", async (_case, change, field, hint) => {
    const { shop, lot } = await shopWithQuarantinedSoap(3);
    const before = await releaseRows(shop.shopId);

    const answer = await postRelease(shop, { lotId: lot.id, quantity: "2", reason: "Checked", ...change });

    expect(answer.status).toBe(422);
    expect(answer.body.ok).toBe(false);
    expect(answer.body.message).toMatch(/nothing was released/i);
    expect(answer.body.fields[field]).toMatch(hint);
    expect(await releaseRows(shop.shopId)).toEqual(before);
    expect(await queuedReleaseJobs(shop.shopId)).toEqual([]);
    expect(shopifyQuantities(shop)).toMatchObject({ available: 7, quality_control: 3 });
  });

  it("keeps the units of an expired lot in quarantine, saying why, and changes nothing", async () => {
    const { shop, lot } = await shopWithQuarantinedSoap(3);
    await db().lot.update({ where: { id: lot.id }, data: { status: "expired" } });
    const before = await releaseRows(shop.shopId);

    const answer = await postRelease(shop, { lotId: lot.id, quantity: "1", reason: "Checked" });

    expect(answer.status).toBe(403);
    expect(answer.body.message).toBe(
      `Lot ${lot.code} is expired: its units may not be sold, so they stay in quarantine. Nothing was released.`,
    );
    expect(await releaseRows(shop.shopId)).toEqual(before);
    expect(await queuedReleaseJobs(shop.shopId)).toEqual([]);
    expect(shopifyQuantities(shop)).toMatchObject({ available: 7, quality_control: 3 });
  });

  it("answers 404 for another shop's lot and changes nothing in either shop", async () => {
    const { shop: owner, lot } = await shopWithQuarantinedSoap(3);
    const { shop: other } = await shopWithQuarantinedSoap(3);
    const ownerBefore = await releaseRows(owner.shopId);
    const otherBefore = await releaseRows(other.shopId);

    const answer = await postRelease(other, { lotId: lot.id, quantity: "1", reason: "Checked" });

    expect(answer.status).toBe(404);
    expect(answer.body.message).toBe("This lot does not exist in your shop.");
    expect(await releaseRows(owner.shopId)).toEqual(ownerBefore);
    expect(await releaseRows(other.shopId)).toEqual(otherBefore);
    expect(await queuedReleaseJobs(owner.shopId)).toEqual([]);
    expect(await queuedReleaseJobs(other.shopId)).toEqual([]);
  });

  it("never releases more than the lot holds when two releases arrive at once", async () => {
    const { shop, lot } = await shopWithQuarantinedSoap(3);
    const release = () =>
      releaseQuarantinedUnits(
        db(),
        { shopId: shop.shopId, lotId: lot.id, quantity: 2, reason: "Checked", actor: "user:1" },
        { enqueueShopifyMove: async () => {} },
      );

    const outcomes = await Promise.allSettled([release(), release()]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    const row = await db().lot.findUniqueOrThrow({ where: { id: lot.id } });
    expect(row.quarantinedQuantity).toBe(1);
    expect(await db().lotEvent.count({ where: { shopId: shop.shopId, type: "released" } })).toBe(1);
  });

  it("queues again a Shopify move whose job was lost, and leaves a move already made alone", async () => {
    const { shop, lot } = await shopWithQuarantinedSoap(3);
    const lost: { shopId: string; lotEventId: string }[] = [];
    const collect = {
      enqueueShopifyMove: async (payload: { shopId: string; lotEventId: string }) => lost.push(payload),
    };
    const base = { shopId: shop.shopId, lotId: lot.id, reason: "Checked", actor: "user:1" };
    await releaseQuarantinedUnits(db(), { ...base, quantity: 1 }, collect);
    await releaseQuarantinedUnits(db(), { ...base, quantity: 1 }, collect);
    await moveReleasedUnitsInShopify(db(), lost[0], { adminGraphql: offlineAdminGraphql });

    const requeued: { shopId: string; lotEventId: string }[] = [];
    await requeueStrandedQuarantineReleases(
      db(),
      async (payload) => requeued.push(payload),
      new Date(Date.now() + 60_000),
    );

    expect(requeued.filter((payload) => payload.shopId === shop.shopId)).toEqual([lost[1]]);
  });
});
