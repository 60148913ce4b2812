// What a background job is, in the merchant's words ("Write lots to order #1001"): the ids in
// its payload are looked up in this shop's own rows, in one query per kind of row.
import type { Db } from "../db.server";
import { isJobName, type JobName } from "../jobs/contract";

export interface JobToName {
  name: string;
  data: Record<string, unknown>;
}

type Lookups = Awaited<ReturnType<typeof loadLookups>>;

const TITLES: { [N in JobName]?: (data: Record<string, string>, lookups: Lookups, timeZone: string) => string } = {
  "webhooks.process": (data, { topics }) =>
    `Process Shopify's "${topics.get(data.webhookEventId) ?? "unknown"}" notification`,
  "receipts.write-back": (data, { receipts }, timeZone) => {
    const receipt = receipts.get(data.receiptId);
    if (!receipt) return "Raise Shopify inventory for a receipt that no longer exists";
    const from = receipt.supplierName ? ` from ${receipt.supplierName}` : "";
    return `Raise Shopify inventory for receipt of ${dayMonth(receipt.receivedAt, timeZone)}${from}`;
  },
  "lots.expire": (data) => `Mark lots past their expiry date (run of ${data.runHour.replace("T", " ")}:00 UTC)`,
  "lots.quarantine-expired": (data, { lots }) =>
    `Move expired lot ${lots.get(data.lotId) ?? "(deleted)"} to quality control in Shopify`,
  "orders.sync": (data, { ordersByShopifyId }) =>
    `Read order ${ordersByShopifyId.get(data.orderId) ?? `#${data.orderId.split("/").pop()}`} from Shopify`,
  "orders.write-back": (data, { orders }) => `Write lots to order ${orders.get(data.orderRefId) ?? "(deleted)"}`,
  "orders.reconcile": () => "Check Shopify for order changes Lotline missed",
  "inventory.reconcile-level": (data, { variantsByItem }) =>
    `Compare Shopify's stock of ${variantsByItem.get(data.inventoryItemId) ?? "an item"} with its lots`,
  "lots.import": (data, { imports }) => `Import lots from ${imports.get(data.importId) ?? "a file"}`,
  "lots.quarantine-returned": () => "Move returned units to quality control in Shopify",
  "lots.release-quarantine": () => "Move released units back to available in Shopify",
};

/** One title per job, in order; a job this code does not know keeps its technical name. */
export async function titleJobs(db: Db, shopId: string, jobs: JobToName[], timeZone: string): Promise<string[]> {
  const lookups = await loadLookups(db, shopId, jobs);
  return jobs.map((job) => {
    const title = isJobName(job.name) ? TITLES[job.name] : undefined;
    return title ? title(job.data as Record<string, string>, lookups, timeZone) : job.name;
  });
}

async function loadLookups(db: Db, shopId: string, jobs: JobToName[]) {
  const ids = (name: JobName, field: string) =>
    jobs
      .filter((job) => job.name === name && typeof job.data[field] === "string")
      .map((job) => String(job.data[field]));
  const [events, receipts, lots, orders, ordersByShopifyId, variants, imports] = await Promise.all([
    db.webhookEvent.findMany({
      where: { shopId, id: { in: ids("webhooks.process", "webhookEventId") } },
      select: { id: true, topic: true },
    }),
    db.receipt.findMany({
      where: { shopId, id: { in: ids("receipts.write-back", "receiptId") } },
      select: { id: true, receivedAt: true, supplierName: true },
    }),
    db.lot.findMany({
      where: { shopId, id: { in: ids("lots.quarantine-expired", "lotId") } },
      select: { id: true, code: true },
    }),
    db.orderRef.findMany({
      where: { shopId, id: { in: ids("orders.write-back", "orderRefId") } },
      select: { id: true, name: true },
    }),
    db.orderRef.findMany({
      where: { shopId, shopifyOrderId: { in: ids("orders.sync", "orderId") } },
      select: { shopifyOrderId: true, name: true },
    }),
    db.variantRef.findMany({
      where: { shopId, inventoryItemId: { in: ids("inventory.reconcile-level", "inventoryItemId") } },
      select: { inventoryItemId: true, productTitle: true, variantTitle: true, sku: true },
    }),
    db.lotImport.findMany({
      where: { shopId, id: { in: ids("lots.import", "importId") } },
      select: { id: true, fileName: true },
    }),
  ]);
  return {
    topics: new Map(events.map((event) => [event.id, event.topic])),
    receipts: new Map(receipts.map((receipt) => [receipt.id, receipt])),
    lots: new Map(lots.map((lot) => [lot.id, lot.code])),
    orders: new Map(orders.map((order) => [order.id, order.name])),
    ordersByShopifyId: new Map(ordersByShopifyId.map((order) => [order.shopifyOrderId, order.name])),
    variantsByItem: new Map(variants.map((variant) => [variant.inventoryItemId, variantName(variant)])),
    imports: new Map(imports.map((lotImport) => [lotImport.id, lotImport.fileName])),
  };
}

function variantName(variant: { productTitle: string; variantTitle: string | null; sku: string | null }): string {
  const title =
    variant.variantTitle && variant.variantTitle !== "Default Title"
      ? `${variant.productTitle} – ${variant.variantTitle}`
      : variant.productTitle;
  return variant.sku ? `${title} (SKU ${variant.sku})` : title;
}

/** "21 Nov", the way a merchant names a delivery. */
function dayMonth(at: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone }).format(at);
  } catch {
    return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }).format(at);
  }
}
