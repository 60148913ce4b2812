// The order and product pages as the embedded admin calls them: a shop in the simulated store
// that has opened Lotline (so it has a session and a Shop row), and requests carrying its
// session token.
import { db } from "../../app/db.server";
import { loader as settingsLoader } from "../../app/routes/app.settings";
import { shopify } from "../support/in-process-shopify";
import { BROWSER_USER_AGENT } from "../support/simulated-app";
import { TEST_APP_URL } from "../support/test-env";

let shopCount = 0;

export async function shopWithLotline(name = "Orders Soap") {
  shopCount += 1;
  const { shop, locations } = shopify.createShop({ name: `${name} ${shopCount}` });
  const domain = shop.myshopifyDomain;
  // Opening any page installs Lotline for the shop (token exchange, Shop row).
  await settingsLoader(routeArgs(domain, "/app/settings"));
  const { id: shopId } = await db().shop.findUniqueOrThrow({ where: { domain } });
  return { domain, shopId, location: locations[0] };
}

export type TestShop = Awaited<ReturnType<typeof shopWithLotline>>;

export function routeArgs(domain: string, path: string, body?: URLSearchParams, params: Record<string, string> = {}) {
  const request = new Request(`${TEST_APP_URL}${path}`, {
    method: body ? "POST" : "GET",
    body,
    headers: { Authorization: `Bearer ${shopify.mintSessionToken(domain)}`, "User-Agent": BROWSER_USER_AGENT },
  });
  return { request, params, context: {} };
}

/** A loader's or action's answer, whether it returned or threw a Response. */
export async function settle(run: () => Promise<unknown>): Promise<Response> {
  try {
    return (await run()) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
