// The order page's two forms as posted — "Re-allocate" (a quantity per candidate lot and a
// reason) and "Enter serial numbers" (one per line, as a scanner types them) — checked field
// by field so every mistake is named on its field before anything is changed.
import { z } from "zod";

export const QUANTITY_PREFIX = "quantity.";
export const MAX_SERIALS = 1_000;
const MAX_SERIAL_LENGTH = 64;

export type FieldErrors = Record<string, string>;

export type Parsed<T> = { ok: true; input: T } | { ok: false; message: string; fields: FieldErrors };

const lineId = z.uuid();

export function quantityField(lotId: string): string {
  return `${QUANTITY_PREFIX}${lotId}`;
}

/** The form's text fields by name (a file where text belongs is left out, and so fails the checks). */
export function stringFields(form: Iterable<[string, FormDataEntryValue]>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of form) if (typeof value === "string") fields[name] = value;
  return fields;
}

/** The posted intent, or null for a post that is not one of the page's forms. */
export function postedIntent(form: Record<string, string>): "reallocate" | "serials" | null {
  return form.intent === "reallocate" || form.intent === "serials" ? form.intent : null;
}

export function parseReallocateForm(
  form: Record<string, string>,
): Parsed<{ orderLineId: string; reason: string; lots: { lotId: string; quantity: number }[] }> {
  const fields: FieldErrors = {};
  const line = lineId.safeParse(form.lineId);
  if (!line.success)
    return { ok: false, message: "The form could not be read. Reload the page and try again.", fields };

  const reason = (form.reason ?? "").trim();
  if (reason === "") fields.reason = "Give a reason, e.g. “customer asked for a fresher batch”.";
  else if (reason.length > 500) fields.reason = "Keep the reason to 500 characters or fewer.";

  const lots: { lotId: string; quantity: number }[] = [];
  for (const [name, raw] of Object.entries(form)) {
    if (!name.startsWith(QUANTITY_PREFIX)) continue;
    const lotId = name.slice(QUANTITY_PREFIX.length);
    const text = raw.trim();
    if (!lineId.safeParse(lotId).success) continue;
    if (text === "") continue;
    if (!/^\d{1,6}$/.test(text)) {
      fields[name] = "Enter a whole number of units, 0 or more.";
      continue;
    }
    const quantity = Number(text);
    if (quantity > 0) lots.push({ lotId, quantity });
  }
  if (lots.length === 0 && !Object.keys(fields).some((name) => name.startsWith(QUANTITY_PREFIX))) {
    fields.lots = "Give at least one lot a quantity.";
  }
  if (Object.keys(fields).length > 0) return { ok: false, message: fixMessage(fields), fields };
  return { ok: true, input: { orderLineId: line.data, reason, lots } };
}

export function parseSerialsForm(form: Record<string, string>): Parsed<{ orderLineId: string; serials: string[] }> {
  const line = lineId.safeParse(form.lineId);
  if (!line.success) {
    return { ok: false, message: "The form could not be read. Reload the page and try again.", fields: {} };
  }
  const serials = (form.serials ?? "")
    .split(/[\r\n\t]+/)
    .map((serial) => serial.trim())
    .filter(Boolean);
  const error = serialsError(serials);
  if (error) return { ok: false, message: fixMessage({ serials: error }), fields: { serials: error } };
  return { ok: true, input: { orderLineId: line.data, serials } };
}

function serialsError(serials: string[]): string | null {
  if (serials.length === 0) return "Scan or type at least one serial number, one per line.";
  if (serials.length > MAX_SERIALS) return `Enter at most ${MAX_SERIALS} serial numbers at once.`;
  const bad = serials.find((serial) => serial.length > MAX_SERIAL_LENGTH || !/^[\x21-\x7e]+$/.test(serial));
  if (bad) {
    return `“${bad.slice(0, 40)}” is not a serial number: use up to ${MAX_SERIAL_LENGTH} printable characters without spaces.`;
  }
  const seen = new Set<string>();
  for (const serial of serials) {
    if (seen.has(serial)) return `${serial} is entered twice; each unit has its own serial number.`;
    seen.add(serial);
  }
  return null;
}

function fixMessage(fields: FieldErrors): string {
  const count = Object.keys(fields).length;
  return count === 1
    ? "A field needs fixing; nothing was changed."
    : `${count} fields need fixing; nothing was changed.`;
}
