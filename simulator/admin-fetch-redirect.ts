// Points the Shopify library's HTTP calls at the simulated Shopify: requests for
// https://<shop>.myshopify.com/<path> go to <simulator>/shops/<shop>.myshopify.com/<path>;
// every other URL is fetched as before. Test and demo harnesses only; the app never imports it.
import { abstractFetch, setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

const SHOP_URL = /^https:\/\/([a-z0-9][a-z0-9-]*\.myshopify\.com)(?::443)?(\/.*)?$/is;

/** The simulator URL for a Shopify shop URL, or null when the URL is not a shop's. */
export function simulatorUrlFor(url: string, simulatorUrl: string): string | null {
  const match = SHOP_URL.exec(url);
  if (!match) return null;
  return `${simulatorUrl.replace(/\/$/, "")}/shops/${match[1].toLowerCase()}${match[2] ?? "/"}`;
}

type FetchArgs = Parameters<typeof fetch>;

function urlOf(input: FetchArgs[0]): string {
  if (typeof input === "string") return input;
  if (input instanceof URL) return input.toString();
  return input.url;
}

/**
 * Replaces the library's fetch (which its adapter bound on load) with one that redirects shop
 * URLs. Call it after the library's adapter has loaded, or the adapter binds plain fetch again.
 */
export function redirectAdminFetch(simulatorUrl: string): void {
  const passThrough = abstractFetch;
  setAbstractFetchFunc((input, init) => {
    const target = simulatorUrlFor(urlOf(input), simulatorUrl);
    if (!target) return passThrough(input, init);
    return passThrough(input instanceof Request ? new Request(target, input) : target, init);
  });
}
