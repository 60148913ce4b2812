// Checking rows of a lot import, the pure part. Each row is judged by the receiving rules
// (`planReceipt`: quantities, dates, GTIN check digits, lot codes under the shop's GS1 setting,
// serial numbers) as a one-line receipt; this module adds what only a file has: columns as
// text, SKUs and location names to resolve, and duplicates between rows. Codes are then
// issued with `issueCodes`, the same way a receipt gets them.

import type { CodeTemplate } from "../domain/lot-code-template";
import {
  calendarDay,
  issueCodes,
  planReceipt,
  type ReceiptPlan,
  type ReceiveVariant,
  sequenceDemand,
} from "../domain/receiving";
import { LOT_IMPORT_COLUMNS, type LotCsvRow, type LotImportColumn } from "./lot-csv";

export interface RowError {
  /** The spreadsheet's line number (the header is line 1). */
  line: number;
  /** The template's column name, or "row" for the row as a whole. */
  column: LotImportColumn | "row";
  message: string;
}

export interface ImportLocation {
  id: string;
  name: string;
  /** The location's `{LOCATION}` code for lot templates. */
  code: string;
}

export interface LotImportContext {
  shopId: string;
  actor: string;
  /** The shop's variants that the file's SKUs and variant ids name (all of them for a SKU used twice). */
  variants: readonly ReceiveVariant[];
  /** The shop's active locations. */
  locations: readonly ImportLocation[];
  lotTemplate: CodeTemplate;
  /** The shop's IANA time zone: dates are the shop's calendar days. */
  timeZone: string;
  now: Date;
}

/** A row that passed every check that needs no database. */
export interface PlannedImportRow {
  line: number;
  /** The row as a one-line receipt. */
  plan: ReceiptPlan;
  serials: string[];
  supplierName: string | null;
}

/** A planned row with its lot code. */
export interface IssuedImportRow extends PlannedImportRow {
  lotCode: string;
  /** The code came from the lot_code column (not the shop's template). */
  manual: boolean;
}

const PLACEHOLDER_VARIANT: ReceiveVariant = {
  variantId: "gid://shopify/ProductVariant/0",
  productId: "gid://shopify/Product/0",
  inventoryItemId: "gid://shopify/InventoryItem/0",
  sku: null,
  productTitle: "",
};
const PLACEHOLDER_LOCATION = "gid://shopify/Location/0";

// Where receiving's field names land in the file.
const FIELD_COLUMNS: Record<string, LotImportColumn> = {
  locationId: "location",
  locationCode: "location",
  receivedAt: "received_on",
  supplierName: "supplier",
  quantity: "quantity",
  supplierLotCode: "supplier_lot",
  gtin: "gtin",
  producedAt: "produced_on",
  bestBefore: "best_before",
  expiresAt: "expires_on",
  lotCode: "lot_code",
  serials: "serials",
};

// Errors of a line sort as the spreadsheet reads: whole-row problems first, then column by column.
const COLUMN_ORDER: readonly string[] = ["row", ...LOT_IMPORT_COLUMNS];

// Values merchants mistype; the message then repeats what was found.
const ECHO_VALUE = new Set<LotImportColumn>([
  "quantity",
  "produced_on",
  "best_before",
  "expires_on",
  "received_on",
  "gtin",
]);

/** Checks every row on its own and against the other rows; a row with any error is left out of `planned`. */
export function planLotImportRows(
  rows: readonly LotCsvRow[],
  context: LotImportContext,
): { planned: PlannedImportRow[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const planned: PlannedImportRow[] = [];
  const findVariant = variantFinder(context.variants);
  const findLocation = locationFinder(context.locations);
  const today = calendarDay(context.now, context.timeZone);
  const todayText = isoDay(today);
  const manualCodes = new Map<string, number>();
  const serialLines = new Map<string, number>();

  for (const row of rows) {
    const rowErrors: RowError[] = [];
    const fail = (column: RowError["column"], message: string) => rowErrors.push({ line: row.line, column, message });
    const v = row.values;
    if (row.problem) {
      errors.push({ line: row.line, column: "row", message: row.problem });
      continue;
    }

    const variant = findVariant(v.sku, v.variant_id);
    if (!variant.ok) fail(variant.column, variant.message);
    const location = findLocation(v.location);
    if (!location.ok) fail("location", location.message);

    const dates: Partial<Record<"producedAt" | "bestBefore" | "expiresAt", string>> = {};
    for (const [field, column] of [
      ["producedAt", "produced_on"],
      ["bestBefore", "best_before"],
      ["expiresAt", "expires_on"],
    ] as const) {
      const date = normalizeDate(v[column]);
      if (date.ok) dates[field] = date.value ?? undefined;
      else fail(column, date.error);
    }
    let receivedAt = context.now;
    const received = normalizeDate(v.received_on);
    if (!received.ok) fail("received_on", received.error);
    else if (received.value && received.value > todayText) {
      fail("received_on", `The receiving date ${received.value} is in the future; today is ${todayText}`);
    } else if (received.value) {
      receivedAt = earlier(noonInZone(received.value, context.timeZone), context.now);
    }

    const quantityText = v.quantity;
    const quantity =
      quantityText === "" ? Number.NaN : /^[+-]?\d+$/.test(quantityText) ? Number(quantityText) : Number.NaN;
    if (quantityText === "") fail("quantity", "Enter the number of units in the lot");
    const serials = v.serials === "" ? null : v.serials.split("|").map((serial) => serial.trim());

    const asReceipt = planReceipt(
      {
        shopId: context.shopId,
        actor: context.actor,
        locationId: location.ok ? location.location.id : PLACEHOLDER_LOCATION,
        locationCode: location.ok ? location.location.code : "LOC",
        supplierName: v.supplier || null,
        receivedAt,
        timeZone: context.timeZone,
        lines: [
          {
            variant: variant.ok ? variant.variant : PLACEHOLDER_VARIANT,
            quantity,
            supplierLotCode: v.supplier_lot || null,
            gtin: v.gtin || null,
            ...dates,
            lotCode: v.lot_code || null,
            serials,
          },
        ],
      },
      {
        lotTemplate: context.lotTemplate,
        locations: location.ok ? context.locations : null,
        now: context.now,
      },
    );
    if (!asReceipt.ok) {
      for (const [field, message] of Object.entries(asReceipt.fields)) {
        const mapped = toRowError(row, field, message, variant.ok ? null : variant.column);
        if (!mapped) continue;
        // Our own message already says what is wrong with these columns.
        if (rowErrors.some((error) => error.column === mapped.column)) continue;
        rowErrors.push(mapped);
      }
    }
    if (rowErrors.length > 0 || !asReceipt.ok) {
      errors.push(...rowErrors);
      continue;
    }

    const plan = asReceipt.plan;
    const line = plan.lines[0];
    const duplicates: RowError[] = [];
    if (line.manualLotCode) {
      const earlierLine = manualCodes.get(line.manualLotCode);
      if (earlierLine !== undefined) {
        duplicates.push({
          line: row.line,
          column: "lot_code",
          message: `Lot code "${line.manualLotCode}" is also on line ${earlierLine}; each lot needs its own code`,
        });
      } else {
        manualCodes.set(line.manualLotCode, row.line);
      }
    }
    const given = line.serials.kind === "given" ? line.serials.values : [];
    for (const serial of given) {
      const key = serialKey(line.variant.productId, serial);
      const earlierLine = serialLines.get(key);
      if (earlierLine !== undefined) {
        duplicates.push({
          line: row.line,
          column: "serials",
          message: `Serial number "${serial}" is also on line ${earlierLine} for the same product`,
        });
        break;
      }
    }
    if (duplicates.length > 0) {
      errors.push(...duplicates);
      continue;
    }
    for (const serial of given) serialLines.set(serialKey(line.variant.productId, serial), row.line);
    planned.push({ line: row.line, plan, serials: given, supplierName: plan.supplierName });
  }
  return { planned, errors: sortErrors(errors) };
}

/** How many numbers each lot-template counter must hand out for these rows. */
export function importSequenceDemand(rows: readonly PlannedImportRow[]): Map<string, number> {
  const demand = new Map<string, number>();
  for (const row of rows) {
    for (const [scope, count] of sequenceDemand(row.plan)) demand.set(scope, (demand.get(scope) ?? 0) + count);
  }
  return demand;
}

/**
 * Gives each row its lot code: the lot_code column's, or the next one from the shop's template
 * (`firstNumber`: the first number each counter hands to this import; rows take theirs in file
 * order). A template code that another row also gets is an error on the later row.
 */
export function issueLotImportCodes(
  rows: readonly PlannedImportRow[],
  firstNumber: ReadonlyMap<string, number>,
): { issued: IssuedImportRow[]; errors: RowError[] } {
  const next = new Map(firstNumber);
  const codeLines = new Map<string, number>();
  for (const row of rows) {
    const manual = row.plan.lines[0].manualLotCode;
    if (manual) codeLines.set(manual, row.line);
  }
  const issued: IssuedImportRow[] = [];
  const errors: RowError[] = [];
  for (const row of rows) {
    const demand = sequenceDemand(row.plan);
    const first = new Map<string, number>();
    for (const [scope, count] of demand) {
      const value = next.get(scope);
      if (value === undefined) throw new Error(`No sequence numbers were taken for ${scope}`);
      first.set(scope, value);
      next.set(scope, value + count);
    }
    const result = issueCodes(row.plan, first);
    if (!result.ok) {
      for (const message of Object.values(result.fields)) errors.push({ line: row.line, column: "lot_code", message });
      continue;
    }
    const lotCode = result.codes.lotCodes[0];
    const manual = row.plan.lines[0].manualLotCode !== null;
    if (!manual) {
      const other = codeLines.get(lotCode);
      if (other !== undefined && other !== row.line) {
        errors.push({
          line: row.line,
          column: "lot_code",
          message: `The lot template gives "${lotCode}", which line ${other} also has; fill in lot_code, or add {SEQ:n} to the lot template in Settings`,
        });
        continue;
      }
      codeLines.set(lotCode, row.line);
    }
    issued.push({ ...row, lotCode, manual });
  }
  return { issued, errors: sortErrors(errors) };
}

/** Errors for codes the shop already has: lot codes, and serial numbers of the same product. */
export function conflictsWithShop(
  rows: readonly IssuedImportRow[],
  existing: { lotCodes: ReadonlySet<string>; serials: ReadonlyMap<string, string> },
): RowError[] {
  const errors: RowError[] = [];
  for (const row of rows) {
    if (existing.lotCodes.has(row.lotCode)) {
      errors.push({
        line: row.line,
        column: "lot_code",
        message: row.manual
          ? `Lot code "${row.lotCode}" already exists in your shop; use another code`
          : `The lot template gives "${row.lotCode}", which already exists in your shop; fill in lot_code, or add {SEQ:n} to the lot template in Settings`,
      });
    }
    const productId = row.plan.lines[0].variant.productId;
    for (const serial of row.serials) {
      const lotCode = existing.serials.get(serialKey(productId, serial));
      if (lotCode === undefined) continue;
      errors.push({
        line: row.line,
        column: "serials",
        message: `Serial number "${serial}" already exists for this product (lot ${lotCode})`,
      });
      break;
    }
  }
  return errors;
}

/** The key serial numbers are unique under: per product. */
export function serialKey(productId: string, serial: string): string {
  return `${productId}\u0000${serial}`;
}

/** By line, then in the template's column order. */
export function sortErrors(errors: RowError[]): RowError[] {
  return errors.sort((a, b) => a.line - b.line || COLUMN_ORDER.indexOf(a.column) - COLUMN_ORDER.indexOf(b.column));
}

/**
 * A date cell as YYYY-MM-DD. Also read: YYYY/MM/DD and DD.MM.YYYY (the dotted form is day-first
 * everywhere it is used), and a time of midnight after the date (spreadsheets add one). Slashed
 * day-month-year is refused: 03/04/2026 is 3 April in Europe and March 4 in the US.
 */
export function normalizeDate(raw: string): { ok: true; value: string | null } | { ok: false; error: string } {
  const text = raw.trim().replace(/[ T]00:00(:00(\.0+)?)?Z?$/, "");
  if (text === "") return { ok: true, value: null };
  let match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text);
  let parts: [string, string, string] | null = match ? [match[1], match[2], match[3]] : null;
  if (!parts) {
    match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
    if (match) parts = [match[3], match[2], match[1]];
  }
  if (!parts) {
    if (/^\d{1,2}[/-]\d{1,2}[/-]\d{2,4}$/.test(text)) {
      return {
        ok: false,
        error: `Write the date as YYYY-MM-DD: "${raw.trim()}" could be day/month or month/day`,
      };
    }
    return { ok: false, error: `Write the date as YYYY-MM-DD, e.g. 2027-03-31 (found "${raw.trim()}")` };
  }
  const value = `${parts[0]}-${parts[1].padStart(2, "0")}-${parts[2].padStart(2, "0")}`;
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    return { ok: false, error: `"${raw.trim()}" is not a date in the calendar` };
  }
  return { ok: true, value };
}

// Formatters are costly to build and a file has few time zones (one) and days.
const wallClocks = new Map<string, Intl.DateTimeFormat>();
const noons = new Map<string, number>();

/** Noon of a calendar day in a time zone: the instant an imported lot was received on that day. */
export function noonInZone(day: string, timeZone: string): Date {
  const key = `${timeZone} ${day}`;
  let noon = noons.get(key);
  if (noon === undefined) {
    noon = zonedNoon(day, timeZone);
    if (noons.size > 10_000) noons.clear();
    noons.set(key, noon);
  }
  return new Date(noon);
}

function zonedNoon(day: string, timeZone: string): number {
  const utcNoon = new Date(`${day}T12:00:00Z`);
  let clock = wallClocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    wallClocks.set(timeZone, clock);
  }
  const parts = clock.formatToParts(utcNoon);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"));
  // The zone's offset at that moment; noon is far from any daylight-saving change.
  return utcNoon.getTime() - (wall - utcNoon.getTime());
}

function earlier(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

function isoDay(day: { year: number; month: number; day: number }): string {
  return `${day.year}-${String(day.month).padStart(2, "0")}-${String(day.day).padStart(2, "0")}`;
}

type VariantFound = { ok: true; variant: ReceiveVariant } | { ok: false; column: LotImportColumn; message: string };

function variantFinder(variants: readonly ReceiveVariant[]) {
  const byId = new Map(variants.map((variant) => [variant.variantId, variant]));
  const bySku = new Map<string, ReceiveVariant[]>();
  const bySkuFolded = new Map<string, ReceiveVariant[]>();
  for (const variant of variants) {
    if (!variant.sku) continue;
    bySku.set(variant.sku, [...(bySku.get(variant.sku) ?? []), variant]);
    const folded = variant.sku.toLowerCase();
    bySkuFolded.set(folded, [...(bySkuFolded.get(folded) ?? []), variant]);
  }
  return (sku: string, variantId: string): VariantFound => {
    if (variantId) {
      const variant = byId.get(toVariantGid(variantId));
      if (!variant) {
        return {
          ok: false,
          column: "variant_id",
          message: `No product variant in your shop has the id "${variantId}"`,
        };
      }
      if (sku && variant.sku !== sku) {
        return {
          ok: false,
          column: "sku",
          message: `Variant ${variantId} has SKU "${variant.sku ?? ""}", not "${sku}"; give one of the two, or make them agree`,
        };
      }
      return { ok: true, variant };
    }
    if (!sku) return { ok: false, column: "sku", message: "Enter the product variant's SKU (or its variant_id)" };
    const matches = bySku.get(sku) ?? bySkuFolded.get(sku.toLowerCase()) ?? [];
    if (matches.length === 0)
      return { ok: false, column: "sku", message: `No product variant in your shop has the SKU "${sku}"` };
    if (matches.length > 1) {
      return {
        ok: false,
        column: "sku",
        message: `${matches.length} product variants in your shop have the SKU "${sku}"; give the variant_id instead`,
      };
    }
    return { ok: true, variant: matches[0] };
  };
}

/** A variant id as Shopify's gid, whether the file has the gid or the number the admin shows. */
export function toVariantGid(value: string): string {
  return /^\d+$/.test(value) ? `gid://shopify/ProductVariant/${value}` : value;
}

function locationFinder(locations: readonly ImportLocation[]) {
  const names = locations.map((location) => location.name).join(", ");
  return (value: string): { ok: true; location: ImportLocation } | { ok: false; message: string } => {
    if (!value) {
      if (locations.length === 1) return { ok: true, location: locations[0] };
      return { ok: false, message: `Enter the location the lot is at: one of ${names}` };
    }
    const id = /^\d+$/.test(value) ? `gid://shopify/Location/${value}` : value;
    const folded = value.toLowerCase();
    const found =
      locations.find((location) => location.id === id) ??
      locations.find((location) => location.name.trim().toLowerCase() === folded);
    if (found) return { ok: true, location: found };
    return { ok: false, message: `Your shop has no active location called "${value}"; use one of: ${names}` };
  };
}

function toRowError(
  row: LotCsvRow,
  field: string,
  message: string,
  unresolvedVariantColumn: LotImportColumn | null,
): RowError | null {
  const lineField = /^lines\[\d+\]\.([A-Za-z]+)(?:\[(\d+)\])?$/.exec(field);
  const name = lineField ? lineField[1] : field;
  if (name === "variant") {
    return { line: row.line, column: unresolvedVariantColumn ?? "sku", message };
  }
  // Without a variant, the template cannot be tried: the SKU error says what to fix first.
  if (unresolvedVariantColumn && name === "lotCode" && !row.values.lot_code) return null;
  const column = FIELD_COLUMNS[name];
  if (!column) return { line: row.line, column: "row", message };
  let text = message.replace(/lines\[\d+\]\.serials\[(\d+)\]/g, (_, k) => `serial ${Number(k) + 1} of this row`);
  if (lineField?.[2] !== undefined && !text.includes('"')) text = `Serial ${Number(lineField[2]) + 1}: ${text}`;
  const raw = row.values[column];
  if (ECHO_VALUE.has(column) && raw && !text.includes(raw)) text = `${text} (found "${raw}")`;
  return { line: row.line, column, message: text };
}
