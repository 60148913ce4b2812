// Facts about a shop that order sync needs on every order but that rarely change — its active
// location ids and its time zone — cached in Setting rows so that Shopify is asked at most once
// per TTL. Lotline subscribes to no locations/* or shop/update topic, so the TTL bounds how long a
// new location or a changed time zone can go unnoticed.
import type { Db, Prisma } from "../db.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { fetchLocations, fetchShopTimeZoneOrUtc } from "../shopify/catalog.server";

export const LOCATIONS_TTL_MS = 15 * 60 * 1000;

interface Cached<T> {
  value: T;
  fetchedAt: string;
}

/** The Setting keys of the cached facts, for callers that read them with other rows in one query. */
export const CACHED_FACT_KEYS = { locations: "shopify.locations", timeZone: "shopify.time-zone" } as const;

/**
 * `preloaded`: the Setting row's value already read by the caller (null = no row), so the read is
 * skipped; undefined = read it here.
 */
async function readThrough<T extends Prisma.InputJsonValue>(
  db: Db,
  input: {
    shopId: string;
    key: string;
    now: Date;
    isValue: (value: unknown) => value is T;
    fetch: () => Promise<T>;
    preloaded?: unknown;
  },
): Promise<T> {
  const { shopId, key, now } = input;
  const raw =
    input.preloaded !== undefined
      ? input.preloaded
      : (await db.setting.findUnique({ where: { shopId_key: { shopId, key } } }))?.value;
  const cached = raw as Partial<Cached<unknown>> | null | undefined;
  if (
    cached &&
    typeof cached.fetchedAt === "string" &&
    input.isValue(cached.value) &&
    now.getTime() - Date.parse(cached.fetchedAt) < LOCATIONS_TTL_MS
  ) {
    return cached.value;
  }
  const value = await input.fetch();
  const stored = { value, fetchedAt: now.toISOString() };
  await db.setting.upsert({
    where: { shopId_key: { shopId, key } },
    create: { shopId, key, value: stored },
    update: { value: stored },
  });
  return value;
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((id) => typeof id === "string");
const isString = (value: unknown): value is string => typeof value === "string" && value.length > 0;

export function retrieveShopLocationIds(
  db: Db,
  shopId: string,
  adminGraphql: () => Promise<AdminGraphql>,
  now = new Date(),
  preloaded?: unknown,
): Promise<string[]> {
  return readThrough(db, {
    shopId,
    key: CACHED_FACT_KEYS.locations,
    now,
    preloaded,
    isValue: isStringList,
    fetch: async () => (await fetchLocations(await adminGraphql())).map((location) => location.id),
  });
}

/** The shop's IANA time zone, whose calendar day expiry and shelf-life rules count in (UTC if unknown). */
export function retrieveCachedShopTimeZone(
  db: Db,
  shopId: string,
  adminGraphql: () => Promise<AdminGraphql>,
  now = new Date(),
  preloaded?: unknown,
): Promise<string> {
  return readThrough(db, {
    shopId,
    key: CACHED_FACT_KEYS.timeZone,
    now,
    preloaded,
    isValue: isString,
    fetch: async () => fetchShopTimeZoneOrUtc(await adminGraphql()),
  });
}
