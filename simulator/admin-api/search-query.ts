// A subset of Shopify's search syntax for `query:` arguments: `field:value` terms joined by
// spaces or AND, negation with `-` or NOT, comparators `:<` `:>` `:<=` `:>=`, quoted values,
// comma-separated alternatives and `*` wildcards. OR and parentheses answer "not simulated".
import { parseGid } from "../store/ids";
import { AdminApiError, notSimulated } from "./errors";

export type Comparator = ":" | ":<" | ":>" | ":<=" | ":>=";

export interface SearchTerm {
  field: string | null;
  comparator: Comparator;
  value: string;
  negated: boolean;
}

export function parseSearchQuery(query: string): SearchTerm[] {
  const tokens = query.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
  const terms: SearchTerm[] = [];
  let negateNext = false;
  for (const token of tokens) {
    if (token === "AND") continue;
    if (token === "NOT") {
      negateNext = true;
      continue;
    }
    if (token === "OR" || token.startsWith("(") || token.endsWith(")")) {
      throw notSimulated(`Search syntax "${token}" (in query "${query}")`);
    }
    const negated = negateNext || token.startsWith("-");
    negateNext = false;
    const body = token.startsWith("-") ? token.slice(1) : token;
    const match = /^([a-z_]+)(:<=|:>=|:<|:>|:)(.*)$/.exec(body);
    if (!match) {
      terms.push({ field: null, comparator: ":", value: unquote(body), negated });
      continue;
    }
    const [, field, comparator, rawValue] = match;
    // Both `updated_at:>'x'` and `updated_at:>=x` forms, and `created_at:<now`.
    terms.push({ field, comparator: comparator as Comparator, value: unquote(rawValue), negated });
  }
  return terms;
}

function unquote(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, "$2");
}

export type SearchFieldKind = "text" | "time" | "number" | "id" | "tags";

export interface SearchField<T> {
  kind: SearchFieldKind;
  read: (item: T) => unknown;
  /** For filters like `tag_not`: an item matches when the comparison fails. */
  negate?: boolean;
}

export type SearchFields<T> = Record<string, SearchField<T>>;

/** Items matching every term. Unknown filter fields are errors, never silently ignored. */
export function filterBySearch<T>(
  items: readonly T[],
  query: string | null | undefined,
  fields: SearchFields<T>,
  resource: string,
  now: number,
): T[] {
  if (!query?.trim()) return [...items];
  const terms = parseSearchQuery(query);
  const matchers = terms.map((term) => {
    const field = fields[term.field ?? "default"];
    if (!field) {
      throw notSimulated(
        term.field === null
          ? `Free-text search on ${resource} ("${term.value}")`
          : `The ${resource} search filter "${term.field}"`,
      );
    }
    return (item: T) => matches(field, term, item, now) !== (term.negated !== (field.negate ?? false));
  });
  return items.filter((item) => matchers.every((matcher) => matcher(item)));
}

function matches<T>(field: SearchField<T>, term: SearchTerm, item: T, now: number): boolean {
  const actual = field.read(item);
  switch (field.kind) {
    case "time":
      return compareTime(actual, term, now);
    case "number":
      return compareNumbers(typeof actual === "number" ? actual : Number(actual), term);
    case "id":
      return compareNumbers(numericId(actual), { ...term, value: String(numericId(term.value)) });
    case "tags":
      return (
        Array.isArray(actual) &&
        alternatives(term.value).some((wanted) => actual.some((tag) => textMatches(String(tag), wanted)))
      );
    default:
      if (term.comparator !== ":") return compareText(actual, term);
      return alternatives(term.value).some((wanted) => textMatches(actual, wanted));
  }
}

function alternatives(value: string): string[] {
  return value.split(",").map((part) => part.trim());
}

function textMatches(actual: unknown, wanted: string): boolean {
  if (wanted === "*") return actual !== null && actual !== undefined && actual !== "";
  if (actual === null || actual === undefined) return false;
  const text = String(actual).toLowerCase();
  const needle = wanted.toLowerCase();
  return needle.endsWith("*") ? text.startsWith(needle.slice(0, -1)) : text === needle;
}

function compareText(actual: unknown, term: SearchTerm): boolean {
  if (actual === null || actual === undefined) return false;
  return compare(String(actual).localeCompare(term.value), term.comparator);
}

function compareNumbers(actual: number, term: SearchTerm): boolean {
  if (term.comparator === ":") return alternatives(term.value).some((v) => Number(v) === actual);
  return compare(actual - Number(term.value), term.comparator);
}

function compareTime(actual: unknown, term: SearchTerm, now: number): boolean {
  if (typeof actual !== "string") return false;
  const wanted = term.value === "now" ? now : Date.parse(term.value);
  if (Number.isNaN(wanted)) throw new AdminApiError(`Invalid date in search query: "${term.value}"`, "BAD_REQUEST");
  // A bare date or year matches the whole day or year; a timestamp matches exactly.
  if (term.comparator === ":") return actual.startsWith(term.value.replace(/Z$/, ""));
  return compare(Date.parse(actual) - wanted, term.comparator);
}

function compare(difference: number, comparator: Comparator): boolean {
  switch (comparator) {
    case ":<":
      return difference < 0;
    case ":<=":
      return difference <= 0;
    case ":>":
      return difference > 0;
    case ":>=":
      return difference >= 0;
    default:
      return difference === 0;
  }
}

function numericId(value: unknown): number {
  const parsed = parseGid(value);
  return parsed ? parsed.id : Number(value);
}
