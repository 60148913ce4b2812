// The home page's expiry counts against a real database: lots and units per warning window,
// expired lots with stock (marked or not yet), and nothing from another shop.
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { summarizeLotExpiry } from "../../app/models/lot-dashboard.server";
import { createShop } from "../support/factories";

let lotCount = 0;

async function lot(
  shopId: string,
  expiresAt: string | null,
  overrides: { status?: "expired" | "recalled"; onHand?: number } = {},
) {
  lotCount += 1;
  const onHand = overrides.onHand ?? 5;
  return db().lot.create({
    data: {
      shopId,
      code: `DASH-${lotCount}`,
      inventoryItemId: "gid://shopify/InventoryItem/1",
      variantId: "gid://shopify/ProductVariant/1",
      productId: "gid://shopify/Product/1",
      locationId: "gid://shopify/Location/1",
      productTitle: "Lavender Soap",
      expiresAt: expiresAt ? new Date(`${expiresAt}T00:00:00Z`) : null,
      receivedAt: new Date("2026-01-01T00:00:00Z"),
      receivedQuantity: Math.max(onHand, 1),
      onHandQuantity: onHand,
      status: overrides.status ?? "active",
    },
  });
}

const TODAY = { year: 2026, month: 11, day: 21 };

describe("summarizeLotExpiry", () => {
  it("counts lots and units per window, expired lots with stock, and only this shop's", async () => {
    const shop = await createShop(db());
    const other = await createShop(db());
    await lot(shop.id, "2026-11-21", { onHand: 3 }); // today: within every window
    await lot(shop.id, "2026-12-21", { onHand: 4 }); // day 30: still within 30
    await lot(shop.id, "2026-12-22", { onHand: 7 }); // day 31: within 60
    await lot(shop.id, "2027-02-19", { onHand: 2 }); // day 90
    await lot(shop.id, "2027-03-01"); // beyond 90
    await lot(shop.id, "2026-12-01", { onHand: 0 }); // sold out: not a warning
    await lot(shop.id, "2026-12-01", { status: "recalled" }); // not sellable anyway
    await lot(shop.id, null);
    await lot(shop.id, "2026-11-01", { status: "expired", onHand: 6 });
    await lot(shop.id, "2026-11-20", { onHand: 1 }); // past expiry, the nightly run has not marked it yet
    await lot(shop.id, "2026-10-01", { status: "expired", onHand: 0 }); // expired and empty
    await lot(other.id, "2026-11-25", { onHand: 50 });
    await lot(other.id, "2026-11-01", { status: "expired", onHand: 50 });

    const summary = await summarizeLotExpiry(db(), shop.id, { today: TODAY, windows: [30, 60, 90] });

    expect(summary).toEqual({
      expiring: [
        { days: 30, lots: 2, units: 7 },
        { days: 60, lots: 3, units: 14 },
        { days: 90, lots: 4, units: 16 },
      ],
      expiredWithStock: { lots: 2, units: 7 },
    });
  });

  it("is all zeros for a shop without lots", async () => {
    const shop = await createShop(db());
    expect(await summarizeLotExpiry(db(), shop.id, { today: TODAY, windows: [30] })).toEqual({
      expiring: [{ days: 30, lots: 0, units: 0 }],
      expiredWithStock: { lots: 0, units: 0 },
    });
  });
});
