// Lotline's rate-limited Admin client against the simulated store's real cost accounting. The
// store and the client share one clock that only moves when the client waits, so a run of calls
// that would take seconds of restore takes none, and the spacing can be checked exactly.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { adminQuery, offlineAdminGraphql } from "../../app/shopify/admin-graphql.server";
import { RateLimitedAdmin, RetryLaterError } from "../../app/shopify/rate-limited-admin.server";
import { AppError } from "../../app/utils/errors";
import { redirectAdminFetch } from "../../simulator/admin-fetch-redirect";
import { type SimulatedShopify, startSimulatedShopify } from "../../simulator/server";
import { createStore } from "../../simulator/store/store";
import { TEST_API_KEY, TEST_API_SECRET } from "../support/test-env";
import { shopWithLotline, spendRateLimit } from "../support/write-back-factories";

let now = Date.now();
const store = createStore({ clock: () => now });
let shopify: SimulatedShopify;

beforeAll(async () => {
  shopify = await startSimulatedShopify({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, store, webhookTopics: [] });
  await import("../../app/shopify.server");
  redirectAdminFetch(shopify.url);
});

afterAll(async () => {
  await shopify?.close();
});

beforeEach(() => {
  vi.spyOn(console, "log").mockImplementation(() => {});
});

function client() {
  return new RateLimitedAdmin({
    connect: offlineAdminGraphql,
    now: () => now,
    // Waiting moves the shared clock: the store's bucket refills by exactly the time waited.
    sleep: async (ms) => {
      now += ms;
    },
  });
}

// Two mutation fields: 20 points each call, whatever they change.
const TAG_TWICE = `#graphql
mutation LotlineTagTwice($id: ID!) {
  a: tagsAdd(id: $id, tags: ["lotline-test"]) { userErrors { message } }
  b: tagsRemove(id: $id, tags: ["lotline-test"]) { userErrors { message } }
}`;

describe("the rate-limited Admin client", () => {
  it("spaces a run of calls beyond the bucket at the restore rate, and Shopify throttles none", async () => {
    const shop = await shopWithLotline(shopify);
    const admin = client();
    const graphql = await admin.graphqlFor(shop.domain);
    const started = now;

    for (let i = 0; i < 150; i++) await adminQuery(graphql, TAG_TWICE, { id: shop.soap.productId });

    expect(admin.stats).toMatchObject({ calls: 150, throttled: 0, deferred: 0, pointsCharged: 3_000 });
    // 3,000 points from a bucket of 2,000 restoring 100 a second: about ten seconds of waiting.
    const waitedMs = now - started;
    expect(waitedMs).toBeGreaterThanOrEqual(9_000);
    expect(waitedMs).toBeLessThanOrEqual(11_000);
    // It learned what the mutation costs from Shopify's answers.
    expect(admin.expectedCost(TAG_TWICE)).toBe(20);
  });

  it("sends back a call that would have to wait more than two seconds, without making it", async () => {
    const shop = await shopWithLotline(shopify);
    const admin = client();
    const graphql = await admin.graphqlFor(shop.domain);
    const expensive = `#graphql
query LotlineExpensive { products(first: 50) { nodes { variants(first: 4) { nodes { id } } } } }`;
    await adminQuery(graphql, expensive);
    expect(admin.expectedCost(expensive)).toBe(2 + 50 * (1 + 2 + 4));
    spendRateLimit(store, shop);
    // A small call teaches the client that the bucket is empty (it waits for it, then goes).
    await adminQuery(graphql, "{ shop { id } }").catch(() => {});
    const calls = admin.stats.calls;

    const error = await adminQuery(graphql, expensive).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(RetryLaterError);
    expect((error as RetryLaterError).delayMs).toBeGreaterThan(2_000);
    expect(admin.stats).toMatchObject({ calls, deferred: 1 });
  });

  it("turns Shopify refusing the request as written into a permanent error naming the problem", async () => {
    const shop = await shopWithLotline(shopify);
    const graphql = await client().graphqlFor(shop.domain);

    const error = await adminQuery(graphql, "{ shop { nam } }").catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: "INVALID_DATA", message: expect.stringMatching(/Field 'nam' doesn't exist/) });
  });
});
