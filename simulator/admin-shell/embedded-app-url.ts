// The URL the Shopify admin loads in the app's iframe: the app URL plus the sub-path the
// merchant opened, with the admin's parameters: `embedded=1`, `hmac`, `host` (base64 of
// "admin.shopify.com/store/<handle>"), `id_token` (a fresh session token), `locale`,
// `session`, `shop`, `timestamp`, sorted by name as Shopify sends them.
import { createHmac } from "node:crypto";
import { mintSessionToken } from "../auth/session-token";
import { EMBEDDED_PARAMS, shopHandle } from "./browser/admin-urls";

/**
 * The `host` parameter: base64 without padding, as Shopify sends it. shopify-api's
 * `sanitizeHost` accepts only the standard alphabet; for store handles ([a-z0-9-]) it is the
 * same string as base64url.
 */
export function encodeHost(shop: string): string {
  return Buffer.from(`admin.shopify.com/store/${shopHandle(shop)}`)
    .toString("base64")
    .replace(/=+$/, "");
}

/**
 * Shopify's `hmac` over the other query parameters: keys sorted, repeated keys joined with
 * ",", form-encoded with %20 for spaces, HMAC-SHA256 with the app secret, hex.
 */
export function adminQueryHmac(params: URLSearchParams, apiSecret: string): string {
  const values = new Map<string, string>();
  for (const [key, value] of params) {
    if (key === "hmac" || key === "signature") continue;
    values.set(key, values.has(key) ? `${values.get(key)},${value}` : value);
  }
  const message = new URLSearchParams(
    [...values].sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => [key, value]),
  )
    .toString()
    .replace(/\+/g, "%20");
  return createHmac("sha256", apiSecret).update(message).digest("hex");
}

export interface EmbeddedAppUrlInput {
  appUrl: string;
  /** What followed `/apps/<handle>` in the admin URL, with its query: "", "/app/lots", "/app?tab=2". */
  appPath: string;
  shop: string;
  apiKey: string;
  apiSecret: string;
  locale?: string;
  userId?: string;
  now?: Date;
}

export function embeddedAppUrl(input: EmbeddedAppUrlInput): URL {
  const now = input.now ?? new Date();
  const [pathPart, ...queryParts] = input.appPath.split("?");
  const base = input.appUrl.replace(/\/+$/, "");
  const url = new URL(pathPart ? `${base}${pathPart.startsWith("/") ? "" : "/"}${pathPart}` : input.appUrl);
  const params = new URLSearchParams(queryParts.join("?"));
  // The admin's own parameters cannot be overridden from its URL.
  for (const name of EMBEDDED_PARAMS) params.delete(name);
  params.set("embedded", "1");
  params.set("host", encodeHost(input.shop));
  params.set(
    "id_token",
    mintSessionToken({ shop: input.shop, apiKey: input.apiKey, apiSecret: input.apiSecret, userId: input.userId, now }),
  );
  params.set("locale", input.locale ?? "en");
  params.set(
    "session",
    createHmac("sha256", input.apiSecret)
      .update(`${input.shop}:${input.userId ?? "1"}`)
      .digest("hex"),
  );
  params.set("shop", input.shop);
  params.set("timestamp", String(Math.floor(now.getTime() / 1000)));
  params.set("hmac", adminQueryHmac(params, input.apiSecret));
  params.sort();
  url.search = params.toString();
  return url;
}
