// The lot page and the trace search as the embedded admin calls them: the lot's stock, forward
// and backward trace and timeline with Shopify's location names; a search or scan with one exact
// hit going straight to the lot; files asked for from the page; other shops' lots are 404.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { action as lotAction, loader as lotLoader } from "../../app/routes/app.lots.$id._index";
import { loader as traceLoader } from "../../app/routes/app.trace";
import { routeArgs, settle, shopWithLotline, type TestShop } from "../orders-ui/harness";
import { setUpInProcessShopify } from "../support/in-process-shopify";
import { receiveLot, shipOrder } from "../support/trace-factories";

setUpInProcessShopify();

let shop: TestShop;
let other: TestShop;
let lotId: string;

beforeAll(async () => {
  shop = await shopWithLotline("Trace Soap");
  other = await shopWithLotline("Other Soap");
  const { lot } = await receiveLot(db(), shop.shopId, {
    code: "LAV-2611-001",
    quantity: 20,
    gtin: "9506000134352",
    supplierLotCode: "ML-88",
    supplierName: "Meadow Oils Ltd",
    referenceNumber: "INV-4711",
    locationId: shop.location.id,
  });
  lotId = lot.id;
  await shipOrder(db(), shop.shopId, {
    name: "#1001",
    customerName: "Ada Almeida",
    companyName: "Corner Deli Ltd",
    lines: [{ lotId, quantity: 4 }],
  });
});

async function lotPage(domain: string, id: string) {
  return settle(() => lotLoader(routeArgs(domain, `/app/lots/${id}`, undefined, { id })));
}

describe("the lot page", () => {
  it("shows the lot's stock, where it went, where it came from and its timeline", async () => {
    const response = await lotPage(shop.domain, lotId);
    expect(response.status).toBe(200);
    const page = await response.json();
    expect(page.lot).toMatchObject({ code: "LAV-2611-001", location: shop.location.name });
    expect(page.stock).toMatchObject({ received: 20, onHand: 16 });
    expect(page.forward.shipments).toEqual([
      expect.objectContaining({ orderName: "#1001", company: "Corner Deli Ltd", customer: "Ada Almeida", quantity: 4 }),
    ]);
    expect(page.backward.receipts).toEqual([
      expect.objectContaining({ supplier: "Meadow Oils Ltd", document: "invoice INV-4711", quantity: 20 }),
    ]);
    // Newest first on the page.
    expect(page.timeline.map((entry: { title: string }) => entry.title)).toEqual([
      "Shipped 4 units",
      "Reserved 0 units",
      "Received 20 units",
    ]);
  });

  it("is not found for another shop, or for an id that is no lot id", async () => {
    const foreign = await lotPage(other.domain, lotId);
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).toBe("This lot does not exist in your shop.");
    expect((await lotPage(shop.domain, "not-a-lot")).status).toBe(404);
  });

  it("asks for the lot's EPCIS file and sends the merchant to Exports", async () => {
    const response = await settle(() =>
      lotAction(
        routeArgs(shop.domain, `/app/lots/${lotId}`, new URLSearchParams({ kind: "epcis", format: "json" }), {
          id: lotId,
        }),
      ),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/app/exports");
    const job = await db().exportJob.findFirstOrThrow({ where: { shopId: shop.shopId, kind: "epcis" } });
    expect(job.parameters).toEqual({ lotFrom: "LAV-2611-001", lotTo: "LAV-2611-001" });
  });

  it("refuses a file for another shop's lot and queues nothing", async () => {
    const response = await settle(() =>
      lotAction(
        routeArgs(other.domain, `/app/lots/${lotId}`, new URLSearchParams({ kind: "forward_trace", format: "xlsx" }), {
          id: lotId,
        }),
      ),
    );
    expect(response.status).toBe(404);
    expect(await db().exportJob.count({ where: { shopId: other.shopId } })).toBe(0);
  });
});

describe("the trace search", () => {
  const search = (domain: string, q: string) =>
    settle(() => traceLoader(routeArgs(domain, `/app/trace?${new URLSearchParams({ q, shop: domain })}`)));

  it("opens the lot for its code", async () => {
    const response = await search(shop.domain, "LAV-2611-001");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/app/lots/${lotId}?shop=${shop.domain}`);
  });

  it("opens the lot for a scanned GS1 Digital Link", async () => {
    const response = await search(shop.domain, "https://id.gs1.org/01/09506000134352/10/LAV-2611-001");
    expect(response.headers.get("Location")).toBe(`/app/lots/${lotId}?shop=${shop.domain}`);
  });

  it("lists partial matches to choose from", async () => {
    const response = await search(shop.domain, "2611");
    expect(response.status).toBe(200);
    expect((await response.json()).lots).toEqual([
      expect.objectContaining({ code: "LAV-2611-001", matchedBy: "partial" }),
    ]);
  });

  it("finds nothing of this shop from another shop", async () => {
    const response = await search(other.domain, "LAV-2611-001");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ lots: [], serials: [] });
  });
});
