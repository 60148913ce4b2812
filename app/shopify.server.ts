// The Shopify app, built once per process. Routes import `authenticate` from here.
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "./db/session-storage.server";
import { db } from "./db.server";
import { env } from "./env.server";
import { recordInstall } from "./models/shop.server";

const config = env();

export const API_VERSION = ApiVersion.October26;

// A first page load runs several loaders at once; each exchanges the session token, but the
// library runs afterAuth for one of them only. The others wait here for that install record.
const installsInProgress = new Map<string, Promise<unknown>>();

export async function installSettled(shop: string): Promise<void> {
  await installsInProgress.get(shop);
}

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: config.SCOPES?.split(","),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(db()),
  distribution: AppDistribution.AppStore,
  future: {
    // Shopify-managed install + token exchange: no OAuth redirects inside the admin.
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    afterAuth: async ({ session, admin }) => {
      const recording = shopName(admin.graphql).then((name) =>
        recordInstall(db(), { domain: session.shop, name, scopes: session.scope ?? null }),
      );
      installsInProgress.set(session.shop, recording);
      try {
        await recording;
      } finally {
        installsInProgress.delete(session.shop);
      }
    },
  },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const sessionStorage = shopify.sessionStorage;

/** The shop's display name, for pages and notices; the install is recorded even without it. */
async function shopName(graphql: (query: string) => Promise<Response>): Promise<string | null> {
  try {
    const response = await graphql("#graphql\n query LotlineShopName { shop { name } }");
    const body = (await response.json()) as { data?: { shop?: { name?: string } } };
    return body.data?.shop?.name ?? null;
  } catch {
    return null;
  }
}
