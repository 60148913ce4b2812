// What an order should carry in Shopify, worked out from its allocations: the lot tags and the
// allocations metafield, each within Shopify's limits. When something does not fit, the plan
// degrades in a stated way (a "+N-more" tag, serials left out before lots) and says so in words
// the merchant reads on the order. Pure: no database, no Shopify.

/** Shopify: at most 250 tags on an order, each at most 40 characters. */
export const ORDER_TAG_LIMIT = 250;
export const TAG_MAX_LENGTH = 40;
/** Shopify: a `json` metafield value may hold at most 128 KB (apps created since the limit). */
export const JSON_METAFIELD_MAX_BYTES = 128 * 1024;

export interface AllocatedLot {
  code: string;
  quantity: number;
  shippedQuantity: number;
  returnedQuantity: number;
  expiresAt: Date | null;
  bestBefore: Date | null;
}

export interface LineToWrite {
  /** gid://shopify/LineItem/… */
  shopifyLineItemId: string;
  allocations: AllocatedLot[];
  serials: string[];
}

export interface MetafieldLot {
  code: string;
  quantity: number;
  shipped: number;
  returned: number;
  expiresAt: string | null;
  bestBefore: string | null;
}

export interface MetafieldLine {
  lots: MetafieldLot[];
  serials: string[];
  /** Present when serials were left out to stay within Shopify's size limit. */
  serialsOmitted?: number;
  /** Present when lots were left out to stay within Shopify's size limit. */
  lotsOmitted?: number;
}

export interface OrderWriteBackPlan {
  /** Every Lotline tag the order should carry, sorted. */
  tags: string[];
  addTags: string[];
  /** Tags Lotline wrote earlier that no longer apply (never the merchant's own). */
  removeTags: string[];
  /** Keyed by Shopify line item id. */
  metafield: Record<string, MetafieldLine>;
  metafieldValue: string;
  /** What did not fit, for the merchant; empty when everything was written in full. */
  limits: string[];
}

export interface PlanInput {
  tagPrefix: string;
  lines: LineToWrite[];
  /** The tags Lotline wrote last time (OrderRef.writtenTags). */
  writtenTags: string[];
  /** How many tags Lotline may use on this order (250 less the merchant's own). */
  tagBudget?: number;
  maxMetafieldBytes?: number;
}

export function planOrderWriteBack(input: PlanInput): OrderWriteBackPlan {
  const limits: string[] = [];
  const tags = planTags(input, limits);
  const metafield = planMetafield(input.lines, input.maxMetafieldBytes ?? JSON_METAFIELD_MAX_BYTES, limits);
  const written = new Set(input.writtenTags.map((tag) => tag.toLowerCase()));
  const wanted = new Set(tags.map((tag) => tag.toLowerCase()));
  return {
    tags,
    addTags: tags.filter((tag) => !written.has(tag.toLowerCase())),
    removeTags: input.writtenTags.filter((tag) => !wanted.has(tag.toLowerCase())),
    metafield: metafield.value,
    metafieldValue: metafield.json,
    limits,
  };
}

/** The lot codes with units on the order, each once, sorted. */
function allocatedCodes(lines: LineToWrite[]): string[] {
  const codes = new Set<string>();
  for (const line of lines) for (const lot of line.allocations) if (lot.quantity > 0) codes.add(lot.code);
  return [...codes].sort();
}

function planTags(input: PlanInput, limits: string[]): string[] {
  const budget = Math.max(1, Math.min(ORDER_TAG_LIMIT, input.tagBudget ?? ORDER_TAG_LIMIT));
  const seen = new Set<string>();
  const fitting: string[] = [];
  const tooLong: string[] = [];
  for (const code of allocatedCodes(input.lines)) {
    // Shopify compares tags without case and trims them; a comma would split one into two.
    const tag = `${input.tagPrefix}${code}`.replaceAll(",", "").trim();
    if (tag.length > TAG_MAX_LENGTH) {
      tooLong.push(code);
      continue;
    }
    if (seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    fitting.push(tag);
  }
  if (tooLong.length > 0) {
    limits.push(
      `${plural(tooLong.length, "lot code is", "lot codes are")} too long for a Shopify tag (${TAG_MAX_LENGTH} characters with the prefix "${input.tagPrefix}"): ${tooLong.join(", ")}. They are in the order's allocations metafield only.`,
    );
  }
  if (fitting.length <= budget) return fitting;
  // One place is kept for the marker that says how many were left out.
  const kept = fitting.slice(0, budget - 1);
  const left = fitting.length - kept.length;
  kept.push(`${input.tagPrefix}+${left}-more`);
  limits.push(
    `The order has ${fitting.length} lots but room for ${budget} Lotline tags (Shopify allows ${ORDER_TAG_LIMIT} tags per order): ${kept.length - 1} lot tags and the tag "${input.tagPrefix}+${left}-more" were written. Every lot is in the order's allocations metafield.`,
  );
  return kept;
}

function isoDate(date: Date | null): string | null {
  return date ? date.toISOString().slice(0, 10) : null;
}

function fullMetafield(lines: LineToWrite[]): Record<string, MetafieldLine> {
  const value: Record<string, MetafieldLine> = {};
  for (const line of [...lines].sort((a, b) => a.shopifyLineItemId.localeCompare(b.shopifyLineItemId))) {
    const lots = line.allocations
      .filter((lot) => lot.quantity > 0)
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((lot) => ({
        code: lot.code,
        quantity: lot.quantity,
        shipped: lot.shippedQuantity,
        returned: lot.returnedQuantity,
        expiresAt: isoDate(lot.expiresAt),
        bestBefore: isoDate(lot.bestBefore),
      }));
    const serials = [...new Set(line.serials)].sort();
    if (lots.length === 0 && serials.length === 0) continue;
    value[line.shopifyLineItemId] = { lots, serials };
  }
  return value;
}

function planMetafield(
  lines: LineToWrite[],
  maxBytes: number,
  limits: string[],
): { value: Record<string, MetafieldLine>; json: string } {
  const value = fullMetafield(lines);
  let json = JSON.stringify(value);
  if (bytes(json) <= maxBytes) return { value, json };

  // Serials go first: the lots alone still let the merchant trace the order.
  let serialsOmitted = 0;
  for (const line of Object.values(value)) {
    if (line.serials.length === 0) continue;
    line.serialsOmitted = line.serials.length;
    serialsOmitted += line.serials.length;
    line.serials = [];
  }
  json = JSON.stringify(value);
  if (serialsOmitted > 0) {
    limits.push(
      `The order's ${plural(serialsOmitted, "serial number", "serial numbers")} did not fit in Shopify's ${maxBytes / 1024} KB metafield limit and were left out of it; Lotline still has them.`,
    );
  }
  if (bytes(json) <= maxBytes) return { value, json };

  // Then lots, from the last line backwards, until it fits.
  let lotsOmitted = 0;
  const entries = Object.values(value).reverse();
  while (bytes(json) > maxBytes) {
    const line = entries.find((entry) => entry.lots.length > 0);
    if (!line) break;
    const perLot = Math.max(1, Math.ceil(bytes(JSON.stringify(line.lots)) / line.lots.length));
    const drop = Math.min(line.lots.length, Math.max(1, Math.ceil((bytes(json) - maxBytes) / perLot)));
    line.lots.splice(line.lots.length - drop, drop);
    line.lotsOmitted = (line.lotsOmitted ?? 0) + drop;
    lotsOmitted += drop;
    json = JSON.stringify(value);
  }
  limits.push(
    `${plural(lotsOmitted, "lot allocation", "lot allocations")} did not fit in Shopify's ${maxBytes / 1024} KB metafield limit and were left out of it; Lotline still has them.`,
  );
  return { value, json };
}

function bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
