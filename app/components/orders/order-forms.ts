// The order page's two forms as posted — "Re-allocate" (a quantity per candidate lot and a
// reason) and "Enter serial numbers" (one per line, as a scanner types them) — checked field
// by field so every mistake is named on its field before anything is changed.
import { z } from "zod";
import { chosenLots, NO_LOTS_ERROR, reasonError, serialsError, splitSerials, trimmedSerials } from "./entry-rules";

export { MAX_SERIALS } from "./entry-rules";
export const QUANTITY_PREFIX = "quantity.";

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

export interface ReallocationInput {
  orderLineId: string;
  reason: string;
  lots: { lotId: string; quantity: number }[];
}

export function parseReallocateForm(form: Record<string, string>): Parsed<ReallocationInput> {
  const quantities = Object.entries(form)
    .filter(([name]) => name.startsWith(QUANTITY_PREFIX))
    .map(([name, text]) => ({ lotId: name.slice(QUANTITY_PREFIX.length), text }));
  return parseReallocation({ lineId: form.lineId, reason: form.reason, quantities });
}

/**
 * A re-allocation as entered, whether posted by the order page's form or sent as JSON: the line,
 * the reason and each lot's quantity as typed. `fieldOf` names a lot's field in the errors.
 */
export function parseReallocation(
  entered: { lineId?: string; reason?: string; quantities: { lotId: string; text: string }[] },
  fieldOf: (lotId: string) => string = quantityField,
): Parsed<ReallocationInput> {
  const fields: FieldErrors = {};
  const line = lineId.safeParse(entered.lineId);
  if (!line.success)
    return { ok: false, message: "The form could not be read. Reload the page and try again.", fields };

  const reason = (entered.reason ?? "").trim();
  const reasonProblem = reasonError(reason);
  if (reasonProblem) fields.reason = reasonProblem;

  // Only ids that can name a lot are read; anything else posted is not one of the form's fields.
  const quantities = entered.quantities.filter(({ lotId }) => lineId.safeParse(lotId).success);
  const chosen = chosenLots(quantities, fieldOf);
  Object.assign(fields, chosen.fields);
  const lots = chosen.lots;
  if (lots.length === 0 && Object.keys(chosen.fields).length === 0) fields.lots = NO_LOTS_ERROR;
  if (Object.keys(fields).length > 0) return { ok: false, message: fixMessage(fields), fields };
  return { ok: true, input: { orderLineId: line.data, reason, lots } };
}

export function parseSerialsForm(form: Record<string, string>): Parsed<{ orderLineId: string; serials: string[] }> {
  return parseSerials(form.lineId, splitSerials(form.serials ?? ""));
}

/** Serial numbers for one line, as scanned into the form or sent as a JSON list. */
export function parseSerials(
  lineIdValue: string | undefined,
  entered: string[],
): Parsed<{ orderLineId: string; serials: string[] }> {
  const line = lineId.safeParse(lineIdValue);
  if (!line.success) {
    return { ok: false, message: "The form could not be read. Reload the page and try again.", fields: {} };
  }
  const serials = trimmedSerials(entered);
  const error = serialsError(serials);
  if (error) return { ok: false, message: fixMessage({ serials: error }), fields: { serials: error } };
  return { ok: true, input: { orderLineId: line.data, serials } };
}

function fixMessage(fields: FieldErrors): string {
  const count = Object.keys(fields).length;
  return count === 1
    ? "A field needs fixing; nothing was changed."
    : `${count} fields need fixing; nothing was changed.`;
}
