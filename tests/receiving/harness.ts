// Shared by the receiving tests: templates, variants and receipt inputs, and a count of every
// row receiving writes, so a test can show that a refused receipt changed nothing.
import type { Db } from "../../app/db.server";
import { type CodeTemplate, DEFAULT_SERIAL_TEMPLATE, parseCodeTemplate } from "../../app/domain/lot-code-template";
import type { ReceiveLineInput, ReceiveStockInput, ReceiveVariant } from "../../app/domain/receiving";

export function template(source: string, kind: "lot" | "serial" = "lot", requireGs1 = true): CodeTemplate {
  const parsed = parseCodeTemplate(source, { kind, requireGs1 });
  if (!parsed.ok) throw new Error(`test template ${source} does not parse: ${parsed.error}`);
  return parsed.template;
}

export const LOT_TEMPLATE = "{SKU}-{YY}{MM}{DD}-{SEQ:3}";
export const serialTemplate = () => template(DEFAULT_SERIAL_TEMPLATE, "serial");

let nextId = 9000;

/** A variant as the Receive page gets it from Shopify; ids are made up unless given. */
export function variant(overrides: Partial<ReceiveVariant> = {}): ReceiveVariant {
  nextId += 1;
  return {
    variantId: `gid://shopify/ProductVariant/${nextId}`,
    productId: `gid://shopify/Product/${nextId}`,
    inventoryItemId: `gid://shopify/InventoryItem/${nextId}`,
    sku: `SKU${nextId}`,
    productTitle: `Product ${nextId}`,
    barcode: null,
    ...overrides,
  };
}

export const LOCATION_ID = "gid://shopify/Location/77";

export function receiptInput(
  shopId: string,
  lines: ReceiveLineInput[],
  overrides: Partial<ReceiveStockInput> = {},
): ReceiveStockInput {
  return {
    shopId,
    actor: "user:42",
    locationId: LOCATION_ID,
    locationCode: "WKS",
    supplierName: "Meadow Oils Ltd",
    referenceType: "invoice",
    referenceNumber: "4711",
    receivedAt: new Date("2026-11-20T10:00:00Z"),
    note: null,
    lines,
    ...overrides,
  };
}

/** Every table receiving writes to, counted for one shop (or all shops). */
export async function receivingRows(db: Db, shopId?: string) {
  const where = shopId ? { shopId } : {};
  const [receipts, receiptLines, lots, serialNumbers, lotEvents, auditEntries, codeSequences] = await Promise.all([
    db.receipt.count({ where }),
    db.receiptLine.count({ where }),
    db.lot.count({ where }),
    db.serialNumber.count({ where }),
    db.lotEvent.count({ where }),
    db.auditEntry.count({ where }),
    db.codeSequence.findMany({ where, select: { scope: true, value: true }, orderBy: { scope: "asc" } }),
  ]);
  return { receipts, receiptLines, lots, serialNumbers, lotEvents, auditEntries, codeSequences };
}

/** An enqueue collaborator that remembers what it was asked to queue. */
export function recordingEnqueue() {
  const calls: { shopId: string; receiptId: string }[] = [];
  return {
    calls,
    enqueue: async (payload: { shopId: string; receiptId: string }) => {
      calls.push(payload);
    },
  };
}
