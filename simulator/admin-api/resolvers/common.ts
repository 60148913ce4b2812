// Helpers shared by resolvers: connections with sort keys and search, money, ids.
import { parseGid } from "../../store/ids";
import { type Connection, type PageArgs, paginate, type SortKey } from "../connection";
import { notSimulated } from "../errors";
import { filterBySearch, type SearchFields } from "../search-query";
import { type Args, CONNECTION_ARGS, type ResolverContext } from "./framework";

/** The standard connection arguments plus the extra ones a field honours. */
export function connectionArgs(...extra: string[]): string[] {
  return [...CONNECTION_ARGS, ...extra];
}

export function numericId(id: string): number {
  return parseGid(id)?.id ?? 0;
}

export type SortValues<T> = Record<string, (item: T) => string | number>;

interface ListOptions<T> {
  /** Resource name for "not simulated" messages, e.g. "orders". */
  resource: string;
  /** Sort keys this list supports besides ID; the list's default when `sortKey` is absent. */
  sortKeys?: SortValues<T>;
  defaultSortKey?: string;
  search?: SearchFields<T>;
}

/** A page of records with `query`, `sortKey`, `reverse` and cursor arguments applied. */
export function listConnection<T extends { id: string }>(
  items: readonly T[],
  args: Args,
  context: ResolverContext,
  options: ListOptions<T>,
): Connection<T> {
  const filtered =
    args.query != null
      ? filterBySearch(items, args.query, options.search ?? {}, options.resource, context.now)
      : [...items];
  const sortKeyName: string = args.sortKey ?? options.defaultSortKey ?? "ID";
  const sortValue = sortValueFor(sortKeyName, options);
  return paginate(filtered, args as PageArgs, (item): SortKey => {
    const id = numericId(item.id);
    return { id, value: sortValue ? sortValue(item) : id };
  });
}

function sortValueFor<T>(sortKey: string, options: ListOptions<T>) {
  // Without a search, Shopify sorts RELEVANCE like ID.
  if (sortKey === "ID" || sortKey === "RELEVANCE") return null;
  const value = options.sortKeys?.[sortKey];
  if (!value) throw notSimulated(`Sort key ${sortKey} on ${options.resource}`);
  return value;
}

export function moneyV2(amount: string | number, currencyCode: string) {
  return { amount: formatDecimal(amount), currencyCode };
}

export function moneyBag(amount: string | number, currencyCode: string) {
  const money = moneyV2(amount, currencyCode);
  return { shopMoney: money, presentmentMoney: money };
}

/** Decimal strings as Shopify prints them ("10.0", "12.5"). */
export function formatDecimal(amount: string | number): string {
  const value = typeof amount === "number" ? amount : Number(amount);
  return Number.isInteger(value) ? value.toFixed(1) : String(Math.round(value * 100) / 100);
}

export function byId<T>(map: ReadonlyMap<string, T>, id: string): T | null {
  return map.get(id) ?? null;
}
