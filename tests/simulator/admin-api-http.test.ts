// The simulated Admin API over HTTP, as the app's client meets it: a token from a real token
// exchange, Shopify's error answers for rejected documents, 401s and 404s, and THROTTLED
// answers once a burst has emptied the shop's bucket.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SimulatedShopify, startSimulatedShopify } from "../../simulator/server";
import { TEST_API_KEY, TEST_API_SECRET } from "../support/test-env";

let shopify: SimulatedShopify;
let domain: string;
let accessToken: string;

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${shopify.url}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const graphql = (query: string, token = accessToken, version = "2026-10") =>
  post(`/shops/${domain}/admin/api/${version}/graphql.json`, { query }, { "X-Shopify-Access-Token": token });

beforeAll(async () => {
  // No subscriptions and no app URL: nothing here is about webhooks.
  shopify = await startSimulatedShopify({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, webhookTopics: [] });
  domain = shopify.createShop({ name: "Harbour Pantry" }).shop.myshopifyDomain;
  for (let i = 0; i < 100; i++) {
    shopify.createProduct(domain, {
      title: `Jam ${i}`,
      variants: ["A", "B", "C", "D", "E"].map((title) => ({ title })),
    });
  }
  // The body @shopify/shopify-api sends for token exchange.
  const exchange = await post(`/shops/${domain}/admin/oauth/access_token`, {
    client_id: TEST_API_KEY,
    client_secret: TEST_API_SECRET,
    grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
    subject_token: shopify.mintSessionToken(domain),
    subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
    requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
    expiring: "1",
  });
  expect(exchange.status).toBe(200);
  accessToken = exchange.body.access_token;
});

afterAll(() => shopify?.close());

describe("the simulated Admin GraphQL endpoint", () => {
  it("rejects a document the real schema rejects with Shopify's error shape and a cost report", async () => {
    const answer = await graphql("{ shop { name currencyCod } }");
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      errors: [
        {
          message: "Field 'currencyCod' doesn't exist on type 'Shop'",
          locations: [{ line: 1, column: 15 }],
          path: ["query", "shop", "currencyCod"],
          extensions: { code: "undefinedField", typeName: "Shop", fieldName: "currencyCod" },
        },
      ],
      extensions: {
        cost: {
          requestedQueryCost: 0,
          actualQueryCost: 0,
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: expect.any(Number), restoreRate: 100 },
        },
      },
    });
  });

  it("answers THROTTLED once a burst has emptied the bucket, reporting what is left", async () => {
    const expensive = "{ products(first: 100) { nodes { variants(first: 5) { nodes { id } } } } }";
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await graphql(expensive));

    const throttled = answers.find((answer) => answer.body.errors);
    expect(answers[0].body.data.products.nodes).toHaveLength(100);
    if (!throttled) throw new Error("five 802-point queries in a row were never throttled");
    expect(throttled.status).toBe(200);
    expect(throttled.body.errors).toEqual([
      expect.objectContaining({ message: "Throttled", extensions: expect.objectContaining({ code: "THROTTLED" }) }),
    ]);
    const { requestedQueryCost, actualQueryCost, throttleStatus } = throttled.body.extensions.cost;
    expect(requestedQueryCost).toBe(802);
    expect(actualQueryCost).toBeNull();
    expect(throttleStatus).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 });
    expect(throttleStatus.currentlyAvailable).toBeLessThan(requestedQueryCost);
  });

  it("refuses a missing or unknown access token with Shopify's 401", async () => {
    const expected = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };
    expect(await graphql("{ shop { name } }", "")).toEqual({ status: 401, body: expected });
    expect(await graphql("{ shop { name } }", "shpat_0123456789abcdef")).toEqual({ status: 401, body: expected });
  });

  it("answers 404 for an API version it does not serve", async () => {
    expect(await graphql("{ shop { name } }", accessToken, "2019-04")).toEqual({
      status: 404,
      body: { errors: "Not Found" },
    });
  });
});
