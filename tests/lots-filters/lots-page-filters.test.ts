// The Lots page behind the dashboard's cards: `?expiring=N` and `?status=expired|quarantined`
// list exactly the lots the cards count (soonest expiry first), say which filter is on, and a
// value the page cannot use is named rather than guessed at.
import { describe, expect, it } from "vitest";
import { loader as homeLoader } from "../../app/routes/app._index";
import { loader as lotsLoader } from "../../app/routes/app.lots._index";
import { setUpInProcessShopify } from "../support/in-process-shopify";
import { adminRequest, openShopWithSoap, type SoapShop, soapLot } from "../support/inventory-factories";

setUpInProcessShopify();

/** YYYY-MM-DD `days` after today (the simulated shops keep UTC). */
function inDays(days: number): string {
  return new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

async function lotsPage(shop: SoapShop, query: string) {
  const response = (await lotsLoader({
    request: adminRequest(shop.domain, `/app/lots${query}`),
    params: {},
    context: {},
  })) as unknown as Response;
  return response.json();
}

async function dashboard(shop: SoapShop) {
  const home = (await homeLoader({
    request: adminRequest(shop.domain, "/app"),
    params: {},
    context: {},
  })) as unknown as {
    dashboard: { expiring: { days: number; lots: number }[]; expiredWithStock: { lots: number } };
  };
  return home.dashboard;
}

/** A shop holding lots in every state the dashboard cares about; answers their codes by name. */
async function shopWithLots() {
  const shop = await openShopWithSoap();
  const other = await openShopWithSoap();
  const lots = {
    in20: await soapLot(shop, { expiresAt: inDays(20) }),
    in5: await soapLot(shop, { expiresAt: inDays(5) }),
    in45: await soapLot(shop, { expiresAt: inDays(45) }),
    in5SoldOut: await soapLot(shop, { expiresAt: inDays(5), onHand: 0 }),
    expired: await soapLot(shop, { expiresAt: inDays(-10), status: "expired" }),
    pastButUnmarked: await soapLot(shop, { expiresAt: inDays(-1) }),
    quarantined: await soapLot(shop, { expiresAt: inDays(100), status: "quarantined" }),
    undated: await soapLot(shop),
  };
  await soapLot(other, { expiresAt: inDays(5) });
  await soapLot(other, { expiresAt: inDays(-3), status: "expired" });
  const code = Object.fromEntries(Object.entries(lots).map(([name, lot]) => [name, lot.code]));
  return { shop, code };
}

const codes = (page: { lots: { code: string }[] }) => page.lots.map((lot) => lot.code);

describe("the Lots page's filters", () => {
  it("?expiring=30 lists this shop's lots with stock expiring within 30 days, soonest first, as the card counts", async () => {
    const { shop, code } = await shopWithLots();

    const page = await lotsPage(shop, "?expiring=30");

    expect(codes(page)).toEqual([code.in5, code.in20]);
    expect(page.filterLabel).toBe("Lots with stock expiring within 30 days");
    expect(page.filterError).toBeNull();
    const card = (await dashboard(shop)).expiring.find((window) => window.days === 30);
    expect(card?.lots).toBe(page.lots.length);
  });

  it("?status=expired lists expired lots that still hold stock, marked or not yet, as the card counts", async () => {
    const { shop, code } = await shopWithLots();

    const page = await lotsPage(shop, "?status=expired");

    expect(codes(page)).toEqual([code.expired, code.pastButUnmarked]);
    expect(page.filterLabel).toBe("Expired lots that still hold stock");
    expect((await dashboard(shop)).expiredWithStock.lots).toBe(2);
  });

  it("?status=quarantined lists quarantined lots", async () => {
    const { shop, code } = await shopWithLots();
    const page = await lotsPage(shop, "?status=quarantined");
    expect(codes(page)).toEqual([code.quarantined]);
    expect(page.filterLabel).toBe("Lots with stock in quarantine");
  });

  it("without a filter (the merchant cleared it) lists every lot of the shop again", async () => {
    const { shop } = await shopWithLots();
    const page = await lotsPage(shop, "");
    expect(page.lots).toHaveLength(8);
    expect(page.filterLabel).toBeNull();
  });

  it("names a filter value it cannot use and shows all lots instead", async () => {
    const { shop } = await shopWithLots();

    const badDays = await lotsPage(shop, "?expiring=soon");
    expect(badDays.filterError).toBe(
      'The "expiring" filter takes a number of days from 1 to 3650, such as expiring=30; showing all lots instead.',
    );
    expect(badDays.lots).toHaveLength(8);
    expect(badDays.filterLabel).toBeNull();

    const badStatus = await lotsPage(shop, "?status=spoiled");
    expect(badStatus.filterError).toContain('The "status" filter takes one of active, quarantined');
  });
});
