// What the order action lets a merchant change on a line, and the checks made before anything
// is sent. The rules and their wording are the app's own (app/components/orders/entry-rules.ts),
// so a mistake reads the same here as on the order page; the app checks again and its field
// messages are shown where these would be.
import {
  chosenLots,
  enteredQuantity,
  NO_LOTS_ERROR,
  reasonError,
  serialsError,
  splitSerials,
} from "../../../app/components/orders/entry-rules";
import type { LineLotOptionsResponse, OrderLotsLine, OrderLotsResponse } from "../../../app/extension-api/types";

export { MAX_SERIALS, splitSerials } from "../../../app/components/orders/entry-rules";

export type Change = "serials" | "lots";
export type FieldErrors = Record<string, string>;
export type Checked<T> = { ok: true; request: T } | { ok: false; fields: FieldErrors };

/** The changes a line allows: serial numbers while units lack them, lots while it can be re-allocated. */
export function lineChanges(line: OrderLotsLine): Change[] {
  const changes: Change[] = [];
  if (line.serialTracked && line.serialsMissing > 0) changes.push("serials");
  if (line.canReallocate) changes.push("lots");
  return changes;
}

/** The lines the action can change, in the order's order. */
export function changeableLines(answer: OrderLotsResponse): OrderLotsLine[] {
  return answer.lines.filter((line) => lineChanges(line).length > 0);
}

export function lineLabel(line: OrderLotsLine): string {
  const name = line.sku ? `${line.title} (${line.sku})` : line.title;
  return `${name} · ${line.quantity - line.shipped} unshipped`;
}

export function unshippedUnits(line: Pick<OrderLotsLine, "quantity" | "shipped">): number {
  return Math.max(0, line.quantity - line.shipped);
}

export function serialsProgress(entered: number, missing: number): string {
  const left = missing - entered;
  if (left > 0) return `${entered} entered · ${left} still missing`;
  if (left === 0) return `${entered} entered · none missing`;
  return `${entered} entered · ${-left} more than the ${missing} units without one`;
}

export function checkSerials(lineId: string, text: string): Checked<{ lineId: string; serials: string[] }> {
  const serials = splitSerials(text);
  const error = serialsError(serials);
  return error ? { ok: false, fields: { serials: error } } : { ok: true, request: { lineId, serials } };
}

export type LotOption = LineLotOptionsResponse["options"][number];

export function lotField(lotId: string): string {
  return `lots.${lotId}`;
}

/** The quantities the form starts with: what each lot holds for the line now. */
export function initialQuantities(options: LotOption[]): Record<string, string> {
  const quantities: Record<string, string> = {};
  for (const option of options) {
    if (option.excludedReason === null && option.allocatedToLine > 0) {
      quantities[option.lotId] = String(option.allocatedToLine);
    }
  }
  return quantities;
}

/** The units chosen so far, counting only whole numbers (a typo is reported, not added). */
export function chosenTotal(quantities: Record<string, string>): number {
  let total = 0;
  for (const text of Object.values(quantities)) total += enteredQuantity(text) ?? 0;
  return total;
}

export function checkReallocation(
  line: Pick<OrderLotsLine, "id" | "title" | "quantity" | "shipped">,
  options: LotOption[],
  quantities: Record<string, string>,
  reasonText: string,
): Checked<{ lineId: string; reason: string; lots: Array<{ lotId: string; quantity: number }> }> {
  const fields: FieldErrors = {};
  const reason = reasonText.trim();
  const reasonProblem = reasonError(reason);
  if (reasonProblem) fields.reason = reasonProblem;

  // Lots the app excludes cannot be chosen; their fields are disabled.
  const choosable = options
    .filter((option) => option.excludedReason === null)
    .map((option) => ({ lotId: option.lotId, text: quantities[option.lotId] ?? "" }));
  const chosen = chosenLots(choosable, lotField);
  Object.assign(fields, chosen.fields);
  const lots = chosen.lots;
  const unshipped = unshippedUnits(line);
  const total = lots.reduce((sum, lot) => sum + lot.quantity, 0);
  if (lots.length === 0 && Object.keys(chosen.fields).length === 0) fields.lots = NO_LOTS_ERROR;
  else if (total > unshipped) fields.lots = `Choose at most ${unshipped} units in all`;

  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return { ok: true, request: { lineId: line.id, reason, lots } };
}
