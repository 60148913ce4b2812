// The Receive page's form, the pure part shared by the browser and the server: its choices and
// field names, how the service's field errors (`lines[1].expiresAt`) land on the form, what a
// scan does to a line, and the preview of the codes a receipt will be issued.
import { isValidGtin, type ReceivingFields, toGtin14 } from "../domain/gs1";
import {
  type CodeContext,
  type CodeTemplate,
  previewCodes,
  renderCode,
  sequenceScope,
} from "../domain/lot-code-template";

export const REFERENCE_TYPES = [
  { value: "invoice", label: "Invoice" },
  { value: "delivery_note", label: "Delivery note" },
  { value: "purchase_order", label: "Purchase order" },
  { value: "production_run", label: "Production batch record" },
  { value: "other", label: "Other document" },
] as const;

export type ReferenceType = (typeof REFERENCE_TYPES)[number]["value"];

export function referenceTypeLabel(value: string | null | undefined): string | null {
  if (!value) return null;
  return REFERENCE_TYPES.find((type) => type.value === value)?.label ?? value;
}

export const SERIAL_MODES = [
  { value: "none", label: "Not serial-tracked" },
  { value: "generate", label: "Generate from template" },
  { value: "list", label: "Enter, scan or paste a list" },
] as const;

export type SerialMode = (typeof SERIAL_MODES)[number]["value"];

/** The fields of one line, as the form names them (`lines[0].quantity`) and the service reports them. */
export const LINE_FIELD_LABELS = {
  variant: "Product",
  quantity: "Quantity",
  supplierLotCode: "Supplier lot code",
  gtin: "Scanned GTIN",
  producedAt: "Production date",
  bestBefore: "Best before",
  expiresAt: "Expiry date",
  lotCode: "Lot code",
  serials: "Serial numbers",
} as const;

export type LineField = keyof typeof LINE_FIELD_LABELS;

const RECEIPT_FIELD_LABELS: Record<string, string> = {
  locationId: "Location",
  supplierName: "Supplier",
  referenceType: "Reference document",
  referenceNumber: "Document number",
  note: "Note",
  lines: "Products",
};

/** A pasted or scanned list of serial numbers: one per line (commas, semicolons and spaces also separate). */
export function splitSerials(value: string): string[] {
  return value.split(/[\s,;]+/).filter(Boolean);
}

/** A short location code for `{LOCATION}` in templates: the initials of a name of several words, else its first letters. */
export function locationCode(name: string): string {
  const words = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  if (words.length === 0) return "LOC";
  if (words.length === 1) return words[0].slice(0, 3);
  return words
    .map((word) => word[0])
    .join("")
    .slice(0, 4);
}

export interface GroupedFieldErrors {
  /** Errors of the receipt's own fields (location, supplier, …), and `general` for the rest. */
  receipt: Record<string, string>;
  /** Per line index, per field. */
  lines: Record<number, Partial<Record<LineField, string>>>;
  /** Every error as one sentence for the banner, in the order the form shows the fields. */
  summary: string[];
}

/** Puts the service's errors on the fields that show them; serial-number errors go to the line's serial field. */
export function groupFieldErrors(fields: Record<string, string>): GroupedFieldErrors {
  const grouped: GroupedFieldErrors = { receipt: {}, lines: {}, summary: [] };
  const receiptSummary: string[] = [];
  const lineSummary: { index: number; order: number; text: string }[] = [];
  const fieldOrder = Object.keys(LINE_FIELD_LABELS);
  for (const [name, raw] of Object.entries(fields)) {
    const message = humanizeFieldNames(raw);
    const line = /^lines\[(\d+)\]\.([A-Za-z]+)(?:\[(\d+)\])?$/.exec(name);
    if (line && line[2] in LINE_FIELD_LABELS) {
      const index = Number(line[1]);
      const field = line[2] as LineField;
      const serial = line[3] === undefined ? null : Number(line[3]) + 1;
      const shown = serial === null || message.includes('"') ? message : `Serial ${serial}: ${message}`;
      grouped.lines[index] ??= {};
      grouped.lines[index][field] ??= shown;
      lineSummary.push({
        index,
        order: fieldOrder.indexOf(field),
        text: `Line ${index + 1}, ${LINE_FIELD_LABELS[field].toLowerCase()}: ${shown}`,
      });
      continue;
    }
    const key = name in RECEIPT_FIELD_LABELS ? name : "general";
    grouped.receipt[key] = grouped.receipt[key] ? `${grouped.receipt[key]} ${message}` : message;
    receiptSummary.push(key === "general" ? message : `${RECEIPT_FIELD_LABELS[key]}: ${message}`);
  }
  lineSummary.sort((a, b) => a.index - b.index || a.order - b.order);
  grouped.summary = [...receiptSummary, ...lineSummary.map((entry) => entry.text)];
  return grouped;
}

/** "also at lines[0].serials[2]" reads "also at line 1, serial 3". */
function humanizeFieldNames(message: string): string {
  return message
    .replace(
      /lines\[(\d+)\]\.serials\[(\d+)\]/g,
      (_, line, serial) => `line ${Number(line) + 1}, serial ${Number(serial) + 1}`,
    )
    .replace(/lines\[(\d+)\]\.[A-Za-z]+/g, (_, line) => `line ${Number(line) + 1}`);
}

/** The errors after line `index` was removed: its own go, later lines move up by one. */
export function withoutLine(fields: Record<string, string>, index: number): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, message] of Object.entries(fields)) {
    const line = /^lines\[(\d+)\](.*)$/.exec(name);
    if (!line) {
      result[name] = message;
      continue;
    }
    const at = Number(line[1]);
    if (at === index) continue;
    result[at > index ? `lines[${at - 1}]${line[2]}` : name] = message;
  }
  return result;
}

/** The errors once the merchant has changed a field: that field's own (and its serials') go. */
export function withoutField(fields: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([key]) => key !== name && !key.startsWith(`${name}[`)));
}

export interface PreviewLine {
  sku: string | null;
  productTitle: string;
  supplierLotCode: string;
  /** A code typed in by hand (it is issued as typed). */
  lotCode: string;
  quantity: number;
  serialMode: SerialMode;
}

export interface LinePreview {
  /** The lot code the line will get, if it can be worked out now. */
  lotCode: string | null;
  manual: boolean;
  /** Why the template cannot give this line a code (the service refuses it for the same reason). */
  lotError: string | null;
  /** Generated serial numbers: the first and last, and how many. */
  serials: { first: string; last: string; count: number } | null;
  serialError: string | null;
}

export interface PreviewContext {
  lotTemplate: CodeTemplate;
  serialTemplate: CodeTemplate | null;
  locationCode: string;
  /** The receiving day in the shop's time zone. */
  date: CodeContext["date"];
  /** The last number each counter has issued (`CodeSequence`), by scope. */
  lastIssued: Readonly<Record<string, number>>;
}

/**
 * The codes a receipt would be issued if it were saved now, taking numbers line by line the
 * way the service does. Another receipt saved first takes the next numbers, so this is a preview.
 */
export function previewReceiptCodes(lines: readonly (PreviewLine | null)[], context: PreviewContext): LinePreview[] {
  const taken = new Map<string, number>();
  const take = (scope: string, count: number) => {
    const next = taken.get(scope) ?? (context.lastIssued[scope] ?? 0) + 1;
    taken.set(scope, next + count);
    return next;
  };
  return lines.map((line) => {
    const preview: LinePreview = { lotCode: null, manual: false, lotError: null, serials: null, serialError: null };
    if (!line) return preview;
    const codeContext: CodeContext = {
      sku: line.sku,
      productTitle: line.productTitle,
      locationCode: context.locationCode,
      date: context.date,
      supplierLotCode: line.supplierLotCode.trim() || null,
    };
    if (line.lotCode.trim()) {
      preview.lotCode = line.lotCode.trim();
      preview.manual = true;
    } else {
      const { lotTemplate } = context;
      const first = lotTemplate.hasSequence ? take(sequenceScope(lotTemplate, codeContext), 1) : 1;
      preview.lotCode = previewCodes(lotTemplate, codeContext, 1, first)[0] ?? null;
      if (preview.lotCode === null) preview.lotError = renderError(lotTemplate, codeContext, first);
    }
    if (
      line.serialMode === "generate" &&
      context.serialTemplate &&
      Number.isInteger(line.quantity) &&
      line.quantity > 0
    ) {
      const template = context.serialTemplate;
      const first = take(sequenceScope(template, codeContext), line.quantity);
      const [firstCode] = previewCodes(template, codeContext, 1, first);
      const [lastCode] = previewCodes(template, codeContext, 1, first + line.quantity - 1);
      if (firstCode && lastCode) preview.serials = { first: firstCode, last: lastCode, count: line.quantity };
      else preview.serialError = renderError(template, codeContext, firstCode ? first + line.quantity - 1 : first);
    }
    return preview;
  });
}

function renderError(template: CodeTemplate, context: CodeContext, sequence: number): string {
  const rendered = renderCode(template, context, template.hasSequence ? sequence : null);
  return rendered.ok ? "" : rendered.error;
}

/** A variant as the form shows it once chosen (the server looks it up again by id). */
export interface VariantChoice {
  variantId: string;
  displayName: string;
  productTitle: string;
  sku: string | null;
  barcode: string | null;
  tracked: boolean;
}

/** One line of the form as the merchant is filling it in. */
export interface LineDraft {
  /** Stable across re-renders and line removals (React key, scan bookkeeping). */
  key: string;
  variant: VariantChoice | null;
  quantity: string;
  supplierLotCode: string;
  /** The GTIN a scan read, sent with the line so the lot records it. */
  gtin: string;
  producedAt: string;
  bestBefore: string;
  expiresAt: string;
  lotCode: string;
  serialMode: SerialMode;
  serials: string;
}

export function emptyLine(key: string): LineDraft {
  return {
    key,
    variant: null,
    quantity: "",
    supplierLotCode: "",
    gtin: "",
    producedAt: "",
    bestBefore: "",
    expiresAt: "",
    lotCode: "",
    serialMode: "none",
    serials: "",
  };
}

/** Whether a line is untouched, so a scan at the top of the form can fill it instead of adding one. */
export function isBlankLine(line: LineDraft): boolean {
  const { key, serialMode, ...rest } = emptyLine(line.key);
  return (
    serialMode === line.serialMode &&
    Object.entries(rest).every(([name, value]) => line[name as keyof typeof rest] === value)
  );
}

/** Whether a barcode in Shopify and a GTIN name the same trade item (GTIN-13 0614141001019 is (01) 00614141001019). */
export function sameGtin(barcode: string | null | undefined, gtin: string): boolean {
  const trimmed = barcode?.trim() ?? "";
  return isValidGtin(trimmed) && isValidGtin(gtin) && toGtin14(trimmed) === toGtin14(gtin);
}

/**
 * A line after a scan: the scan's GTIN, lot and dates replace what the line had; a serial number
 * joins the line's list (one scan per unit), raising the quantity to the number of serials. Says
 * what was filled, and which GTIN still has to be looked up to choose the variant.
 */
export function applyScan(
  line: LineDraft,
  fields: ReceivingFields,
): { line: LineDraft; filled: string[]; lookUpGtin: string | null } {
  const next = { ...line };
  const filled: string[] = [];
  if (fields.gtin) {
    next.gtin = fields.gtin;
    filled.push(`GTIN ${fields.gtin}`);
  }
  if (fields.lot) {
    next.supplierLotCode = fields.lot;
    filled.push(`lot ${fields.lot}`);
  }
  if (fields.producedAt) {
    next.producedAt = fields.producedAt;
    filled.push(`production ${fields.producedAt}`);
  }
  if (fields.bestBefore) {
    next.bestBefore = fields.bestBefore;
    filled.push(`best before ${fields.bestBefore}`);
  }
  if (fields.expiresAt) {
    next.expiresAt = fields.expiresAt;
    filled.push(`expiry ${fields.expiresAt}`);
  }
  if (fields.serial) {
    const serials = next.serialMode === "list" ? splitSerials(next.serials) : [];
    if (!serials.includes(fields.serial)) serials.push(fields.serial);
    next.serialMode = "list";
    next.serials = serials.join("\n");
    const quantity = Number(next.quantity);
    if (!Number.isInteger(quantity) || quantity < serials.length) next.quantity = String(serials.length);
    filled.push(`serial ${fields.serial}`);
  }
  const lookUpGtin = fields.gtin && !sameGtin(next.variant?.barcode, fields.gtin) ? fields.gtin : null;
  return { line: next, filled, lookUpGtin };
}

/**
 * Whether a scanned GTIN may be recorded on a lot of this variant: it is the variant's barcode,
 * or the variant has no GTIN barcode in Shopify to contradict it (the server judges the same way).
 */
export function gtinFits(variant: VariantChoice, gtin: string): boolean {
  return !isValidGtin(variant.barcode?.trim() ?? "") || sameGtin(variant.barcode, gtin);
}

/** The line with another variant chosen: a scanned GTIN that cannot be the new variant's is dropped. */
export function chooseVariant(line: LineDraft, variant: VariantChoice | null): LineDraft {
  const keepGtin = variant !== null && line.gtin !== "" && gtinFits(variant, line.gtin);
  return { ...line, variant, gtin: keepGtin ? line.gtin : "" };
}
