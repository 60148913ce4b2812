// Relay connections as Shopify serves them: `first`/`last` required and at most 250,
// opaque keyset cursors, `edges`, `nodes` and `pageInfo`.
import { AdminApiError } from "./errors";

export const MAX_PAGE_SIZE = 250;

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

/** What an item sorts by; the numeric id breaks ties, so cursors survive inserts. */
export interface SortKey {
  id: number;
  value: string | number;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export function paginate<T>(items: readonly T[], args: PageArgs, sortKey: (item: T) => SortKey): Connection<T> {
  const { first, last } = args;
  if (first == null && last == null) throw new AdminApiError("you must provide one of first or last", "BAD_REQUEST");
  for (const [name, size] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (size != null && (size < 0 || size > MAX_PAGE_SIZE)) {
      throw new AdminApiError(`${name} must be between 0 and ${MAX_PAGE_SIZE}, got ${size}`, "BAD_REQUEST");
    }
  }
  const direction = args.reverse ? -1 : 1;
  const keyed = items
    .map((item) => ({ item, key: sortKey(item) }))
    .sort((a, b) => direction * compareKeys(a.key, b.key));
  const afterKey = args.after != null ? decodeCursor(args.after) : null;
  const beforeKey = args.before != null ? decodeCursor(args.before) : null;
  const inRange = keyed.filter(
    ({ key }) =>
      (!afterKey || direction * compareKeys(key, afterKey) > 0) &&
      (!beforeKey || direction * compareKeys(key, beforeKey) < 0),
  );
  let start = 0;
  let end = inRange.length;
  if (first != null) end = Math.min(end, first);
  if (last != null) start = Math.max(start, end - last);
  const page = inRange.slice(start, end);
  const offset = keyed.indexOf(inRange[0]);
  const edges = page.map(({ item, key }) => ({ cursor: encodeCursor(key), node: item }));
  return {
    edges,
    nodes: page.map(({ item }) => item),
    pageInfo: {
      hasPreviousPage: inRange.length > 0 && offset + start > 0,
      hasNextPage: inRange.length > 0 && offset + end < keyed.length,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  return a.id - b.id;
}

function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify({ last_id: key.id, last_value: key.value })).toString("base64");
}

function decodeCursor(cursor: string): SortKey {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as {
      last_id: unknown;
      last_value: unknown;
    };
    if (typeof parsed.last_id === "number" && ["string", "number"].includes(typeof parsed.last_value)) {
      return { id: parsed.last_id, value: parsed.last_value as string | number };
    }
  } catch {
    // fall through to the error below
  }
  throw new AdminApiError(`Invalid cursor for current pagination sort.`, "BAD_REQUEST");
}
