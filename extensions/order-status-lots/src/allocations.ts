// The `$app:lotline` `allocations` order metafield, as app/orders/write-back-plan.ts writes it
// (keyed by Shopify line item id: lots with quantities and dates, serial numbers), turned into
// the lines the block shows. Anything malformed is left out rather than shown wrong.

export interface LotOnLine {
  code: string;
  quantity: number;
  /** "YYYY-MM-DD" or null. */
  expiresAt: string | null;
  bestBefore: string | null;
}

export interface LotLine {
  lineItemId: string;
  title: string;
  lots: LotOnLine[];
  serials: string[];
  /** Lots or serials Lotline left out of the metafield to stay within Shopify's size limit. */
  omitted: number;
}

/** The entry of `shopify.appMetafields` that holds the allocations; undefined when the order has none yet. */
export function allocationsMetafieldValue(
  entries: ReadonlyArray<{ target: { type: string }; metafield: { namespace: string; key: string; value: unknown } }>,
): unknown {
  // Shopify reports the app namespace either as written ("$app:lotline") or resolved ("app--<id>--lotline").
  const entry = entries.find(
    ({ target, metafield }) =>
      target.type === "order" &&
      metafield.key === "allocations" &&
      (metafield.namespace === "$app:lotline" || /^app--\d+--lotline$/.test(metafield.namespace)),
  );
  return entry?.metafield.value;
}

/**
 * The lines with lots, in the order's line order when titles are known (titles: line item id →
 * title, in the order's order), else in the metafield's. A line without a known title is "Item n".
 */
export function buildLotLines(value: unknown, titles: ReadonlyMap<string, string>): LotLine[] {
  const record = parseRecord(value);
  if (!record) return [];
  const position = new Map([...titles.keys()].map((id, index) => [id, index]));
  const entries = Object.entries(record).sort(
    ([a], [b]) => (position.get(a) ?? Number.MAX_SAFE_INTEGER) - (position.get(b) ?? Number.MAX_SAFE_INTEGER),
  );
  const lines: LotLine[] = [];
  for (const [lineItemId, raw] of entries) {
    if (!isObject(raw)) continue;
    const lots = Array.isArray(raw.lots) ? raw.lots.flatMap(parseLot) : [];
    const serials = Array.isArray(raw.serials) ? raw.serials.filter((serial) => typeof serial === "string") : [];
    const omitted = count(raw.lotsOmitted) + count(raw.serialsOmitted);
    if (lots.length === 0 && serials.length === 0 && omitted === 0) continue;
    lines.push({ lineItemId, title: titles.get(lineItemId) ?? `Item ${lines.length + 1}`, lots, serials, omitted });
  }
  return lines;
}

function parseRecord(value: unknown): Record<string, unknown> | null {
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      return null;
    }
  }
  return isObject(parsed) ? parsed : null;
}

function parseLot(raw: unknown): LotOnLine[] {
  if (!isObject(raw) || typeof raw.code !== "string" || raw.code === "") return [];
  return [
    {
      code: raw.code,
      quantity: count(raw.quantity),
      expiresAt: isoDate(raw.expiresAt),
      bestBefore: isoDate(raw.bestBefore),
    },
  ];
}

function isoDate(value: unknown): string | null {
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
