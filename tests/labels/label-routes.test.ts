// Label PDFs as the embedded admin fetches them: a receipt received through the Receive page, its
// labels rendered for each sheet size and symbol, read back page by page and decoded as a scanner
// would. Another shop's receipt or lot is a 404; a parameter Lotline does not know is a 400.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { parseGs1 } from "../../app/domain/gs1";
import { loader as lotLabelsLoader } from "../../app/routes/app.lots.$id.labels";
import { loader as receiptLabelsLoader } from "../../app/routes/app.receipts.$id.labels";
import { action as receiveAction, loader as receiveLoader } from "../../app/routes/app.receive";
import { setUpInProcessShopify, shopify } from "../support/in-process-shopify";
import { BROWSER_USER_AGENT } from "../support/simulated-app";
import { TEST_APP_URL } from "../support/test-env";
import { readLabelPdf } from "./pdf-reading";

setUpInProcessShopify();

let shopCount = 0;

/** A shop that received 12 soaps with a GTIN and 3 serial-tracked candles without one. */
async function shopWithReceipt() {
  shopCount += 1;
  const { shop, locations } = shopify.createShop({ name: `Label Soap ${shopCount}` });
  const domain = shop.myshopifyDomain;
  const soap = shopify.createProduct(domain, {
    title: "Lavender Soap",
    variants: [{ sku: `LAV-${shopCount}`, barcode: "0614141001019", inventory: { [locations[0].id]: 0 } }],
  }).variants[0];
  const candle = shopify.createProduct(domain, {
    title: "Beeswax Candle",
    variants: [{ sku: `CAN-${shopCount}`, inventory: { [locations[0].id]: 0 } }],
  }).variants[0];
  await receiveLoader(call(domain, "/app/receive"));
  const form = new URLSearchParams({ locationId: locations[0].id, supplierName: "Meadow Oils Ltd" });
  const lines = [
    { variantId: soap.id, quantity: "12", gtin: "00614141001019", producedAt: "2026-01-15", expiresAt: "2027-12-31" },
    { variantId: candle.id, quantity: "3", serialMode: "generate" },
  ];
  lines.forEach((line, i) => {
    for (const [field, value] of Object.entries(line)) form.set(`lines[${i}].${field}`, value);
  });
  const response = (await receiveAction(call(domain, "/app/receive", { method: "POST", body: form }))) as Response;
  expect(response.status).toBe(302);
  const receiptId = (response.headers.get("Location") ?? "").split("/").pop() ?? "";
  const receipt = await db().receipt.findUniqueOrThrow({
    where: { id: receiptId },
    include: { lines: { orderBy: { position: "asc" }, include: { lot: { include: { serialNumbers: true } } } } },
  });
  const [soapLot, candleLot] = receipt.lines.map((line) => line.lot);
  return { domain, receiptId, soapLot, candleLot };
}

function call(domain: string, path: string, init: { method?: string; body?: URLSearchParams } = {}) {
  const request = new Request(`${TEST_APP_URL}${path}`, {
    method: init.method ?? "GET",
    body: init.body,
    headers: { Authorization: `Bearer ${shopify.mintSessionToken(domain)}`, "User-Agent": BROWSER_USER_AGENT },
  });
  const id = /^\/app\/(?:receipts|lots)\/([^/?]+)/.exec(path)?.[1];
  return { request, params: id ? { id } : {}, context: {} };
}

async function receiptLabels(domain: string, receiptId: string, query = "") {
  return (await receiptLabelsLoader(call(domain, `/app/receipts/${receiptId}/labels${query}`))) as Response;
}

async function pdfOf(response: Response) {
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/pdf");
  return readLabelPdf(new Uint8Array(await response.arrayBuffer()));
}

let shared: Awaited<ReturnType<typeof shopWithReceipt>>;
beforeAll(async () => {
  shared = await shopWithReceipt();
});

describe("receipt labels", () => {
  it("answers a 4 × 6 in PDF, inline, one page per lot, with the lot codes and GS1-128 barcodes that scan", async () => {
    const { domain, receiptId, soapLot, candleLot } = shared;

    const response = await receiptLabels(domain, receiptId);

    expect(response.headers.get("Content-Disposition")).toMatch(/^inline; filename="lotline-receipt-.*-4x6\.pdf"$/);
    const pages = await pdfOf(response);
    expect(pages).toHaveLength(2);
    for (const page of pages) expect([page.width, page.height]).toEqual([288, 432]);
    expect(pages[0].text).toEqual(
      expect.arrayContaining(["Lavender Soap", `Lot ${soapLot.code}`, "Expires 2027-12-31"]),
    );
    expect(pages[0].barcodes).toEqual([
      { format: "Code128", symbologyIdentifier: "]C1", text: `(01)00614141001019(17)271231(10)${soapLot.code}` },
    ]);
    // What the scanner reads is what receiving parses back into the same lot.
    expect(parseGs1(pages[0].barcodes[0].text)).toMatchObject({
      ok: true,
      ais: expect.arrayContaining([{ ai: "10", value: soapLot.code }]),
    });
    // The candle has no GTIN: a plain Code 128 of the lot code, and the label says it is not GS1.
    expect(pages[1].text).toEqual(expect.arrayContaining([`Lot ${candleLot.code}`]));
    expect(pages[1].text.join(" ")).toMatch(/Not a GS1 barcode \(no GTIN\)/);
    expect(pages[1].barcodes).toEqual([{ format: "Code128", symbologyIdentifier: "]C0", text: candleLot.code }]);
  });

  it("prints one 2 × 1 in label per serial number, each barcode naming the lot and the unit (the candle has no GTIN, so Code 128)", async () => {
    const { domain, receiptId, candleLot } = shared;

    const pages = await pdfOf(await receiptLabels(domain, receiptId, "?size=2x1&serials=1"));

    // The soap lot has no serials (one label), the candle's three units one each.
    expect(pages).toHaveLength(1 + candleLot.serialNumbers.length);
    for (const page of pages) expect([page.width, page.height]).toEqual([144, 72]);
    const serials = candleLot.serialNumbers.map((s) => s.serial).sort();
    expect(pages.slice(1).map((page) => page.barcodes[0]?.text)).toEqual(serials.map((s) => `${candleLot.code} ${s}`));
  });

  it("encodes the same element string as a GS1 DataMatrix, and the Digital Link URI as a QR code", async () => {
    const { domain, receiptId, soapLot } = shared;

    const [matrix] = await pdfOf(await receiptLabels(domain, receiptId, "?symbol=datamatrix"));
    expect(matrix.barcodes).toEqual([
      { format: "DataMatrix", symbologyIdentifier: "]d2", text: `(01)00614141001019(17)271231(10)${soapLot.code}` },
    ]);

    const [qr] = await pdfOf(await receiptLabels(domain, receiptId, "?symbol=qr"));
    expect(qr.barcodes).toEqual([
      {
        format: "QRCode",
        symbologyIdentifier: "]Q1",
        text: `https://id.gs1.org/01/00614141001019/10/${soapLot.code}?17=271231`,
      },
    ]);
  });

  it("lays A4 and Letter sheets out as one page holding every label", async () => {
    const { domain, receiptId } = shared;

    const a4 = await pdfOf(await receiptLabels(domain, receiptId, "?size=a4&serials=1"));
    expect(a4).toHaveLength(1);
    expect(a4[0].width).toBeCloseTo(595.28, 1);
    expect(a4[0].height).toBeCloseTo(841.89, 1);
    expect(a4[0].barcodes).toHaveLength(4);

    const letter = await pdfOf(await receiptLabels(domain, receiptId, "?size=letter"));
    expect(letter.map((page) => [page.width, page.height])).toEqual([[612, 792]]);
    expect(letter[0].barcodes).toHaveLength(2);
  });

  it("answers 400 naming the parameter when the size or symbol is unknown", async () => {
    const { domain, receiptId } = shared;

    const badSize = await receiptLabels(domain, receiptId, "?size=a5");
    expect(badSize.status).toBe(400);
    expect(await badSize.text()).toBe("size must be one of 4x6, 2x1, a4, letter");

    const badSymbol = await receiptLabels(domain, receiptId, "?symbol=ean13&serials=yes");
    expect(badSymbol.status).toBe(400);
    expect(await badSymbol.text()).toMatch(/symbol must be one of gs1-128, datamatrix, qr; serials must be 1/);
  });

  it("answers 404 for another shop's receipt or lot, and for an id that is not one", async () => {
    const other = await shopWithReceipt();

    const receipt = await receiptLabels(other.domain, shared.receiptId);
    expect(receipt.status).toBe(404);
    expect(await receipt.text()).toBe("This receipt does not exist in your shop.");
    const lot = (await lotLabelsLoader(call(other.domain, `/app/lots/${shared.soapLot.id}/labels`))) as Response;
    expect(lot.status).toBe(404);
    expect((await receiptLabels(shared.domain, "not-a-uuid")).status).toBe(404);
  });
});

describe("lot labels", () => {
  it("answers one lot's labels, named after its code", async () => {
    const { domain, soapLot } = shared;

    const response = (await lotLabelsLoader(call(domain, `/app/lots/${soapLot.id}/labels?size=2x1`))) as Response;

    expect(response.headers.get("Content-Disposition")).toBe(
      `inline; filename="lotline-lot-${soapLot.code}-labels-2x1.pdf"`,
    );
    const pages = await pdfOf(response);
    expect(pages).toHaveLength(1);
    expect(pages[0].barcodes[0].text).toBe(`(01)00614141001019(17)271231(10)${soapLot.code}`);
  });
});
