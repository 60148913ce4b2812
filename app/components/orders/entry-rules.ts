// What a merchant may enter to correct an order line — serial numbers, per-lot quantities and a
// reason — and the wording of each mistake. Plain TypeScript without dependencies: the order
// page's forms, the extension API and the order action in Shopify's admin all check with these,
// so a mistake reads the same wherever it is made.

export const MAX_SERIALS = 1_000;
export const MAX_SERIAL_LENGTH = 64;
export const MAX_REASON_LENGTH = 500;

/** One serial number per line of the text, as a scanner types them. */
export function splitSerials(text: string): string[] {
  return trimmedSerials(text.split(/[\r\n\t]+/));
}

export function trimmedSerials(entered: string[]): string[] {
  return entered.map((serial) => serial.trim()).filter(Boolean);
}

export function serialsError(serials: string[]): string | null {
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

export function reasonError(reason: string): string | null {
  if (reason === "") return "Give a reason, e.g. “customer asked for a fresher batch”.";
  if (reason.length > MAX_REASON_LENGTH) return `Keep the reason to ${MAX_REASON_LENGTH} characters or fewer.`;
  return null;
}

/** A quantity as typed: a whole number of units (0 = none), or null when it is not one. */
export function enteredQuantity(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : null;
}

export const QUANTITY_ERROR = "Enter a whole number of units, 0 or more.";
export const NO_LOTS_ERROR = "Give at least one lot a quantity.";

/**
 * The lots given a quantity, and a message on each lot field that is not a whole number
 * (`fieldOf` names the field). Blank fields and zeros choose nothing.
 */
export function chosenLots(
  quantities: { lotId: string; text: string }[],
  fieldOf: (lotId: string) => string,
): { lots: { lotId: string; quantity: number }[]; fields: Record<string, string> } {
  const lots: { lotId: string; quantity: number }[] = [];
  const fields: Record<string, string> = {};
  for (const { lotId, text } of quantities) {
    if (text.trim() === "") continue;
    const quantity = enteredQuantity(text);
    if (quantity === null) fields[fieldOf(lotId)] = QUANTITY_ERROR;
    else if (quantity > 0) lots.push({ lotId, quantity });
  }
  return { lots, fields };
}
