// Lot-import test helpers: a shop in the simulated store with Lotline open, CSV files built
// from rows, the import routes called as the embedded admin calls them, and a count of every
// row an import may write (so a test can show that a refused import changed nothing).
import type { Db } from "../../app/db.server";
import { LOT_IMPORT_COLUMNS, type LotImportColumn } from "../../app/imports/lot-csv";
import { action as importAction, loader as importLoader } from "../../app/routes/app.lots.import";
import { loader as templateLoader } from "../../app/routes/app.lots.import.template";
import { findInventoryLevel, quantityOf } from "../../simulator/store/inventory";
import { shopify, store } from "./in-process-shopify";
import { BROWSER_USER_AGENT } from "./simulated-app";
import { TEST_APP_URL } from "./test-env";

let shopCount = 0;

/** A shop with two locations, a soap (SOAP-<n>) with 40 in stock at the workshop and a candle (CANDLE-<n>). */
export async function shopWithLotline(db: Db, options: { extraSkus?: string[] } = {}) {
  shopCount += 1;
  const { shop, locations } = shopify.createShop({
    name: `Import Soap ${shopCount}`,
    locations: [{ name: "Workshop" }, { name: "Market Stall" }],
  });
  const domain = shop.myshopifyDomain;
  const [workshop, stall] = locations;
  const soapSku = `SOAP-${shopCount}`;
  const candleSku = `CANDLE-${shopCount}`;
  const soap = shopify.createProduct(domain, {
    title: "Lavender Soap",
    variants: [{ sku: soapSku, inventory: { [workshop.id]: 40 } }],
  }).variants[0];
  const candle = shopify.createProduct(domain, {
    title: "Beeswax Candle",
    variants: [{ sku: candleSku, inventory: { [workshop.id]: 5 } }],
  }).variants[0];
  for (const sku of options.extraSkus ?? []) {
    shopify.createProduct(domain, { title: `Product ${sku}`, variants: [{ sku, inventory: { [workshop.id]: 3 } }] });
  }
  // Opening a page: token exchange stores the offline session and the Shop row.
  await importLoader(routeArgs(domain, "/app/lots/import"));
  const { id: shopId } = await db.shop.findUniqueOrThrow({ where: { domain } });
  return { domain, shopId, workshop, stall, soap, candle, soapSku, candleSku };
}

export type ImportShop = Awaited<ReturnType<typeof shopWithLotline>>;

/** Route arguments for a request the embedded app makes (App Bridge adds the session token). */
export function routeArgs(domain: string, path: string, init: { method?: string; body?: BodyInit } = {}) {
  const request = new Request(`${TEST_APP_URL}${path}`, {
    method: init.method ?? "GET",
    body: init.body,
    headers: { Authorization: `Bearer ${shopify.mintSessionToken(domain)}`, "User-Agent": BROWSER_USER_AGENT },
  });
  return { request, params: {}, context: {} };
}

/** A CSV with the template's header and these rows (missing columns empty). */
export function lotsCsv(rows: Partial<Record<LotImportColumn, string | number>>[], delimiter = ","): string {
  const cell = (value: string) => (/[",;\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const lines = [LOT_IMPORT_COLUMNS.join(delimiter)];
  for (const row of rows) {
    lines.push(LOT_IMPORT_COLUMNS.map((column) => cell(String(row[column] ?? ""))).join(delimiter));
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** Uploads a file for the dry run; answers the redirect (with the import id) or the refusal. */
export async function uploadCsv(domain: string, content: string | Uint8Array, fileName = "lots.csv") {
  const form = new FormData();
  form.set(
    "file",
    new File([typeof content === "string" ? content : new Uint8Array(content)], fileName, { type: "text/csv" }),
  );
  const response = (await importAction(
    routeArgs(domain, "/app/lots/import", { method: "POST", body: form }),
  )) as Response;
  const importId = /[?&]id=([0-9a-f-]{36})/.exec(response.headers.get("Location") ?? "")?.[1] ?? null;
  return { response, importId };
}

/** Presses "Import N lots", with or without "Skip invalid rows". */
export async function startImport(domain: string, importId: string, skipInvalidRows = false) {
  const body = new URLSearchParams({ intent: "start", id: importId, skipInvalidRows: String(skipInvalidRows) });
  return (await importAction(routeArgs(domain, "/app/lots/import", { method: "POST", body }))) as Response;
}

/** What the import page shows for an import (or the status it refuses with). */
export async function importPage(domain: string, importId: string) {
  try {
    const response = (await importLoader(routeArgs(domain, `/app/lots/import?id=${importId}`))) as Response;
    return { status: response.status, data: (await response.json()) as { lotImport: ImportPageView } };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, data: null };
    throw thrown;
  }
}

export interface ImportPageView {
  status: string;
  totalRows: number;
  validRows: number;
  invalidRows: number;
  processedRows: number;
  error: string | null;
  errors: { line: number; column: string; message: string }[];
  errorCount: number;
}

export async function downloadTemplate(domain: string): Promise<Response> {
  return (await templateLoader(routeArgs(domain, "/app/lots/import/template"))) as Response;
}

/** Every table an import writes to, for one shop. */
export async function importedRows(db: Db, shopId: string) {
  const where = { shopId };
  const [lots, serialNumbers, lotEvents, receipts, codeSequences] = await Promise.all([
    db.lot.count({ where }),
    db.serialNumber.count({ where }),
    db.lotEvent.count({ where }),
    db.receipt.count({ where }),
    db.codeSequence.findMany({ where, select: { scope: true, value: true }, orderBy: { scope: "asc" } }),
  ]);
  return { lots, serialNumbers, lotEvents, receipts, codeSequences };
}

/** Shopify's on-hand count of a variant at a location, in the simulated store. */
export function shopifyOnHand(domain: string, inventoryItemId: string, locationId: string): number {
  const level = findInventoryLevel(store.shops.get(domain)!, inventoryItemId, locationId);
  return level ? quantityOf(level, "on_hand") : 0;
}

let lotCount = 0;

/** A lot already in the shop (received earlier), optionally with serial numbers. */
export async function existingLot(db: Db, shop: ImportShop, input: { code?: string; serials?: string[] } = {}) {
  lotCount += 1;
  const lot = await db.lot.create({
    data: {
      shopId: shop.shopId,
      code: input.code ?? `OLD-${lotCount}`,
      inventoryItemId: shop.soap.inventoryItemId,
      variantId: shop.soap.id,
      productId: shop.soap.productId,
      locationId: shop.workshop.id,
      sku: shop.soapSku,
      productTitle: "Lavender Soap",
      receivedAt: new Date("2026-01-01T12:00:00Z"),
      receivedQuantity: 5,
      onHandQuantity: 5,
    },
  });
  if (input.serials?.length) {
    await db.serialNumber.createMany({
      data: input.serials.map((serial) => ({
        shopId: shop.shopId,
        serial,
        lotId: lot.id,
        productId: shop.soap.productId,
        variantId: shop.soap.id,
      })),
    });
  }
  return lot;
}
