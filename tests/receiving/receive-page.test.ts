// The Receive, receipt, lots and product-search routes as the embedded admin calls them: a
// session token for a shop, Lotline's real Admin client talking to the simulated store in this
// process, a real database and Redis. What the merchant would notice: a receipt saved and shown,
// a mistake named on its field with nothing saved, and no shop seeing another's data.
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { toDigitalLink } from "../../app/domain/gs1";
import { getQueue } from "../../app/jobs/queues.server";
import { loader as variantsLoader } from "../../app/routes/app.api.variants";
import { loader as lotsLoader } from "../../app/routes/app.lots._index";
import { loader as receiptLoader } from "../../app/routes/app.receipts.$id";
import { action as receiveAction, loader as receiveLoader } from "../../app/routes/app.receive";
import { setUpInProcessShopify, shopify } from "../support/in-process-shopify";
import { BROWSER_USER_AGENT } from "../support/simulated-app";
import { TEST_APP_URL } from "../support/test-env";
import { receivingRows } from "./harness";

setUpInProcessShopify();

let shopCount = 0;

/** A shop with Lotline open, a soap with a GTIN-13 barcode and a candle without one. */
async function shopWithLotline() {
  shopCount += 1;
  const { shop, locations } = shopify.createShop({ name: `Meadow Soap ${shopCount}` });
  const domain = shop.myshopifyDomain;
  const soap = shopify.createProduct(domain, {
    title: "Lavender Soap",
    variants: [{ sku: `LAV-${shopCount}`, barcode: "0614141001019", inventory: { [locations[0].id]: 10 } }],
  }).variants[0];
  const candle = shopify.createProduct(domain, {
    title: "Beeswax Candle",
    variants: [{ sku: `CAN-${shopCount}`, inventory: { [locations[0].id]: 0 } }],
  }).variants[0];
  // Opening the app: token exchange stores the offline session and the Shop row.
  await receiveLoader(args(domain, "/app/receive"));
  const { id: shopId } = await db().shop.findUniqueOrThrow({ where: { domain } });
  return { domain, shopId, location: locations[0], soap, candle };
}

type Shop = Awaited<ReturnType<typeof shopWithLotline>>;

/** Route arguments for a request the embedded app makes: App Bridge adds the session token. */
function args(domain: string, path: string, init: { method?: string; body?: URLSearchParams } = {}) {
  const request = new Request(`${TEST_APP_URL}${path}`, {
    method: init.method ?? "GET",
    body: init.body,
    headers: { Authorization: `Bearer ${shopify.mintSessionToken(domain)}`, "User-Agent": BROWSER_USER_AGENT },
  });
  const id = /^\/app\/receipts\/([^/?]+)/.exec(path)?.[1];
  return { request, params: id ? { id } : {}, context: {} };
}

/** What the Receive form posts for a delivery of 12 soaps (scanned) and 3 serial-tracked candles. */
function deliveryForm(shop: Shop, lines: Record<string, string>[] = defaultLines(shop)) {
  const form = new URLSearchParams({
    locationId: shop.location.id,
    supplierName: "Meadow Oils Ltd",
    referenceType: "invoice",
    referenceNumber: "4711",
    note: "Pallet 2 of 2",
  });
  lines.forEach((line, i) => {
    for (const [field, value] of Object.entries(line)) form.set(`lines[${i}].${field}`, value);
  });
  return form;
}

function defaultLines(shop: Shop): Record<string, string>[] {
  return [
    {
      variantId: shop.soap.id,
      quantity: "12",
      supplierLotCode: "SUPPLIER-7",
      gtin: "00614141001019",
      producedAt: "2026-01-15",
      expiresAt: "2027-12-31",
      serialMode: "none",
    },
    { variantId: shop.candle.id, quantity: "3", serialMode: "generate" },
  ];
}

async function post(shop: Shop, form: URLSearchParams) {
  return (await receiveAction(args(shop.domain, "/app/receive", { method: "POST", body: form }))) as Response;
}

/** A loader's thrown Response (404, 403) as its status; data as 200. */
async function statusOf(load: () => Promise<unknown>): Promise<number> {
  try {
    const result = await load();
    return result instanceof Response ? result.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("receiving through the Receive page", () => {
  it("saves a valid form as a receipt with its lots and serials, queues the Shopify update, and opens the receipt", async () => {
    const shop = await shopWithLotline();

    const response = await post(shop, deliveryForm(shop));

    expect(response.status).toBe(302);
    const location = response.headers.get("Location") ?? "";
    expect(location).toMatch(/^\/app\/receipts\/[0-9a-f-]{36}$/);
    const receiptId = location.split("/").pop()!;

    const receipt = await db().receipt.findFirstOrThrow({
      where: { id: receiptId, shopId: shop.shopId },
      include: { lines: { orderBy: { position: "asc" }, include: { lot: { include: { serialNumbers: true } } } } },
    });
    expect(receipt).toMatchObject({
      supplierName: "Meadow Oils Ltd",
      referenceType: "invoice",
      referenceNumber: "4711",
      locationId: shop.location.id,
      note: "Pallet 2 of 2",
      writeBackStatus: "pending",
    });
    const [soapLot, candleLot] = receipt.lines.map((line) => line.lot);
    // Product data came from Shopify by variant id: the form posted only the id.
    expect(soapLot).toMatchObject({
      variantId: shop.soap.id,
      inventoryItemId: shop.soap.inventoryItemId,
      productTitle: "Lavender Soap",
      sku: shop.soap.sku,
      supplierLotCode: "SUPPLIER-7",
      gtin: "00614141001019",
      receivedQuantity: 12,
      producedAt: new Date("2026-01-15T00:00:00Z"),
      expiresAt: new Date("2027-12-31T00:00:00Z"),
    });
    // The default template, {SKU}-{YY}{MM}{DD}-{SEQ:2}, on the shop's day (the simulated shop is on UTC).
    const day = new Date().toISOString().slice(2, 10).replaceAll("-", "");
    expect(soapLot.code).toBe(`${shop.soap.sku}-${day}-01`);
    expect(candleLot.code).toBe(`${shop.candle.sku}-${day}-01`);
    expect(candleLot.serialNumbers).toHaveLength(3);
    expect(await getQueue("shopify-writeback").getJob(`receipt-write-back-${receiptId}`)).toBeDefined();

    // The receipt page shows it, lot codes and serials included, with the write-back pending.
    const page = await (
      (await receiptLoader(args(shop.domain, `/app/receipts/${receiptId}`))) as unknown as Response
    ).json();
    expect(page).toMatchObject({
      locationName: shop.location.name,
      receipt: {
        id: receiptId,
        writeBackStatus: "pending",
        lines: [
          { quantity: 12, lot: { code: soapLot.code, supplierLotCode: "SUPPLIER-7" } },
          { quantity: 3, lot: { code: candleLot.code, _count: { serialNumbers: 3 } } },
        ],
      },
    });

    // The next receipt's preview starts after the numbers this one took.
    const receivePage = await ((await receiveLoader(args(shop.domain, "/app/receive"))) as unknown as Response).json();
    expect(receivePage.lastIssued).toMatchObject({ [`lot:${shop.soap.sku}-${day}-⟨SEQ⟩`]: 1 });
  });

  it("answers 422 with the error on the second line's expiry field when it is before production, and saves nothing", async () => {
    const shop = await shopWithLotline();
    const [soap] = defaultLines(shop);
    const form = deliveryForm(shop, [
      soap,
      { variantId: shop.candle.id, quantity: "5", producedAt: "2026-05-01", expiresAt: "2026-04-01" },
    ]);

    const response = await post(shop, form);

    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.fields).toEqual({ "lines[1].expiresAt": "Expiry date is before the production date" });
    expect(body.message).toMatch(/nothing was saved/);
    expect(await receivingRows(db(), shop.shopId)).toMatchObject({
      receipts: 0,
      receiptLines: 0,
      lots: 0,
      serialNumbers: 0,
      lotEvents: 0,
      auditEntries: 0,
      codeSequences: [],
    });
  });

  it("refuses another shop's variant and a scanned GTIN that is not the chosen product's, naming both lines", async () => {
    const shop = await shopWithLotline();
    const other = await shopWithLotline();

    const response = await post(
      shop,
      deliveryForm(shop, [
        { variantId: other.soap.id, quantity: "2" },
        { variantId: shop.soap.id, quantity: "2", gtin: "09506000134352" },
        { variantId: shop.candle.id, quantity: "0" },
      ]),
    );

    expect(response.status).toBe(422);
    const { fields } = await response.json();
    expect(fields).toEqual({
      "lines[0].variant": expect.stringMatching(/not in your shop/),
      "lines[1].gtin": expect.stringMatching(/09506000134352 is not the barcode of Lavender Soap/),
      "lines[2].quantity": "Enter a quantity of at least 1",
    });
    expect((await receivingRows(db(), shop.shopId)).receipts).toBe(0);
  });

  it("answers 400 to a post that is not the Receive form", async () => {
    const shop = await shopWithLotline();
    const form = deliveryForm(shop);
    form.set("referenceType", "love letter");
    expect((await post(shop, form)).status).toBe(400);
    expect((await receivingRows(db(), shop.shopId)).receipts).toBe(0);
  });
});

describe("the receipt page", () => {
  it("answers 404 for another shop's receipt, and for an id that is no receipt", async () => {
    const shop = await shopWithLotline();
    const other = await shopWithLotline();
    const receiptId = (await post(shop, deliveryForm(shop))).headers.get("Location")!.split("/").pop()!;

    expect(await statusOf(() => receiptLoader(args(shop.domain, `/app/receipts/${receiptId}`)))).toBe(200);
    expect(await statusOf(() => receiptLoader(args(other.domain, `/app/receipts/${receiptId}`)))).toBe(404);
    expect(await statusOf(() => receiptLoader(args(shop.domain, "/app/receipts/not-a-receipt")))).toBe(404);
  });
});

describe("the product search", () => {
  async function search(shop: Shop, query: string) {
    const response = (await variantsLoader(args(shop.domain, `/app/api/variants?${query}`))) as unknown as Response;
    return { status: response.status, body: await response.json() };
  }

  it("finds the requesting shop's variants by title, SKU and barcode, and never another shop's", async () => {
    const shop = await shopWithLotline();
    const other = await shopWithLotline();
    const ids = (answer: { status: number; body: { variants: { variantId: string }[] } }) => {
      expect(answer.status).toBe(200);
      return answer.body.variants.map((variant) => variant.variantId);
    };

    expect(ids(await search(shop, "q=lav"))).toEqual([shop.soap.id]);
    expect(ids(await search(shop, "q=lavender+so"))).toEqual([shop.soap.id]);
    expect(ids(await search(shop, `q=${shop.candle.sku}`))).toEqual([shop.candle.id]);
    expect(ids(await search(shop, "q=0614141"))).toEqual([shop.soap.id]);
    expect(ids(await search(other, "q=lav"))).toEqual([other.soap.id]);
    // Another shop's SKU finds nothing here.
    expect(ids(await search(shop, `q=${other.soap.sku}`))).toEqual([]);

    // A scanned GTIN (14 digits) finds the variant whose barcode holds its 13.
    const byGtin = await search(shop, "gtin=00614141001019");
    expect(byGtin.body.variants).toEqual([
      expect.objectContaining({ variantId: shop.soap.id, displayName: "Lavender Soap", barcode: "0614141001019" }),
    ]);
    expect((await search(shop, "gtin=12ab")).status).toBe(400);
  });
});

describe("the lots page", () => {
  it("lists the shop's lots newest first and finds one by a scanned GS1 Digital Link's lot (10)", async () => {
    const shop = await shopWithLotline();
    const other = await shopWithLotline();
    await post(shop, deliveryForm(shop));
    await post(other, deliveryForm(other));
    const lots = async (domain: string, query = "") =>
      ((await lotsLoader(args(domain, `/app/lots${query}`))) as unknown as Response).json();

    const all = await lots(shop.domain);
    expect(all.lots.map((lot: { sku: string }) => lot.sku).sort()).toEqual([shop.candle.sku, shop.soap.sku].sort());
    expect(all.lots[0]).toMatchObject({ location: shop.location.name, onHand: expect.any(Number), status: "active" });

    const link = toDigitalLink([
      { ai: "01", value: "00614141001019" },
      { ai: "10", value: "SUPPLIER-7" },
    ]);
    if (!link.ok) throw new Error(link.error);
    const scanned = await lots(shop.domain, `?scan=${encodeURIComponent(link.uri)}`);
    expect(scanned.lots).toEqual([expect.objectContaining({ sku: shop.soap.sku, supplierLotCode: "SUPPLIER-7" })]);
    expect(scanned.scanError).toBeNull();

    const bySearch = await lots(shop.domain, "?q=supplier-7");
    expect(bySearch.lots.map((lot: { sku: string }) => lot.sku)).toEqual([shop.soap.sku]);

    const badScan = await lots(shop.domain, "?scan=(01)00614141001018");
    expect(badScan.scanError).toMatch(/check digit/i);
  });
});
