// Requests as an admin UI extension sends them to Lotline's /api/admin routes: from the
// extension's origin, with the staff member's session token (or none), JSON bodies for writes;
// and the cached shop facts and variants the product block reads.
import { CACHED_FACT_KEYS } from "../../app/catalog/shop-locations.server";
import type { Db } from "../../app/db.server";
import { numericIdOfGid } from "../../app/utils/shopify-gid";
import { EXTENSION_ORIGIN } from "./extension-origin";
import { shopify } from "./in-process-shopify";
import { BROWSER_USER_AGENT } from "./simulated-app";
import { TEST_APP_URL } from "./test-env";

export interface ExtensionRequestOptions {
  method?: "GET" | "POST" | "OPTIONS";
  /** JSON-encoded unless already a string (to send a body that is not JSON). */
  body?: unknown;
  /** The staff member the session token names (Shopify's `sub`). */
  userId?: string;
  /** false: no Authorization header; a string: that header as given. */
  token?: false | string;
}

export function extensionRequest(domain: string, path: string, options: ExtensionRequestOptions = {}): Request {
  const headers = new Headers({ Origin: EXTENSION_ORIGIN, "User-Agent": BROWSER_USER_AGENT });
  if (options.token === undefined) {
    headers.set("Authorization", `Bearer ${shopify.mintSessionToken(domain, { userId: options.userId })}`);
  } else if (options.token !== false) {
    headers.set("Authorization", options.token);
  }
  if (options.method === "OPTIONS") {
    headers.set("Access-Control-Request-Method", "POST");
    headers.set("Access-Control-Request-Headers", "authorization, content-type");
  }
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers.set("Content-Type", "application/json");
  }
  return new Request(`${TEST_APP_URL}${path}`, { method: options.method ?? (body ? "POST" : "GET"), headers, body });
}

/** The numeric id Shopify puts in an admin URL (and hands the extension inside a gid). */
export function numericId(gid: string): string {
  return numericIdOfGid(gid) ?? "";
}

/** A route's answer with its JSON body read (null for an empty body). */
export async function answered(response: Response): Promise<{ status: number; headers: Headers; body: unknown }> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

/** The CORS headers an extension needs on every answer to read it. */
export function corsHeadersOf(headers: Headers) {
  return {
    allowOrigin: headers.get("Access-Control-Allow-Origin"),
    allowHeaders: headers.get("Access-Control-Allow-Headers"),
  };
}

/** A variant as Lotline caches it from Shopify's product webhooks. */
export async function createVariantRef(
  db: Db,
  shopId: string,
  variant: {
    variantId: string;
    productId: string;
    inventoryItemId: string;
    productTitle: string;
    variantTitle: string | null;
    sku?: string | null;
  },
) {
  return db.variantRef.create({
    data: { shopId, ...variant, sku: variant.sku ?? null, syncedAt: new Date("2026-11-01T00:00:00Z") },
  });
}

/** The shop's settings row with these "expiring within" windows (every other setting its default). */
export async function setExpiryWarningDays(db: Db, shopId: string, days: number[]) {
  const value = { expiryWarningDays: days };
  await db.setting.upsert({
    where: { shopId_key: { shopId, key: "shop" } },
    create: { shopId, key: "shop", value },
    update: { value },
  });
}

/** The shop's time zone as Lotline caches it, fresh at `now`, so no Shopify read is needed. */
export async function cacheShopTimeZone(db: Db, shopId: string, timeZone: string, now: Date) {
  const value = { value: timeZone, fetchedAt: now.toISOString() };
  const key = CACHED_FACT_KEYS.timeZone;
  await db.setting.upsert({
    where: { shopId_key: { shopId, key } },
    create: { shopId, key, value },
    update: { value },
  });
}
