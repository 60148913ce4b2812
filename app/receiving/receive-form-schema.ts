// What the Receive form posts, read and shape-checked on the server (kept apart from the form's
// other helpers so the browser bundle does not carry zod). Content is the service's to judge.
import { z } from "zod";
import { REFERENCE_TYPES, type ReferenceType, SERIAL_MODES, type SerialMode } from "./receive-form";

/** Line indexes a posted form may use; a receipt has at most 200 lines, and the service says so. */
const MAX_LINE_INDEX = 999;

const text = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((value) => value?.trim() ?? "");

const receiveLineSchema = z.object({
  variantId: text(200),
  quantity: text(50),
  supplierLotCode: text(500),
  gtin: text(50),
  producedAt: text(50),
  bestBefore: text(50),
  expiresAt: text(50),
  lotCode: text(500),
  serialMode: z.enum(SERIAL_MODES.map((mode) => mode.value) as [SerialMode, ...SerialMode[]]).default("none"),
  // Serial numbers, one per unit: up to 10,000 per receipt, separated by new lines.
  serials: text(1_000_000),
});

/** What the Receive form posts. Only shapes are checked here; the receiving service judges the content. */
export const receiveFormSchema = z.object({
  locationId: text(200),
  supplierName: text(1_000),
  referenceType: z
    .enum(["", ...REFERENCE_TYPES.map((type) => type.value)] as ["", ...ReferenceType[]])
    .optional()
    .transform((value) => value || null),
  referenceNumber: text(1_000),
  note: text(10_000),
  lines: z.array(receiveLineSchema).default([]),
});

export type ReceiveForm = z.infer<typeof receiveFormSchema>;
export type ReceiveFormLine = ReceiveForm["lines"][number];

export class MalformedFormError extends Error {}

/**
 * Turns posted fields into the object `receiveFormSchema` reads: `lines[2].quantity` becomes
 * `lines[2].quantity`, holes become empty lines (the service names what they lack). Fields the
 * form does not have are left out.
 */
export function formDataToObject(formData: Iterable<[string, FormDataEntryValue]>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const lines: Record<string, string>[] = [];
  for (const [name, value] of formData) {
    if (typeof value !== "string") throw new MalformedFormError(`${name} must be text, not a file`);
    const line = /^lines\[(\d+)\]\.([A-Za-z]+)$/.exec(name);
    if (line) {
      const index = Number(line[1]);
      if (index > MAX_LINE_INDEX) throw new MalformedFormError(`A receipt has at most ${MAX_LINE_INDEX + 1} lines`);
      lines[index] ??= {};
      lines[index][line[2]] = value;
    } else if (/^[A-Za-z]+$/.test(name)) {
      result[name] = value;
    }
  }
  result.lines = Array.from(lines, (line) => line ?? {});
  return result;
}
