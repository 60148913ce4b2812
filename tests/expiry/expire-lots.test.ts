// The expiry run against a real database and the simulated store: a lot past its expiry date
// (in the shop's time zone) becomes expired once, with one ledger row; lots expiring today or
// later and other shops' lots stay as they are; with the shop's quarantine setting on, the lot's
// sellable stock moves to quality control in Shopify, once.
import { describe, expect, it } from "vitest";
import { authenticateAdmin } from "../../app/auth.server";
import { db } from "../../app/db.server";
import { enqueueExpiryRuns, expireLotsForShop } from "../../app/expiry/expire-lots.server";
import { quarantineExpiredLot } from "../../app/expiry/quarantine-lot.server";
import { DEFAULT_SHOP_SETTINGS } from "../../app/settings/shop-settings";
import { updateShopSettings } from "../../app/settings/shop-settings.server";
import { offlineAdminGraphql } from "../../app/shopify/admin-graphql.server";
import { findInventoryLevel } from "../../simulator/store/inventory";
import { createShop } from "../support/factories";
import { setUpInProcessShopify, shopify, store } from "../support/in-process-shopify";
import { BROWSER_USER_AGENT } from "../support/simulated-app";
import { TEST_APP_URL } from "../support/test-env";

setUpInProcessShopify();

let shopCount = 0;

/** A shop (in Auckland unless told) with Lotline open and 10 soaps available at its location. */
async function shopWithLotline(ianaTimezone = "Pacific/Auckland") {
  shopCount += 1;
  const { shop, locations } = shopify.createShop({ name: `Expiry Soap ${shopCount}`, ianaTimezone });
  const domain = shop.myshopifyDomain;
  const location = locations[0];
  const soap = shopify.createProduct(domain, {
    title: "Lavender Soap",
    variants: [{ sku: `LAV-${shopCount}`, inventory: { [location.id]: 10 } }],
  }).variants[0];
  const opened = await authenticateAdmin(
    new Request(`${TEST_APP_URL}/app`, {
      headers: { Authorization: `Bearer ${shopify.mintSessionToken(domain)}`, "User-Agent": BROWSER_USER_AGENT },
    }),
  );
  return { domain, shopId: opened.shop.id, location, soap };
}

type Shop = Awaited<ReturnType<typeof shopWithLotline>>;

let lotCount = 0;

async function lot(shop: Pick<Shop, "shopId"> & Partial<Shop>, expiresAt: string | null, overrides = {}) {
  lotCount += 1;
  return db().lot.create({
    data: {
      shopId: shop.shopId,
      code: `LOT-${lotCount}`,
      inventoryItemId: shop.soap?.inventoryItemId ?? "gid://shopify/InventoryItem/1",
      variantId: shop.soap?.id ?? "gid://shopify/ProductVariant/1",
      productId: "gid://shopify/Product/1",
      locationId: shop.location?.id ?? "gid://shopify/Location/1",
      productTitle: "Lavender Soap",
      expiresAt: expiresAt ? new Date(`${expiresAt}T00:00:00Z`) : null,
      receivedAt: new Date("2026-01-01T00:00:00Z"),
      receivedQuantity: 6,
      onHandQuantity: 6,
      ...overrides,
    },
  });
}

function collaborators(now: Date, queued: { shopId: string; lotId: string }[] = []) {
  return {
    now,
    adminGraphql: offlineAdminGraphql,
    enqueueQuarantine: async (payload: { shopId: string; lotId: string }) => {
      queued.push(payload);
    },
  };
}

async function statusAndEvents(lotId: string) {
  const row = await db().lot.findUniqueOrThrow({ where: { id: lotId }, include: { events: true } });
  return { status: row.status, events: row.events.map((event) => event.type) };
}

// 2026-11-21 13:00 UTC is already 2026-11-22 (02:00) in Auckland.
const NOW = new Date("2026-11-21T13:00:00Z");

describe("the expiry run", () => {
  it("marks a lot that expired before today in the shop's zone, once, and leaves today's and tomorrow's", async () => {
    const shop = await shopWithLotline();
    const expired = await lot(shop, "2026-11-21"); // yesterday in Auckland, still today in UTC
    const today = await lot(shop, "2026-11-22");
    const tomorrow = await lot(shop, "2026-11-23");
    const noExpiry = await lot(shop, null);
    const recalled = await lot(shop, "2026-01-01", { status: "recalled" });

    const first = await expireLotsForShop(db(), shop.shopId, collaborators(NOW));
    const second = await expireLotsForShop(db(), shop.shopId, collaborators(new Date(NOW.getTime() + 3600_000)));

    expect(first.expiredLotIds).toEqual([expired.id]);
    expect(second.expiredLotIds).toEqual([]);
    expect(await statusAndEvents(expired.id)).toEqual({ status: "expired", events: ["expired"] });
    for (const untouched of [today, tomorrow, noExpiry]) {
      expect(await statusAndEvents(untouched.id)).toEqual({ status: "active", events: [] });
    }
    expect(await statusAndEvents(recalled.id)).toEqual({ status: "recalled", events: [] });
  });

  it("leaves another shop's lots alone", async () => {
    const shop = await shopWithLotline();
    const other = await createShop(db());
    const othersLot = await lot({ shopId: other.id }, "2026-01-01");

    await expireLotsForShop(db(), shop.shopId, collaborators(NOW));

    expect(await statusAndEvents(othersLot.id)).toEqual({ status: "active", events: [] });
  });

  it("queues one run per installed shop, id'd by the hour", async () => {
    const installed = await createShop(db());
    const uninstalled = await createShop(db(), { uninstalledAt: new Date() });
    const queued: { shopId: string; runHour: string }[] = [];

    await enqueueExpiryRuns(db(), async (payload) => queued.push(payload), NOW);

    expect(queued).toContainEqual({ shopId: installed.id, runHour: "2026-11-21T13" });
    expect(queued.map((payload) => payload.shopId)).not.toContain(uninstalled.id);
  });

  it("queues no quarantine while the shop setting is off (the default)", async () => {
    const shop = await shopWithLotline();
    await lot(shop, "2026-11-01");
    const queued: { shopId: string; lotId: string }[] = [];

    await expireLotsForShop(db(), shop.shopId, collaborators(NOW, queued));

    expect(queued).toEqual([]);
  });

  it("with quarantine on, moves the expired lot's available units to quality control in Shopify, once", async () => {
    const shop = await shopWithLotline();
    await updateShopSettings(db(), shop.shopId, { ...DEFAULT_SHOP_SETTINGS, quarantineExpired: true }, "user:1");
    // 6 on hand, 2 of them allocated to orders: 4 can still sell and are moved.
    const expired = await lot(shop, "2026-11-01", { allocatedQuantity: 2 });
    const queued: { shopId: string; lotId: string }[] = [];

    await expireLotsForShop(db(), shop.shopId, collaborators(NOW, queued));
    expect(queued).toEqual([{ shopId: shop.shopId, lotId: expired.id }]);

    const first = await quarantineExpiredLot(db(), queued[0], { adminGraphql: offlineAdminGraphql });
    const again = await quarantineExpiredLot(db(), queued[0], { adminGraphql: offlineAdminGraphql });

    expect(first).toEqual({ moved: 4 });
    expect(again).toEqual({ moved: 0 });
    const level = findInventoryLevel(store.shops.get(shop.domain)!, shop.soap.inventoryItemId, shop.location.id)!;
    expect(level.quantities).toMatchObject({ available: 6, quality_control: 4 });
    const events = await db().lotEvent.findMany({ where: { lotId: expired.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((event) => [event.type, event.reference])).toEqual([
      ["expired", { expiresAt: "2026-11-01" }],
      [
        "quarantined",
        expect.objectContaining({ kind: "expiry-quarantine", from: "available", to: "quality_control", quantity: 4 }),
      ],
    ]);
  });
});
