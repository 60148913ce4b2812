import { describe, expect, it } from "vitest";
import { createProduct } from "../store/catalog";
import { createOrder } from "../store/orders";
import { setShopPlan } from "../store/store";
import type { Plan } from "../store/types";
import { simulatedShop } from "../testing";
import { createLeakyBucket, PLAN_LIMITS } from "./throttle";

const ALL_ORDERS = "{ orders(first: 250) { nodes { id } } }";

/** A shop with 250 orders, so ALL_ORDERS really costs what it requests (252 points). */
function busyShop() {
  const shop = simulatedShop();
  const { variants } = createProduct(shop.state, { title: "Soap", variants: [{ sku: "S-1" }] }).value;
  for (let i = 0; i < 250; i++) createOrder(shop.state, { lines: [{ variantId: variants[0].id, quantity: 1 }] });
  return shop;
}

describe("throttling", () => {
  it("a burst past the bucket is THROTTLED with Shopify's answer and the bucket's state", () => {
    const shop = busyShop();
    const answers = Array.from({ length: 8 }, () => shop.graphql(ALL_ORDERS));

    expect(answers.slice(0, 7).every((answer) => !answer.body.errors)).toBe(true);
    const throttled = answers[7];
    expect(throttled.status).toBe(200);
    expect(throttled.body).toEqual({
      errors: [
        {
          message: "Throttled",
          extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
        },
      ],
      extensions: {
        cost: {
          requestedQueryCost: 252,
          actualQueryCost: null,
          // 2000 − 7 × 252 left; a throttled request takes nothing.
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 236, restoreRate: 100 },
        },
      },
    });
  });

  it("after waiting for the missing points to restore, the same request succeeds", () => {
    const shop = busyShop();
    for (let i = 0; i < 7; i++) shop.graphql(ALL_ORDERS);

    // 16 points short at 100 points per second: 160 ms.
    shop.advanceTime(150);
    expect(shop.graphql(ALL_ORDERS).body.errors).toEqual([expect.objectContaining({ message: "Throttled" })]);
    shop.advanceTime(10);
    const answer = shop.graphql(ALL_ORDERS);

    expect(answer.body.errors).toBeUndefined();
    expect((answer.body.data as { orders: { nodes: unknown[] } }).orders.nodes).toHaveLength(250);
  });

  it("the bucket never refills beyond its maximum", () => {
    const shop = busyShop();
    shop.graphql(ALL_ORDERS);
    shop.advanceTime(60_000);

    const status = shop.graphql("{ shop { name } }").body.extensions as { cost: { throttleStatus: unknown } };
    expect(status.cost.throttleStatus).toEqual({ maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 });
  });
});

describe("plans", () => {
  const expected: [Plan, number, number][] = [
    ["standard", 2_000, 100],
    ["advanced", 4_000, 200],
    ["plus", 20_000, 1_000],
    ["enterprise", 40_000, 2_000],
  ];

  it.each(expected)("a %s shop reports a %i-point bucket restoring %i points a second", (plan, maximum, rate) => {
    const shop = simulatedShop({ plan });
    const { cost } = shop.graphql("{ shop { name } }").body.extensions as {
      cost: { throttleStatus: { maximumAvailable: number; restoreRate: number } };
    };

    expect(cost.throttleStatus).toMatchObject({ maximumAvailable: maximum, restoreRate: rate });
  });

  it.each(expected)("an emptied %s bucket restores its rate in one second", (plan, maximum, rate) => {
    let now = 0;
    const bucket = createLeakyBucket(() => PLAN_LIMITS[plan], now);
    expect(bucket.tryTake(maximum, now)).toBe(true);
    expect(bucket.tryTake(1, now)).toBe(false);

    now += 1_000;

    expect(bucket.status(now).currentlyAvailable).toBe(rate);
    expect(bucket.tryTake(rate, now)).toBe(true);
    expect(bucket.tryTake(1, now)).toBe(false);
  });

  it("a shop that upgrades gets the new plan's limits on its next request", () => {
    const shop = simulatedShop({ plan: "standard" });
    setShopPlan(shop.state, "plus");

    const { cost } = shop.graphql("{ shop { name } }").body.extensions as {
      cost: { throttleStatus: { maximumAvailable: number; restoreRate: number } };
    };
    expect(cost.throttleStatus).toMatchObject({ maximumAvailable: 20_000, restoreRate: 1_000 });
  });
});
