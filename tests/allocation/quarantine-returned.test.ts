// Returns to quarantine, end to end against the simulated store: units a return brought back
// are held in Lotline at once and leave Shopify `available` for `quality_control` through the
// queued job, exactly once however often the job runs.
import { describe, expect, it } from "vitest";
import {
  quarantineReturnedUnits,
  requeueStrandedReturnQuarantines,
} from "../../app/allocation/quarantine-returned.server";
import { authenticateAdmin } from "../../app/auth.server";
import { db } from "../../app/db.server";
import { offlineAdminGraphql } from "../../app/shopify/admin-graphql.server";
import { AppError } from "../../app/utils/errors";
import { findInventoryLevel } from "../../simulator/store/inventory";
import { createLot, createOrder, reconcileLocked, saveSettings } from "../support/allocation-factories";
import { setUpInProcessShopify, shopify, store } from "../support/in-process-shopify";
import { BROWSER_USER_AGENT } from "../support/simulated-app";
import { TEST_APP_URL } from "../support/test-env";

setUpInProcessShopify();

/** A shop with Lotline open, returns going to quarantine, and 10 soaps available at its location. */
let shopCount = 0;

async function shopWithLotline() {
  shopCount += 1;
  const { shop, locations } = shopify.createShop({ name: `Returns Soap ${shopCount}` });
  const domain = shop.myshopifyDomain;
  const location = locations[0];
  const variant = shopify.createProduct(domain, {
    title: "Lavender Soap",
    variants: [{ sku: `LAV-R${shopCount}`, inventory: { [location.id]: 10 } }],
  }).variants[0];
  const opened = await authenticateAdmin(
    new Request(`${TEST_APP_URL}/app`, {
      headers: { Authorization: `Bearer ${shopify.mintSessionToken(domain)}`, "User-Agent": BROWSER_USER_AGENT },
    }),
  );
  const shopId = opened.shop.id;
  await saveSettings(db(), shopId, { returnsToQuarantine: true });
  const item = {
    variantId: variant.id,
    productId: variant.productId,
    inventoryItemId: variant.inventoryItemId,
    sku: `LAV-R${shopCount}`,
    title: "Lavender Soap",
  };
  return { domain, shopId, location, item };
}

describe("moving returned units to quality control", () => {
  it("moves exactly the returned units in Shopify, once", async () => {
    const { domain, shopId, location, item } = await shopWithLotline();
    const lot = await createLot(db(), shopId, item, { quantity: 10, locationId: location.id, expiresAt: "2027-06-01" });
    const order = await createOrder(db(), shopId, {
      lines: [{ item, quantity: 3, fulfilledQuantity: 3, locationId: location.id }],
    });
    await reconcileLocked(db(), { shopId, orderRefId: order.id });
    await db().orderLineRef.update({ where: { id: order.lines[0].id }, data: { returnedQuantity: 2 } });
    const queued: { shopId: string; lotEventId: string }[] = [];
    await reconcileLocked(db(), {
      shopId,
      orderRefId: order.id,
      enqueueReturnQuarantine: async (payload) => queued.push(payload),
    });
    expect(queued).toHaveLength(1);

    const first = await quarantineReturnedUnits(db(), queued[0], { adminGraphql: offlineAdminGraphql });
    const again = await quarantineReturnedUnits(db(), queued[0], { adminGraphql: offlineAdminGraphql });

    expect(first).toEqual({ moved: 2 });
    expect(again).toEqual({ moved: 0 });
    const level = findInventoryLevel(store.shops.get(domain)!, item.inventoryItemId, location.id)!;
    expect(level.quantities).toMatchObject({ available: 8, quality_control: 2 });
    const row = await db().lot.findUniqueOrThrow({ where: { id: lot.id } });
    expect({ onHand: row.onHandQuantity, quarantined: row.quarantinedQuantity }).toEqual({ onHand: 9, quarantined: 2 });
  });

  it("queues again a move whose job was lost, and leaves a move already made alone", async () => {
    const { shopId, location, item } = await shopWithLotline();
    await createLot(db(), shopId, item, { quantity: 10, locationId: location.id });
    const order = await createOrder(db(), shopId, {
      lines: [
        { item, quantity: 1, fulfilledQuantity: 1, locationId: location.id },
        { item, quantity: 1, fulfilledQuantity: 1, locationId: location.id },
      ],
    });
    await reconcileLocked(db(), { shopId, orderRefId: order.id });
    for (const line of order.lines) {
      await db().orderLineRef.update({ where: { id: line.id }, data: { returnedQuantity: 1 } });
    }
    const lost: { shopId: string; lotEventId: string }[] = [];
    await reconcileLocked(db(), { shopId, orderRefId: order.id, enqueueReturnQuarantine: async (p) => lost.push(p) });
    await quarantineReturnedUnits(db(), lost[0], { adminGraphql: offlineAdminGraphql });

    const requeued: { shopId: string; lotEventId: string }[] = [];
    const later = new Date(Date.now() + 60_000);
    await requeueStrandedReturnQuarantines(db(), async (payload) => requeued.push(payload), later);

    expect(requeued.filter((payload) => payload.shopId === shopId)).toEqual([lost[1]]);
  });

  it("asks to be retried while the ledger row it was queued for is not visible yet", async () => {
    const { shopId } = await shopWithLotline();
    const error = await quarantineReturnedUnits(
      db(),
      { shopId, lotEventId: "01930000-0000-7000-8000-000000000000" },
      { adminGraphql: offlineAdminGraphql },
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe("CONFLICT");
  });
});
