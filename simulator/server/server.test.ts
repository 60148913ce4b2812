import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RecordingReceiver, startRecordingReceiver } from "../webhooks/recording-receiver";
import { type SimulatedShopify, startSimulatedShopify } from ".";

const app = { apiKey: "key-1", apiSecret: "secret-1" };
let shopify: SimulatedShopify;
let receiver: RecordingReceiver;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${shopify.url}${path}`, {
    method,
    headers: { "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const topicsReceived = () => receiver.received.map((request) => request.headers["x-shopify-topic"]);

beforeEach(async () => {
  receiver = await startRecordingReceiver();
  shopify = await startSimulatedShopify({
    ...app,
    appUrl: receiver.url.replace(/\/webhooks$/, ""),
    webhookRetryDelaysMs: [10, 10],
  });
});

afterEach(async () => {
  await shopify.close();
  await receiver.close();
});

describe("the OAuth token endpoint over HTTP", () => {
  it("accepts a form-encoded token exchange and a refresh, as well as JSON", async () => {
    const domain = shopify.createShop({ name: "Soap Co" }).shop.myshopifyDomain;
    const form = new URLSearchParams({
      client_id: app.apiKey,
      client_secret: app.apiSecret,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: shopify.mintSessionToken(domain),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      expiring: "1",
    }).toString();
    const exchanged = await call("POST", `/shops/${domain}/admin/oauth/access_token`, form, {
      "Content-Type": "application/x-www-form-urlencoded",
    });
    expect(exchanged).toMatchObject({ status: 200, body: { access_token: expect.stringMatching(/^shpat_/) } });

    const refreshed = await call("POST", `/shops/${domain}/admin/oauth/access_token`, {
      client_id: app.apiKey,
      client_secret: app.apiSecret,
      grant_type: "refresh_token",
      refresh_token: exchanged.body.refresh_token,
    });
    expect(refreshed).toMatchObject({ status: 200, body: { expires_in: 3600 } });
    const graphql = await call(
      "POST",
      `/shops/${domain}/admin/api/2026-10/graphql.json`,
      { query: "{ shop { name } }" },
      { "X-Shopify-Access-Token": refreshed.body.access_token },
    );
    expect(graphql).toMatchObject({ status: 200, body: { data: { shop: { name: "Soap Co" } } } });
  });

  it("answers 404 for a shop it does not have and 400 for a body that is not JSON", async () => {
    expect(await call("POST", "/shops/nowhere.myshopify.com/admin/oauth/access_token", {})).toEqual({
      status: 404,
      body: { errors: "Not Found" },
    });
    const domain = shopify.createShop({ name: "Soap Co" }).shop.myshopifyDomain;
    expect(await call("POST", `/shops/${domain}/admin/oauth/access_token`, "{not json")).toMatchObject({
      status: 400,
      body: { error: "invalid_request" },
    });
  });
});

describe("the control API over HTTP", () => {
  it("sets up a shop, takes an order by SKU, and lists the webhooks it delivered", async () => {
    const created = await call("POST", "/control/shops", { name: "Candle Works", plan: "advanced" });
    expect(created).toMatchObject({ status: 200, body: { shop: { myshopifyDomain: "candle-works.myshopify.com" } } });
    const shop = "/control/shops/candle-works.myshopify.com";
    const location = created.body.locations[0].id;
    await call("POST", `${shop}/products`, {
      title: "Beeswax Pillar",
      variants: [{ sku: "BW-1", inventory: { [location]: 5 } }],
    });
    const customer = await call("POST", `${shop}/customers`, { email: "grace@example.com", firstName: "Grace" });

    const order = await call("POST", `${shop}/orders`, {
      customerId: customer.body.id,
      lines: [{ sku: "BW-1", quantity: 2 }],
    });
    expect(order).toMatchObject({ status: 200, body: { name: "#1001", email: "grace@example.com" } });
    const orderNumber = order.body.id.split("/").pop();
    expect((await call("POST", `${shop}/orders/${orderNumber}/fulfill`, {})).status).toBe(200);
    await call("POST", "/control/webhooks/wait");

    const log = await call("GET", "/control/webhooks?shop=candle-works.myshopify.com&topic=orders/create");
    expect(log.body).toEqual([
      expect.objectContaining({
        topic: "orders/create",
        state: "delivered",
        attempts: [expect.objectContaining({ status: 200 })],
      }),
    ]);
    expect(topicsReceived()).toEqual(
      expect.arrayContaining(["products/create", "orders/create", "fulfillments/create", "orders/fulfilled"]),
    );
    const described = await call("GET", shop);
    expect(described.body).toMatchObject({
      appInstalled: true,
      shop: { plan: "advanced" },
      orders: [{ name: "#1001" }],
    });
  });

  it("returns restock units and sends refunds/create; cancelling an order sends orders/cancelled", async () => {
    const { shop, locations } = shopify.createShop({ name: "Pantry" });
    const domain = shop.myshopifyDomain;
    const { variants } = shopify.createProduct(domain, {
      title: "Jam",
      variants: [{ sku: "J", inventory: { [locations[0].id]: 4 } }],
    });
    const first = shopify.placeOrder(domain, { lines: [{ sku: "J", quantity: 2 }] });
    shopify.fulfillOrder(domain, first.id);
    shopify.returnItems(domain, first.id, { lines: [{ lineItemId: first.lineItems[0].id, quantity: 1 }] });
    const second = shopify.placeOrder(domain, { lines: [{ variantId: variants[0].id, quantity: 1 }] });
    shopify.cancelOrder(domain, second.id);
    await shopify.waitForWebhooks();

    const refunds = shopify.webhookDeliveries({ topic: "refunds/create" }).map((record) => JSON.parse(record.body));
    expect(refunds[0]).toMatchObject({ refund_line_items: [{ restock_type: "return", quantity: 1 }] });
    expect(topicsReceived()).toContain("orders/cancelled");
    const level = [...shopify.store.shops.get(domain)!.inventoryLevels.values()][0];
    // 4 stocked, 2 sold and shipped, 1 returned, 1 ordered and cancelled back.
    expect(level.quantities).toMatchObject({ available: 3, committed: 0 });
  });

  it("uninstall sends app/uninstalled and revokes tokens; privacy requests still go out", async () => {
    const { shop, locations } = shopify.createShop({ name: "Pantry" });
    const domain = shop.myshopifyDomain;
    const customer = shopify.createCustomer(domain, { email: "ada@example.com" });
    shopify.createProduct(domain, { title: "Jam", variants: [{ sku: "J", inventory: { [locations[0].id]: 4 } }] });
    const token = (
      await call("POST", `/shops/${domain}/admin/oauth/access_token`, {
        client_id: app.apiKey,
        client_secret: app.apiSecret,
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: (await call("POST", `/control/shops/${domain}/session-token`, {})).body.token,
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      })
    ).body.access_token;

    expect((await call("POST", `/control/shops/${domain}/uninstall`)).status).toBe(200);
    expect((await call("POST", `/control/shops/${domain}/uninstall`)).status).toBe(409);
    const graphql = await call(
      "POST",
      `/shops/${domain}/admin/api/2026-10/graphql.json`,
      { query: "{ shop { name } }" },
      { "X-Shopify-Access-Token": token },
    );
    expect(graphql.status).toBe(401);

    // Nothing for store changes any more, but the privacy topics still arrive.
    shopify.placeOrder(domain, { lines: [{ sku: "J", quantity: 1 }] });
    await call("POST", `/control/shops/${domain}/customers/${customer.id.split("/").pop()}/redact`);
    await call("POST", `/control/shops/${domain}/redact`);
    await shopify.waitForWebhooks();
    const afterSetUp = topicsReceived().filter(
      (topic) => topic !== "products/create" && topic !== "inventory_levels/update",
    );
    expect(afterSetUp.sort()).toEqual(["app/uninstalled", "customers/redact", "shop/redact"]);
  });

  it("sets fault knobs, validating them", async () => {
    expect(await call("PUT", "/control/webhooks/faults", { duplicates: 2, topics: ["orders/create"] })).toEqual({
      status: 200,
      body: { duplicates: 2, topics: ["orders/create"] },
    });
    expect(await call("PUT", "/control/webhooks/faults", { duplicates: 0 })).toEqual({
      status: 422,
      body: { error: "duplicates must be an integer of at least 1" },
    });
    expect((await call("PUT", "/control/webhooks/faults", { jitter: 5 })).status).toBe(422);
    expect(await call("GET", "/control/webhooks/faults")).toEqual({
      status: 200,
      body: { duplicates: 2, topics: ["orders/create"] },
    });
  });

  it("answers 404, 405 and 422 with a message a harness can show", async () => {
    expect(await call("GET", "/control/shops/nowhere.myshopify.com")).toEqual({
      status: 404,
      body: { error: "No simulated shop nowhere.myshopify.com" },
    });
    expect((await call("DELETE", "/control/shops")).status).toBe(405);
    shopify.createShop({ name: "Soap Co" });
    expect(
      await call("POST", "/control/shops/soap-co.myshopify.com/orders", { lines: [{ sku: "NOPE", quantity: 1 }] }),
    ).toEqual({
      status: 422,
      body: { error: "No variant with SKU NOPE" },
    });
    expect(
      (await call("POST", "/control/shops", { name: "Soap Co", myshopifyDomain: "soap-co.myshopify.com" })).status,
    ).toBe(409);
  });
});
