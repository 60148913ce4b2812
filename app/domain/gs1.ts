// Reads whatever a barcode scanner, a camera or a person gives the receiving form — GS1 element
// strings, raw scanner output, GS1 Digital Link URIs — into validated AIs and receiving fields.
import { checkAssociations, type Gs1Element } from "./gs1-ai-values";
import { parseDigitalLink } from "./gs1-digital-link";
import { type ElementsResult, parseAiData, parseBracketed } from "./gs1-element-strings";
import { daysInMonth, fullYear, gs1CheckDigit } from "./gs1-linters";

export {
  checkAiCharacters,
  checkAiValue,
  checkAssociations,
  findAi,
  type Gs1Element,
  maxValueLength,
  needsSeparator,
  validateAiValue,
} from "./gs1-ai-values";
export {
  CANONICAL_STEM,
  escapeDigitalLinkComponent,
  parseDigitalLink,
  toDigitalLink,
  unescapeDigitalLinkComponent,
} from "./gs1-digital-link";
export { parseAiData, parseBracketed, toAiData, toElementString } from "./gs1-element-strings";
export { CSET82_CHARACTERS, describeCharacter } from "./gs1-linters";

export type Gs1Format = "bracketed" | "scanner" | "digital-link" | "plain";

export type ParseGs1Result =
  | { ok: true; ais: Gs1Element[]; format: Gs1Format }
  | { ok: false; error: string; lintCode?: string };

const GS = "\x1d";

// AIM symbology identifiers of GS1 barcodes in GS1 mode (data is AI data) and of the symbologies
// that may carry a GS1 Digital Link URI as plain text.
const AI_MODE: Readonly<Record<string, string>> = {
  C1: "GS1-128",
  e0: "GS1 DataBar",
  d2: "GS1 DataMatrix",
  Q3: "GS1 QR Code",
  J1: "GS1 DotCode",
};
const PLAIN_MODE: Readonly<Record<string, string>> = { d1: "Data Matrix", Q1: "QR Code", J0: "DotCode" };
const EAN_UPC: Readonly<Record<string, number>> = { E0: 13, E4: 8 };

const SCAN_HINT = 'Scan again, or type the data with AIs in brackets, like "(01)09506000134352(10)ABC"';

/**
 * Parses GS1 data in any of the forms a receiving desk meets. A number of 8, 12, 13 or 14 digits on
 * its own is read as a GTIN (what a scanner types for an EAN/UPC barcode). AI combinations are
 * checked as GS1 requires; mandatory companions (e.g. (10) needs (01)) only when
 * `requireAssociations` is set, because one scan reads one of possibly several barcodes.
 */
export function parseGs1(input: string, options: { requireAssociations?: boolean } = {}): ParseGs1Result {
  const text = input.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
  const parsed = parseAnyForm(text);
  if (!parsed.ok) return parsed;
  const conflict = checkAssociations(parsed.ais, { requisites: options.requireAssociations ?? false });
  return conflict ? { ok: false, error: conflict } : parsed;
}

function parseAnyForm(text: string): ParseGs1Result {
  if (text === "") return { ok: false, error: "Nothing was scanned" };
  if (text.startsWith("]")) return parseScannerOutput(text);
  if (text.startsWith("(")) return withFormat(parseBracketed(withoutLabelSpacing(text)), "bracketed");
  if (text.startsWith("^") || text.startsWith(GS)) return withFormat(parseAiData(text, `^${GS}`), "plain");
  if (/^https?:\/\//i.test(text)) return withFormat(parseDigitalLink(text), "digital-link");
  if (/^\d+$/.test(text)) return parseLoneGtin(text);
  return { ok: false, error: `This is not GS1 data. ${SCAN_HINT}` };
}

// Labels print "(01) 09506000134352 (10) ABC"; no GS1 character set has a space, so spaces next
// to an AI's brackets can only be layout.
function withoutLabelSpacing(text: string): string {
  return text.replace(/\s+(?=\(\d+\))/g, "").replace(/(\(\d+\))\s+/g, "$1");
}

function withFormat(result: ElementsResult, format: Gs1Format): ParseGs1Result {
  return result.ok ? { ...result, format } : result;
}

function parseLoneGtin(digits: string): ParseGs1Result {
  if (![8, 12, 13, 14].includes(digits.length)) {
    return {
      ok: false,
      error: `A number on its own is read as a GTIN of 8, 12, 13 or 14 digits; this one has ${digits.length}. ${SCAN_HINT}`,
    };
  }
  const problem = gtinProblem(digits);
  if (problem) return { ok: false, error: problem };
  return { ok: true, ais: [{ ai: "01", value: toGtin14(digits) }], format: "plain" };
}

/** Scanner output that starts with an AIM symbology identifier such as "]d2" (GS1 DataMatrix). */
function parseScannerOutput(text: string): ParseGs1Result {
  const id = text.slice(1, 3);
  const data = text.slice(3);
  if (id.length < 2) return { ok: false, error: "The scan ends inside its symbology identifier" };

  if (AI_MODE[id]) {
    if (data === "") return { ok: false, error: `The ${AI_MODE[id]} barcode holds no data` };
    // GS stands for FNC1 in scanner output; "^" is accepted too since no GS1 value can contain it.
    return withFormat(parseAiData(`^${data}`, `^${GS}`), "scanner");
  }

  const eanLength = EAN_UPC[id];
  if (eanLength) {
    const primary = data.slice(0, eanLength);
    const rest = data.slice(eanLength);
    const name = eanLength === 13 ? "EAN-13/UPC" : "EAN-8";
    if (!/^\d*$/.test(primary)) return { ok: false, error: `An ${name} barcode holds digits only` };
    if (primary.length < eanLength)
      return { ok: false, error: `An ${name} barcode holds ${eanLength} digits; got ${primary.length}` };
    const problem = gtinProblem(primary);
    if (problem) return { ok: false, error: problem };
    const ais: Gs1Element[] = [{ ai: "01", value: toGtin14(primary) }];
    if (rest === "") return { ok: true, ais, format: "scanner" };
    // A composite component follows the linear barcode as "|]e0" and AI data.
    if (!rest.startsWith("|]e0")) return { ok: false, error: `An ${name} barcode holds ${eanLength} digits; got more` };
    const composite = parseAiData(`^${rest.slice(4)}`, `^${GS}`);
    return composite.ok ? { ok: true, ais: [...ais, ...composite.ais], format: "scanner" } : composite;
  }

  if (PLAIN_MODE[id]) {
    if (/^(https?|HTTPS?):\/\//.test(data)) return withFormat(parseDigitalLink(data), "digital-link");
    return { ok: false, error: `The ${PLAIN_MODE[id]} holds plain text, not GS1 data or a GS1 Digital Link` };
  }
  return { ok: false, error: `"]${id}" is not the symbology identifier of a GS1 barcode. ${SCAN_HINT}` };
}

function gtinProblem(gtin: string): string | null {
  if (!/^\d+$/.test(gtin)) return "A GTIN has digits only";
  if (![8, 12, 13, 14].includes(gtin.length)) return `A GTIN has 8, 12, 13 or 14 digits; got ${gtin.length}`;
  const expected = gs1CheckDigit(gtin.slice(0, -1));
  return String(expected) === gtin.at(-1) ? null : `GTIN check digit should be ${expected}, not ${gtin.at(-1)}`;
}

/** Whether this is a GTIN-8, -12, -13 or -14 with a correct check digit. */
export function isValidGtin(gtin: string): boolean {
  return gtinProblem(gtin) === null;
}

/** Pads a GTIN-8/12/13 with leading zeros to the 14 digits AI (01) carries. */
export function toGtin14(gtin: string): string {
  return gtin.padStart(14, "0");
}

export interface ReceivingFields {
  gtin?: string;
  lot?: string;
  /** ISO dates (YYYY-MM-DD). */
  producedAt?: string;
  bestBefore?: string;
  expiresAt?: string;
  serial?: string;
}

/**
 * A GS1 date YYMMDD as an ISO date: the century puts the year within −49…+50 years of `today`,
 * and day 00 means the last day of the month (GS1 General Specifications 7.12).
 */
export function gs1DateToIso(yymmdd: string, today: Date = new Date()): string {
  const year = fullYear(Number(yymmdd.slice(0, 2)), today.getUTCFullYear());
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6)) || daysInMonth(year, month);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * Fills the receiving form from one scan: GTIN (01, or 02 for the contents of a case), lot (10),
 * production date (11), best before (15), expiry (17, or the date of 7003), serial (21).
 */
export function scanToReceivingFields(
  input: string,
  options: { today?: Date } = {},
): { ok: true; fields: ReceivingFields; ais: Gs1Element[] } | { ok: false; error: string } {
  const parsed = parseGs1(input);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const value = (ai: string) => parsed.ais.find((element) => element.ai === ai)?.value;
  const date = (ai: string, length = 6) => {
    const raw = value(ai);
    return raw === undefined ? undefined : gs1DateToIso(raw.slice(0, length), options.today);
  };
  const fields: ReceivingFields = {
    gtin: value("01") ?? value("02"),
    lot: value("10"),
    producedAt: date("11"),
    bestBefore: date("15"),
    expiresAt: date("17") ?? date("7003"),
    serial: value("21"),
  };
  const present = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as ReceivingFields;
  if (Object.keys(present).length === 0) {
    const found = parsed.ais.map(({ ai }) => `(${ai})`).join(", ");
    return { ok: false, error: `The scan holds ${found} but no GTIN, lot, dates or serial to fill in` };
  }
  return { ok: true, fields: present, ais: parsed.ais };
}
