// Per-shop templates for batch (lot) codes and serial numbers: parsed and checked when the
// merchant saves one, rendered when stock is received, previewed live while typing.
import { checkAiCharacters, describeCharacter, maxValueLength, validateAiValue } from "./gs1";

export interface CodeContext {
  /** The variant's SKU. */
  sku: string | null;
  productTitle: string;
  /** A short code for the receiving location, e.g. "WKS". */
  locationCode: string;
  /** The receiving day in the shop's time zone. */
  date: { year: number; month: number; day: number };
  supplierLotCode: string | null;
}

export type TemplateKind = "lot" | "serial";

export type ValueToken = "SKU" | "PRODUCT" | "LOCATION" | "SUPPLIER_LOT";
export type DateToken = "YYYY" | "YY" | "MM" | "DD" | "JJJ";

export type TemplatePart =
  | { type: "literal"; text: string }
  | { type: "value"; token: ValueToken }
  | { type: "date"; token: DateToken }
  | { type: "sequence"; digits: number };

export interface CodeTemplate {
  source: string;
  kind: TemplateKind;
  parts: TemplatePart[];
  hasSequence: boolean;
  sequenceDigits: number | null;
  /** Every code rendered from this template is a valid GS1 AI (10) (lot) or AI (21) (serial) value. */
  gs1Compatible: boolean;
}

type Result<T> = ({ ok: true } & T) | { ok: false; error: string };

export const DEFAULT_LOT_TEMPLATE = "{SKU}-{YY}{MM}{DD}-{SEQ:2}";
// Numeric and at most 11 characters, so it fits any carrier; the day keeps the counter short.
export const DEFAULT_SERIAL_TEMPLATE = "{YY}{JJJ}-{SEQ:5}";

/** `{PRODUCT}` is cut to this many characters so a product slug alone cannot exhaust the GS1 limit. */
export const PRODUCT_SLUG_MAX_LENGTH = 10;

const PLAIN_MAX_LENGTH = 64;

const VALUE_TOKENS: readonly ValueToken[] = ["SKU", "PRODUCT", "LOCATION", "SUPPLIER_LOT"];
const DATE_TOKEN_LENGTH: Record<DateToken, number> = { YYYY: 4, YY: 2, MM: 2, DD: 2, JJJ: 3 };
const TOKEN_LIST = "{SKU}, {PRODUCT}, {LOCATION}, {YYYY}, {YY}, {MM}, {DD}, {JJJ}, {SEQ:n}, {SUPPLIER_LOT}";
const LITERAL_CHAR = /^[A-Za-z0-9\-_./]$/;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

// Marks the sequence's place in a scope key; it cannot occur in a code, which is ASCII.
const SEQUENCE_MARKER = "⟨SEQ⟩";

function kindName(kind: TemplateKind): string {
  return kind === "lot" ? "lot code" : "serial number";
}

// Lot codes go into GS1 AI (10) BATCH/LOT, serial numbers into AI (21) SERIAL.
function aiOf(kind: TemplateKind): "10" | "21" {
  return kind === "lot" ? "10" : "21";
}

function gs1Ai(kind: TemplateKind): string {
  return `GS1 AI (${aiOf(kind)})`;
}

/** Parses and checks a template as the merchant saves it. `requireGs1` defaults to true. */
export function parseCodeTemplate(
  source: string,
  options: { kind: TemplateKind; requireGs1?: boolean },
): Result<{ template: CodeTemplate }> {
  const { kind } = options;
  const requireGs1 = options.requireGs1 ?? true;
  const parts: TemplatePart[] = [];
  let sequenceDigits: number | null = null;

  if (source.trim() === "") return { ok: false, error: `The ${kindName(kind)} template is empty` };

  let i = 0;
  while (i < source.length) {
    const char = source[i];
    if (char === "{") {
      const close = source.indexOf("}", i);
      const nextOpen = source.indexOf("{", i + 1);
      if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
        return { ok: false, error: `The "{" at position ${i + 1} has no closing "}"` };
      }
      const body = source.slice(i + 1, close);
      const token = `{${body}}`;
      if (body.startsWith("SEQ")) {
        const match = /^SEQ:([1-9])$/.exec(body);
        if (!match) {
          return {
            ok: false,
            error: `${token} is not a valid sequence: write {SEQ:n} with n from 1 to 9, e.g. {SEQ:3}`,
          };
        }
        if (sequenceDigits !== null) {
          return { ok: false, error: `${token}: a template can contain only one {SEQ:n}` };
        }
        sequenceDigits = Number(match[1]);
        parts.push({ type: "sequence", digits: sequenceDigits });
      } else if ((VALUE_TOKENS as readonly string[]).includes(body)) {
        parts.push({ type: "value", token: body as ValueToken });
      } else if (body in DATE_TOKEN_LENGTH) {
        parts.push({ type: "date", token: body as DateToken });
      } else {
        const hint = knownTokenIgnoringCase(body);
        const suffix = hint ? ` (tokens are upper case: ${hint})` : `; use one of ${TOKEN_LIST}`;
        return { ok: false, error: `Unknown token ${token}${suffix}` };
      }
      i = close + 1;
      continue;
    }
    if (char === "}") {
      return { ok: false, error: `The "}" at position ${i + 1} has no opening "{"` };
    }
    if (!LITERAL_CHAR.test(char)) {
      return {
        ok: false,
        error: `${describeCharacter(char)} at position ${i + 1} is not allowed; text between tokens can use letters, digits, "-", "_", "." and "/"`,
      };
    }
    const last = parts.at(-1);
    if (last?.type === "literal") last.text += char;
    else parts.push({ type: "literal", text: char });
    i += 1;
  }

  if (parts.every((part) => part.type === "literal")) {
    return {
      ok: false,
      error: `The ${kindName(kind)} template has no tokens, so every code would be the same; add e.g. {SEQ:3}`,
    };
  }
  if (kind === "serial" && sequenceDigits === null) {
    return {
      ok: false,
      error: "A serial number template needs {SEQ:n} so each unit gets its own number, e.g. {SEQ:5}",
    };
  }

  const lengthError = checkLength(parts, kind, requireGs1);
  if (lengthError) return { ok: false, error: lengthError };

  return {
    ok: true,
    template: {
      source,
      kind,
      parts,
      hasSequence: sequenceDigits !== null,
      sequenceDigits,
      gs1Compatible: requireGs1,
    },
  };
}

// Tokens we bound ({PRODUCT}, dates, the sequence) count at their longest; values the merchant
// controls (SKU, location, supplier lot) count as one character here and are checked on render.
function checkLength(parts: TemplatePart[], kind: TemplateKind, requireGs1: boolean): string | null {
  const limit = (requireGs1 && maxValueLength(aiOf(kind))) || PLAIN_MAX_LENGTH;
  let longest = 0;
  const openEnded: string[] = [];
  for (const part of parts) {
    if (part.type === "literal") longest += part.text.length;
    else if (part.type === "date") longest += DATE_TOKEN_LENGTH[part.token];
    else if (part.type === "sequence") longest += part.digits;
    else if (part.token === "PRODUCT") longest += PRODUCT_SLUG_MAX_LENGTH;
    else {
      longest += 1;
      openEnded.push(`{${part.token}}`);
    }
  }
  if (longest <= limit) return null;
  const rule = requireGs1 ? `${gs1Ai(kind)} allows at most ${limit}` : `a ${kindName(kind)} can have at most ${limit}`;
  const size = openEnded.length
    ? `at least ${longest} characters even with a one-character ${openEnded.join(", ")}`
    : `up to ${longest} characters long`;
  const fix = requireGs1 ? "; shorten the template or turn off GS1 compatibility" : "; shorten the template";
  return `Codes from this template are ${size}, but ${rule}${fix}`;
}

/**
 * The key of the counter behind `{SEQ:n}`: the code with the sequence replaced by a marker.
 * The date appears through the template's own date tokens, so a template with {YY}{MM}{DD}
 * counts per day (and with {SKU} per SKU and day), while one without a full date keeps counting
 * across days instead of issuing yesterday's codes again. Use it as the whole key (with the shop).
 */
export function sequenceScope(template: CodeTemplate, context: CodeContext): string {
  const skeleton = template.parts
    .map((part) => {
      if (part.type === "sequence") return SEQUENCE_MARKER;
      if (part.type === "literal") return part.text;
      if (part.type === "date") return dateTokenValue(part.token, context.date);
      // A missing value still yields a key; rendering then refuses with the reason.
      return tokenValue(part.token, context) ?? `{${part.token}}`;
    })
    .join("");
  return `${template.kind}:${skeleton}`;
}

/** Renders one code; `sequence` (from 1) is required when the template has {SEQ:n}. */
export function renderCode(
  template: CodeTemplate,
  context: CodeContext,
  sequence: number | null,
): Result<{ code: string }> {
  const { kind } = template;
  const dateError = checkDate(context.date);
  if (dateError) return { ok: false, error: dateError };

  let code = "";
  for (const part of template.parts) {
    if (part.type === "literal") {
      code += part.text;
    } else if (part.type === "date") {
      code += dateTokenValue(part.token, context.date);
    } else if (part.type === "sequence") {
      const rendered = renderSequence(part.digits, sequence, kind, periodOf(template));
      if (!rendered.ok) return rendered;
      code += rendered.text;
    } else {
      const value = tokenValue(part.token, context);
      if (value === null) return { ok: false, error: missingValueError(part.token, context, kind) };
      const charError = checkCharacters(value, part.token, template);
      if (charError) return { ok: false, error: charError };
      code += value;
    }
  }

  const shorten = "use a shorter SKU, location or supplier lot code, or shorten the template";
  if (template.gs1Compatible) {
    const problem = validateAiValue(aiOf(kind), code);
    if (problem) {
      return {
        ok: false,
        error: `The ${kindName(kind)} "${code}" cannot be encoded in GS1: ${problem}; ${shorten}, or turn off GS1 compatibility`,
      };
    }
  } else if (code.length > PLAIN_MAX_LENGTH) {
    return {
      ok: false,
      error: `The ${kindName(kind)} "${code}" would be ${code.length} characters, but the limit is ${PLAIN_MAX_LENGTH}; ${shorten}`,
    };
  }
  return { ok: true, code };
}

/**
 * Codes for the live preview, starting at `firstSequence` (default 1). Stops at the first code
 * that cannot be rendered (ask `renderCode` why); a template without {SEQ:n} yields one code.
 */
export function previewCodes(template: CodeTemplate, context: CodeContext, count: number, firstSequence = 1): string[] {
  const codes: string[] = [];
  const total = template.hasSequence ? count : Math.min(count, 1);
  for (let n = 0; n < total; n += 1) {
    const rendered = renderCode(template, context, template.hasSequence ? firstSequence + n : null);
    if (!rendered.ok) break;
    codes.push(rendered.code);
  }
  return codes;
}

/** Upper-case A–Z, 0–9 and dashes, cut at a word boundary to at most PRODUCT_SLUG_MAX_LENGTH. */
export function productSlug(title: string): string {
  const ascii = title
    .replace(/ß/g, "ss")
    .replace(/[æÆ]/g, "ae")
    .replace(/[œŒ]/g, "oe")
    .replace(/[øØ]/g, "o")
    .replace(/[łŁ]/g, "l")
    .replace(/[đĐ]/g, "d")
    .replace(/[þÞ]/g, "th")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "");
  const slug = ascii
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length <= PRODUCT_SLUG_MAX_LENGTH) return slug;
  const cut = slug.slice(0, PRODUCT_SLUG_MAX_LENGTH);
  // Prefer whole words ("ORGANIC" over "ORGANIC-HO") unless the first word alone is too long.
  const wordEnd = slug[PRODUCT_SLUG_MAX_LENGTH] === "-" ? cut.length : cut.lastIndexOf("-");
  return (wordEnd > 0 ? cut.slice(0, wordEnd) : cut).replace(/-+$/, "");
}

function tokenValue(token: ValueToken, context: CodeContext): string | null {
  const present = (value: string | null) => (value?.trim() ? value.trim() : null);
  switch (token) {
    case "SKU":
      return present(context.sku);
    case "PRODUCT":
      return present(productSlug(context.productTitle));
    case "LOCATION":
      return present(context.locationCode);
    case "SUPPLIER_LOT":
      return present(context.supplierLotCode);
  }
}

function missingValueError(token: ValueToken, context: CodeContext, kind: TemplateKind): string {
  const uses = `the ${kindName(kind)} template uses {${token}}`;
  switch (token) {
    case "SKU":
      return `This variant has no SKU, but ${uses}; add a SKU to the variant or change the template`;
    case "PRODUCT":
      return `The product title "${context.productTitle}" has no letters or digits for {PRODUCT}; rename the product or change the template`;
    case "LOCATION":
      return `The location has no short code, but ${uses}; give the location a code or change the template`;
    case "SUPPLIER_LOT":
      return `Enter the supplier's lot code: ${uses}`;
  }
}

const VALUE_LABEL: Record<ValueToken, string> = {
  SKU: "SKU",
  PRODUCT: "product slug",
  LOCATION: "location code",
  SUPPLIER_LOT: "supplier lot code",
};

function checkCharacters(value: string, token: ValueToken, template: CodeTemplate): string | null {
  const label = `The ${VALUE_LABEL[token]} "${value}" (for {${token}})`;
  if (template.gs1Compatible) {
    // Only the character set is judged per value; the length is judged on the whole code.
    const problem = checkAiCharacters(aiOf(template.kind), value);
    if (!problem) return null;
    return `${label} cannot go into a GS1 ${kindName(template.kind)}: ${problem.message}; change the ${VALUE_LABEL[token]} or turn off GS1 compatibility`;
  }
  const bad = [...value].find((char) => !PRINTABLE_ASCII.test(char));
  if (bad === undefined) return null;
  return `${label} contains ${describeCharacter(bad)}; a ${kindName(template.kind)} can only contain printable ASCII characters`;
}

function renderSequence(
  digits: number,
  sequence: number | null,
  kind: TemplateKind,
  period: string,
): { ok: true; text: string } | { ok: false; error: string } {
  if (sequence === null)
    return { ok: false, error: `The ${kindName(kind)} template has {SEQ:${digits}} but no sequence number was given` };
  if (!Number.isInteger(sequence) || sequence < 1) {
    return { ok: false, error: `Sequence numbers start at 1; ${sequence} cannot fill {SEQ:${digits}}` };
  }
  const max = 10 ** digits - 1;
  if (sequence > max) {
    return {
      ok: false,
      error: `{SEQ:${digits}} ran out after ${max} codes${period}; widen it to {SEQ:${digits + 1}} in the ${kindName(kind)} template`,
    };
  }
  return { ok: true, text: String(sequence).padStart(digits, "0") };
}

// How long a counter lasts, in the merchant's words, from the date tokens the template shows.
function periodOf(template: CodeTemplate): string {
  const tokens = new Set(template.parts.flatMap((part) => (part.type === "date" ? [part.token] : [])));
  const year = tokens.has("YYYY") || tokens.has("YY");
  if (year && (tokens.has("JJJ") || (tokens.has("MM") && tokens.has("DD")))) return " today";
  if (year && tokens.has("MM")) return " this month";
  if (year) return " this year";
  return "";
}

function dateTokenValue(token: DateToken, date: CodeContext["date"]): string {
  const two = (n: number) => String(n).padStart(2, "0");
  switch (token) {
    case "YYYY":
      return String(date.year).padStart(4, "0");
    case "YY":
      return two(date.year % 100);
    case "MM":
      return two(date.month);
    case "DD":
      return two(date.day);
    case "JJJ":
      return String(dayOfYear(date)).padStart(3, "0");
  }
}

function dayOfYear({ year, month, day }: CodeContext["date"]): number {
  return (Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000 + 1;
}

function checkDate({ year, month, day }: CodeContext["date"]): string | null {
  const valid =
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
  return valid ? null : `${year}-${month}-${day} is not a valid receiving date`;
}

function knownTokenIgnoringCase(body: string): string | null {
  const upper = body.toUpperCase();
  if ((VALUE_TOKENS as readonly string[]).includes(upper) || upper in DATE_TOKEN_LENGTH) return `{${upper}}`;
  if (/^SEQ:[1-9]$/.test(upper)) return `{${upper}}`;
  return null;
}
