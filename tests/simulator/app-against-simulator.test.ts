// Lotline's real server (server.ts, one process for the file) against the simulated Shopify,
// wired only by the fetch-redirect preload: install through token exchange, signed webhooks
// recorded at /webhooks, Shopify's delivery faults and retries, and uninstall.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { redirectAdminFetch } from "../../simulator/admin-fetch-redirect";
import { mintSessionToken } from "../../simulator/auth/session-token";
import { type SimulatedShopify, startSimulatedShopify } from "../../simulator/server";
import { type HttpGate, startHttpGate } from "../support/http-gate";
import { fetchRouteData, openEmbeddedApp, type SimulatedApp, startSimulatedApp } from "../support/simulated-app";
import { TEST_API_KEY, TEST_API_SECRET } from "../support/test-env";

let shopify: SimulatedShopify;
let app: SimulatedApp;
let gate: HttpGate;

beforeAll(async () => {
  shopify = await startSimulatedShopify({
    apiKey: TEST_API_KEY,
    apiSecret: TEST_API_SECRET,
    webhookRetryDelaysMs: [50, 100, 200, 400, 800, 1600, 3200, 6400],
  });
  app = await startSimulatedApp(shopify.url);
  // Webhooks pass through a gate that a test can tell to refuse some of them.
  gate = await startHttpGate(app.url);
  shopify.setAppUrl(gate.url);
});

afterEach(() => shopify.setWebhookFaults({}));

afterAll(async () => {
  await shopify?.close();
  await gate?.close();
  await app?.stop();
});

let shopCount = 0;

/**
 * A shop with a stocked product (or `catalogue` products of five variants, made before install
 * so they send no webhooks) where the merchant has opened Lotline, so it is installed.
 */
async function shopWithLotline(options: { catalogue?: number } = {}) {
  shopCount += 1;
  const { shop, locations } = shopify.createShop({ name: `Soap Maker ${shopCount}`, installed: false });
  const domain = shop.myshopifyDomain;
  const sku = `LAV-${shopCount}`;
  shopify.createProduct(domain, { title: "Lavender Soap", variants: [{ sku, inventory: { [locations[0].id]: 50 } }] });
  for (let i = 0; i < (options.catalogue ?? 0); i++) {
    shopify.createProduct(domain, {
      title: `Candle ${i}`,
      variants: ["XS", "S", "M", "L", "XL"].map((title) => ({ title })),
    });
  }
  shopify.installApp(domain);
  const opened = await fetchRouteData(app.url, "/app", "routes/app", shopify.mintSessionToken(domain));
  expect(opened.status, app.output()).toBe(200);
  return { domain, sku, shopId: (await db().shop.findUniqueOrThrow({ where: { domain } })).id };
}

async function graphqlWith(domain: string, accessToken: string, query: string) {
  const response = await fetch(`${shopify.url}/shops/${domain}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: await response.json() };
}

function inboxFor(orderId: string) {
  return db().webhookEvent.findMany({ where: { topic: "orders/create", body: { contains: `"${orderId}"` } } });
}

describe("opening Lotline from the simulated admin", () => {
  it("installs it through token exchange: an offline session with a working token, a Shop row, then the page", async () => {
    const { shop } = shopify.createShop({ name: "First Light Candles" });
    const domain = shop.myshopifyDomain;
    expect(await db().session.count({ where: { shop: domain } })).toBe(0);

    // The first authenticated request for /app, as App Bridge's fetch makes it: one loader only.
    const first = await fetchRouteData(app.url, "/app", "routes/app", shopify.mintSessionToken(domain));
    expect(first.status, app.output()).toBe(200);
    expect(await first.json()).toMatchObject({ apiKey: TEST_API_KEY });

    const session = await db().session.findUniqueOrThrow({ where: { id: `offline_${domain}` } });
    expect(session).toMatchObject({ isOnline: false, accessToken: expect.stringMatching(/^shpat_/) });
    // Expiring offline token: about an hour, with a refresh token.
    expect(session.expires!.getTime() - Date.now()).toBeGreaterThan(55 * 60_000);
    expect(session.refreshToken).toMatch(/^shprt_/);
    // The token is one the simulated Shopify issued: it opens the Admin API.
    expect(await graphqlWith(domain, session.accessToken, "{ shop { name } }")).toMatchObject({
      status: 200,
      body: { data: { shop: { name: "First Light Candles" } } },
    });
    const installed = await db().shop.findUniqueOrThrow({ where: { domain } });
    expect(installed.uninstalledAt).toBeNull();
    expect(installed.scopes).toContain("read_orders");

    const page = await openEmbeddedApp(app.url, domain, shopify.mintSessionToken(domain));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<html");
  });

  // A first document load runs the /app and /app/_index loaders at once; both exchange the
  // token and the library runs afterAuth for one of them only, so the other must wait for it.
  it("serves the very first document load of /app with no stored session", async () => {
    for (let i = 0; i < 5; i++) {
      const { shop } = shopify.createShop({ name: `First Open ${i}` });
      const domain = shop.myshopifyDomain;
      expect((await openEmbeddedApp(app.url, domain, shopify.mintSessionToken(domain))).status).toBe(200);
    }
  });

  it("refuses a session token Shopify did not sign, and stores nothing", async () => {
    const { shop } = shopify.createShop({ name: "Forged Goods" });
    const domain = shop.myshopifyDomain;
    const forged = mintSessionToken({ shop: domain, apiKey: TEST_API_KEY, apiSecret: "not-the-app-secret" });

    const page = await openEmbeddedApp(app.url, domain, forged);
    // The library checks the signature itself and bounces to get a fresh token.
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toMatch(/^\/auth\/session-token\?/);
    expect(await db().session.count({ where: { shop: domain } })).toBe(0);
    expect(await db().shop.count({ where: { domain } })).toBe(0);
  });

  it("gets no page when Shopify refuses the exchange (app not installed), and stores nothing", async () => {
    const { shop } = shopify.createShop({ name: "Not Installed Yet", installed: false });
    const domain = shop.myshopifyDomain;

    const page = await openEmbeddedApp(app.url, domain, shopify.mintSessionToken(domain));
    // The token is genuine, so only Shopify's invalid_subject_token answer makes the library bounce.
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toMatch(/^\/auth\/session-token\?/);
    expect(await db().session.count({ where: { shop: domain } })).toBe(0);
    expect(await db().shop.count({ where: { domain } })).toBe(0);
  });
});

describe("the app's own Admin client, in this test process", () => {
  beforeAll(async () => {
    // Loaded first, then redirected: the order the preload keeps in the app process.
    await import("../../app/shopify.server");
    redirectAdminFetch(shopify.url);
  });

  it("reaches the simulated Shopify and gets Shopify's answers: data, a schema error, THROTTLED", async () => {
    const { domain } = await shopWithLotline({ catalogue: 100 });
    const { unauthenticated } = await import("../../app/shopify.server");
    const { admin } = await unauthenticated.admin(domain);

    const answer = await admin.graphql("{ shop { myshopifyDomain } }");
    expect(await answer.json()).toMatchObject({ data: { shop: { myshopifyDomain: domain } } });

    await expect(admin.graphql("{ shop { nam } }")).rejects.toMatchObject({
      body: {
        errors: { graphQLErrors: [expect.objectContaining({ message: "Field 'nam' doesn't exist on type 'Shop'" })] },
      },
    });

    // About 800 points each on a 2,000-point bucket: the third in a row finds it empty.
    const expensive = "{ products(first: 100) { nodes { variants(first: 5) { nodes { id } } } } }";
    let throttled: unknown;
    for (let i = 0; i < 10 && !throttled; i++) {
      throttled = await admin.graphql(expensive).then(
        () => undefined,
        (error: unknown) => error,
      );
    }
    expect(throttled).toMatchObject({
      body: {
        errors: {
          graphQLErrors: [expect.objectContaining({ extensions: expect.objectContaining({ code: "THROTTLED" }) })],
        },
      },
    });
  });

  it("refreshes an offline token about to expire through the refresh grant, and the new token works", async () => {
    const { domain } = await shopWithLotline();
    const before = await db().session.update({
      where: { id: `offline_${domain}` },
      data: { expires: new Date(Date.now() + 60_000) },
    });
    const { unauthenticated } = await import("../../app/shopify.server");

    const { admin } = await unauthenticated.admin(domain);
    const after = await db().session.findUniqueOrThrow({ where: { id: `offline_${domain}` } });
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.expires!.getTime() - Date.now()).toBeGreaterThan(55 * 60_000);
    expect(await (await admin.graphql("{ shop { myshopifyDomain } }")).json()).toMatchObject({
      data: { shop: { myshopifyDomain: domain } },
    });
  });
});

describe("webhooks from the simulated Shopify", () => {
  it("delivers a placed order signed to /webhooks, where it is recorded; the log shows 200", async () => {
    const { domain, sku, shopId } = await shopWithLotline();
    const order = shopify.placeOrder(domain, { lines: [{ sku, quantity: 2 }] });
    await shopify.waitForWebhooks();

    const [delivery] = shopify.webhookDeliveries({ shop: domain, topic: "orders/create" });
    expect(delivery).toMatchObject({ state: "delivered", attempts: [expect.objectContaining({ status: 200 })] });
    const events = await inboxFor(order.id);
    expect(events).toEqual([
      expect.objectContaining({ shopId, topic: "orders/create", webhookId: delivery.webhookId, apiVersion: "2026-10" }),
    ]);
    expect(JSON.parse(events[0].body)).toMatchObject({
      admin_graphql_api_id: order.id,
      line_items: [{ sku, quantity: 2 }],
    });
  });

  it("delivers five copies of one webhook when told to, and the app keeps one", async () => {
    const { domain, sku } = await shopWithLotline();
    shopify.setWebhookFaults({ duplicates: 5, topics: ["orders/create"] });
    const order = shopify.placeOrder(domain, { lines: [{ sku, quantity: 1 }] });
    await shopify.waitForWebhooks();

    const copies = shopify.webhookDeliveries({ shop: domain, topic: "orders/create" });
    expect(copies).toHaveLength(5);
    expect(new Set(copies.map((copy) => copy.webhookId)).size).toBe(1);
    expect(copies.every((copy) => copy.state === "delivered")).toBe(true);
    expect(await inboxFor(order.id)).toHaveLength(1);
  });

  it("drops a webhook when told to: it never arrives and the log says dropped", async () => {
    const { domain, sku } = await shopWithLotline();
    shopify.setWebhookFaults({ drop: true, topics: ["orders/create"] });
    const order = shopify.placeOrder(domain, { lines: [{ sku, quantity: 1 }] });
    await shopify.waitForWebhooks();

    expect(shopify.webhookDeliveries({ shop: domain, topic: "orders/create" })).toEqual([
      expect.objectContaining({ state: "dropped", attempts: [] }),
    ]);
    expect(await inboxFor(order.id)).toHaveLength(0);
  });

  it("retries a delivery the app answers with 503 until it is taken", async () => {
    const { domain, sku } = await shopWithLotline();
    gate.refuse({ topic: "orders/create", times: 2, status: 503 });
    const order = shopify.placeOrder(domain, { lines: [{ sku, quantity: 1 }] });
    await shopify.waitForWebhooks();

    const [delivery] = shopify.webhookDeliveries({ shop: domain, topic: "orders/create" });
    expect(delivery.state).toBe("delivered");
    expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([503, 503, 200]);
    expect(await inboxFor(order.id)).toHaveLength(1);
  });
});

describe("uninstalling Lotline in the simulated admin", () => {
  it("sends app/uninstalled: the shop is marked, sessions go, tokens stop working, and privacy requests still arrive", async () => {
    const { domain, shopId } = await shopWithLotline();
    const { accessToken } = await db().session.findUniqueOrThrow({ where: { id: `offline_${domain}` } });

    shopify.uninstallApp(domain);
    await shopify.waitForWebhooks();

    expect(shopify.webhookDeliveries({ shop: domain, topic: "app/uninstalled" })).toEqual([
      expect.objectContaining({ state: "delivered" }),
    ]);
    expect((await db().shop.findUniqueOrThrow({ where: { id: shopId } })).uninstalledAt).toBeInstanceOf(Date);
    expect(await db().session.count({ where: { shop: domain } })).toBe(0);
    expect((await graphqlWith(domain, accessToken, "{ shop { name } }")).status).toBe(401);

    // Opening it again fails until the merchant reinstalls (Shopify issues no token before).
    expect((await openEmbeddedApp(app.url, domain, shopify.mintSessionToken(domain))).status).not.toBe(200);
    expect(await db().session.count({ where: { shop: domain } })).toBe(0);

    shopify.redactShop(domain);
    await shopify.waitForWebhooks();
    expect(await db().webhookEvent.count({ where: { shopId, topic: "shop/redact" } })).toBe(1);
  });
});
