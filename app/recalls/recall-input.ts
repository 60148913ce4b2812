// What a merchant may type into a recall draft, and what a draft must hold before it can be sent.
// Pure: the form, the routes and the domain code share these checks, so the messages match.
import { z } from "zod";

export const CUSTOMER_ACTIONS = ["stop_using", "return", "dispose"] as const;
export const REMEDIES = ["refund", "replacement", "repair"] as const;
export const RECALL_JURISDICTIONS = ["eu_gpsr", "us_fda_food", "us_cpsc", "generic"] as const;
export const RECALL_SEVERITIES = ["high", "medium", "low"] as const;

export type CustomerAction = (typeof CUSTOMER_ACTIONS)[number];
export type Remedy = (typeof REMEDIES)[number];

// Forms send "" for an empty box: that means "not given", not an invalid value.
const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optionalText = (max: number, label: string) =>
  z.preprocess(
    blankToUndefined,
    z.string().trim().max(max, `${label} is too long (at most ${max} characters)`).optional(),
  );
// A single checkbox arrives as a string, several as an array.
const listOf = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess(
    (value) => (value === undefined || value === null || value === "" ? [] : Array.isArray(value) ? value : [value]),
    z.array(z.enum(values, { error: message })).transform((items) => [...new Set(items)]),
  );

export const recallDraftInput = z
  .object({
    title: z.string({ error: "Give the recall a title" }).trim().min(1, "Give the recall a title").max(200),
    jurisdiction: z.preprocess(
      blankToUndefined,
      z.enum(RECALL_JURISDICTIONS, { error: "Choose a notice template" }).default("generic"),
    ),
    severity: z.preprocess(
      blankToUndefined,
      z.enum(RECALL_SEVERITIES, { error: "Choose high, medium or low" }).default("high"),
    ),
    reason: z.preprocess(
      (v) => v ?? "",
      z.string().trim().max(5000, "The reason is too long (at most 5000 characters)"),
    ),
    hazard: z.preprocess(
      (v) => v ?? "",
      z.string().trim().max(5000, "The hazard is too long (at most 5000 characters)"),
    ),
    customerActions: listOf(CUSTOMER_ACTIONS, "Choose stop using, return or dispose"),
    remedies: listOf(REMEDIES, "Choose refund, replacement or repair"),
    contactEmail: z.preprocess(
      blankToUndefined,
      z.email("Enter an email address customers can write to, like recalls@example.com").optional(),
    ),
    contactPhone: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .regex(/^\+?[0-9 ()./-]{5,30}$/, "Enter a phone number customers can call, like +44 20 7946 0000")
        .optional(),
    ),
    contactUrl: z.preprocess(
      blankToUndefined,
      z.url({ protocol: /^https?$/, error: "Enter a web address starting with https://" }).optional(),
    ),
    lotIds: z.preprocess(
      (value) => (value === undefined || value === null || value === "" ? [] : Array.isArray(value) ? value : [value]),
      z.array(z.uuid("A chosen lot is not valid; choose it again")).transform((ids) => [...new Set(ids)]),
    ),
    serialProductId: optionalText(200, "The product"),
    serialFrom: optionalText(100, "The first serial number"),
    serialTo: optionalText(100, "The last serial number"),
    noticeSubject: optionalText(300, "The subject"),
    noticeBody: optionalText(20_000, "The notice"),
    expiresAt: z.preprocess(blankToUndefined, z.iso.date("Enter the date as YYYY-MM-DD").optional()),
  })
  // Runs even when other fields are wrong, so the merchant sees every problem at once; it skips
  // only when the fields it reads are themselves invalid (their own message says enough).
  .superRefine(checkLotsOrSerialRange, {
    when: (payload) => !payload.issues.some((issue) => SCOPE_FIELDS.has(String(issue.path?.[0]))),
  });

const SCOPE_FIELDS = new Set(["lotIds", "serialProductId", "serialFrom", "serialTo"]);

function checkLotsOrSerialRange(
  input: { lotIds: string[]; serialProductId?: string; serialFrom?: string; serialTo?: string },
  ctx: z.RefinementCtx,
) {
  const lotIds = Array.isArray(input.lotIds) ? input.lotIds : [];
  const isSerialRange = [input.serialProductId, input.serialFrom, input.serialTo].some((part) => part !== undefined);
  if (!isSerialRange) {
    if (lotIds.length === 0) {
      ctx.addIssue({ code: "custom", path: ["lotIds"], message: "Choose at least one lot to recall" });
    }
    return;
  }
  if (lotIds.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["lotIds"],
      message: "Recall either whole lots or a serial range of one product, not both",
    });
  }
  if (!input.serialProductId) {
    ctx.addIssue({ code: "custom", path: ["serialProductId"], message: "Choose the product the serials belong to" });
  }
  if (!input.serialFrom) {
    ctx.addIssue({ code: "custom", path: ["serialFrom"], message: "Enter the first serial number of the range" });
  }
  if (!input.serialTo) {
    ctx.addIssue({ code: "custom", path: ["serialTo"], message: "Enter the last serial number of the range" });
  }
  if (input.serialFrom && input.serialTo && compareSerials(input.serialFrom, input.serialTo) > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["serialTo"],
      message: `The last serial number comes before the first (${input.serialFrom}); swap them`,
    });
  }
}

export type RecallDraftInput = z.infer<typeof recallDraftInput>;

/** Parses a draft as the form or an API sends it; field errors are keyed by the form's field names. */
export function checkRecallDraft(
  input: unknown,
): { ok: true; value: RecallDraftInput } | { ok: false; fields: Record<string, string> } {
  const parsed = recallDraftInput.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? "form");
    fields[key] ??= issue.message;
  }
  return { ok: false, fields };
}

/** The parts of a saved recall the sending check reads. */
export interface RecallContent {
  reason: string;
  hazard: string;
  customerActions: string[];
  remedies: string[];
  contactEmail: string | null;
  contactPhone: string | null;
  contactUrl: string | null;
}

/**
 * What a notice must say before it goes out (regulators ask for each): field name -> what to add.
 * Empty when the recall is complete.
 */
export function findMissingRecallContent(recall: RecallContent): Record<string, string> {
  const missing: Record<string, string> = {};
  if (!recall.reason.trim()) missing.reason = "Say why the product is recalled before sending";
  if (!recall.hazard.trim()) missing.hazard = "Describe the hazard to customers before sending";
  if (recall.customerActions.length === 0) {
    missing.customerActions = "Choose what customers must do (stop using, return or dispose) before sending";
  }
  if (recall.remedies.length === 0) missing.remedies = "Choose the remedy you offer (refund, replacement or repair)";
  if (!recall.contactEmail && !recall.contactPhone && !recall.contactUrl) {
    missing.contactEmail = "Give customers a way to contact you: an email address, phone number or web page";
  }
  return missing;
}

/**
 * Serial range membership. "SN-0099" .. "SN-0120" is read as a prefix and a number, so a range
 * whose ends have the same prefix covers "SN-100" too; other ranges compare as plain text.
 */
export type SerialRange =
  | { kind: "numbered"; prefix: string; low: bigint; high: bigint }
  | { kind: "text"; from: string; to: string };

const NUMBERED = /^(.*?)(\d+)$/;

export function parseSerialRange(from: string, to: string): SerialRange {
  const a = NUMBERED.exec(from);
  const b = NUMBERED.exec(to);
  if (a && b && a[1] === b[1]) return { kind: "numbered", prefix: a[1], low: BigInt(a[2]), high: BigInt(b[2]) };
  return { kind: "text", from, to };
}

export function isSerialInRange(serial: string, range: SerialRange): boolean {
  if (range.kind === "text") return serial >= range.from && serial <= range.to;
  const match = NUMBERED.exec(serial);
  if (!match || match[1] !== range.prefix) return false;
  const value = BigInt(match[2]);
  return value >= range.low && value <= range.high;
}

/** Orders serials the way a merchant reads them: numbered ones by number, the rest as text. */
export function compareSerials(a: string, b: string): number {
  const range = parseSerialRange(a, b);
  if (range.kind === "numbered") return range.low < range.high ? -1 : range.low > range.high ? 1 : 0;
  return a < b ? -1 : a > b ? 1 : 0;
}
