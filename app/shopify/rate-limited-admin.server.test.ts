import { GraphqlQueryError, HttpResponseError, HttpThrottlingError } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { AppError } from "../utils/errors";
import { type AdminGraphql, ShopifyUnavailableError } from "./admin-graphql.server";
import { RateLimitedAdmin, RetryLaterError } from "./rate-limited-admin.server";

const cost = (requested: number, actual: number | null, currentlyAvailable: number) => ({
  cost: {
    requestedQueryCost: requested,
    actualQueryCost: actual,
    throttleStatus: { maximumAvailable: 2_000, currentlyAvailable, restoreRate: 100 },
  },
});

/** A client whose shop answers with `answer` every time, on a clock that moves only when it waits. */
function clientAnswering(answer: () => Promise<Response>) {
  let now = 0;
  const admin = new RateLimitedAdmin({
    connect: async () => (() => answer()) as AdminGraphql,
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  });
  return { admin, graphql: () => admin.graphqlFor("soap.myshopify.com") };
}

describe("the rate-limited Admin client", () => {
  it("hands back Shopify's answer untouched and takes the bucket from it", async () => {
    const body = { data: { shop: { id: "gid://shopify/Shop/1" } }, extensions: cost(12, 3, 1_500) };
    const { admin, graphql } = clientAnswering(async () => new Response(JSON.stringify(body)));

    const response = await (await graphql())("{ shop { id } }");

    expect(await response.json()).toEqual(body);
    expect(admin.bucketFor("soap.myshopify.com").availableAt(0)).toBe(1_500);
    expect(admin.expectedCost("{ shop { id } }")).toBe(12);
    expect(admin.stats).toMatchObject({ calls: 1, throttled: 0, pointsCharged: 3 });
  });

  it("turns a THROTTLED answer into a retry after the deficit is restored", async () => {
    const throttled = new GraphqlQueryError({
      message: "Throttled",
      response: {},
      body: {
        errors: { graphQLErrors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }] },
        extensions: cost(250, null, 50),
      } as never,
    });
    const { admin, graphql } = clientAnswering(() => Promise.reject(throttled));

    const error = await (await graphql())("{ big }").catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(RetryLaterError);
    expect(error).toMatchObject({ delayMs: 2_000, reason: "throttled" });
    expect(admin.stats.throttled).toBe(1);
  });

  it("turns an HTTP 429 into a retry after Shopify's Retry-After", async () => {
    const tooMany = new HttpThrottlingError({
      message: "Too many",
      code: 429,
      statusText: "Too Many Requests",
      body: {},
      headers: {},
      retryAfter: 3,
    });
    const { graphql } = clientAnswering(() => Promise.reject(tooMany));

    await expect((await graphql())("{ shop { id } }")).rejects.toMatchObject({ delayMs: 3_000 });
  });

  it("leaves a network failure to the usual backoff, and refused access as permanent", async () => {
    const network = clientAnswering(() => Promise.reject(new TypeError("fetch failed")));
    const down = await (await network.graphql())("{ shop { id } }").catch((thrown: unknown) => thrown);
    expect(down).toBeInstanceOf(ShopifyUnavailableError);
    expect(down).not.toBeInstanceOf(RetryLaterError);

    const revoked = clientAnswering(() =>
      Promise.reject(
        new HttpResponseError({ message: "no", code: 401, statusText: "Unauthorized", body: {}, headers: {} }),
      ),
    );
    const refused = await (await revoked.graphql())("{ shop { id } }").catch((thrown: unknown) => thrown);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ kind: "NOT_ALLOWED" });
  });
});
