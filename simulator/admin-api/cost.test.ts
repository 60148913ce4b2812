import { beforeEach, describe, expect, it } from "vitest";
import { createProduct } from "../store/catalog";
import { createOrder } from "../store/orders";
import { type SimulatedShop, simulatedShop } from "../testing";
import type { CostExtension } from "./errors";

let shop: SimulatedShop;
let orderId: string;

beforeEach(() => {
  shop = simulatedShop();
  const { variants } = createProduct(shop.state, {
    title: "Candle",
    variants: [{ sku: "C-1", inventory: { [shop.location.id]: 5 } }],
  }).value;
  orderId = createOrder(shop.state, { lines: [{ variantId: variants[0].id, quantity: 1 }] }).value.id;
});

function costOf(query: string, variables?: Record<string, unknown>): CostExtension {
  return (shop.graphql(query, variables).body.extensions as { cost: CostExtension }).cost;
}

describe("requested query cost", () => {
  it("scalars cost nothing and each object costs one", () => {
    expect(costOf("{ shop { name currencyCode myshopifyDomain } }").requestedQueryCost).toBe(1);
    expect(costOf("{ shop { name plan { shopifyPlus } } }").requestedQueryCost).toBe(2);
  });

  it("a connection costs two plus one per requested node, so it scales with first", () => {
    expect(costOf("{ orders(first: 10) { nodes { id } } }").requestedQueryCost).toBe(12);
    expect(costOf("{ orders(first: 50) { edges { node { id } } pageInfo { hasNextPage } } }").requestedQueryCost).toBe(
      52,
    );
    expect(costOf("query($n: Int) { orders(first: $n) { nodes { id } } }", { n: 100 }).requestedQueryCost).toBe(102);
  });

  it("nested connections multiply", () => {
    const cost = costOf("{ orders(first: 10) { nodes { id lineItems(first: 5) { nodes { sku } } } } }");

    // 2 + 10 × (order 1 + line items connection (2 + 5 × 1))
    expect(cost.requestedQueryCost).toBe(82);
  });

  it("an interface costs its most expensive possible selection", () => {
    const cost = costOf(
      `query($id: ID!) {
      node(id: $id) {
        ... on Order { customer { id } }
        ... on Product { variants(first: 10) { nodes { id } } }
      }
    }`,
      { id: orderId },
    );

    expect(cost.requestedQueryCost).toBe(1 + 12);
  });

  it("a mutation costs ten", () => {
    const cost = costOf(
      `mutation($id: ID!) { tagsAdd(id: $id, tags: ["lot:A"]) { node { id } userErrors { message } } }`,
      {
        id: orderId,
      },
    );

    expect(cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });
  });
});

describe("actual query cost", () => {
  it("counts the nodes really returned, and only that much leaves the bucket", () => {
    const cost = costOf("{ orders(first: 50) { nodes { id customer { id } } } }");

    // One order without a customer: 2 + 1 × (order 1 + null customer 0).
    expect(cost.requestedQueryCost).toBe(102);
    expect(cost.actualQueryCost).toBe(3);
    expect(cost.throttleStatus.currentlyAvailable).toBe(2000 - 3);
  });
});

describe("single query limit", () => {
  it("a query priced over 1,000 points is refused with MAX_COST_EXCEEDED and charges nothing", () => {
    const response = shop.graphql("{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }");

    expect(response.body).not.toHaveProperty("data");
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /^Query cost is 63252, which exceeds the single query max cost limit \(1000\)\./,
        ),
        extensions: expect.objectContaining({ code: "MAX_COST_EXCEEDED", cost: 63252, maxCost: 1000 }),
      }),
    ]);
    expect(response.body.extensions).toEqual({
      cost: {
        requestedQueryCost: 63252,
        actualQueryCost: null,
        throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 2000, restoreRate: 100 },
      },
    });
  });
});
