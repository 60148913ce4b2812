import { GraphqlQueryError, HttpInternalError, HttpResponseError } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { AppError } from "../utils/errors";
import { classifyAdminError, ShopifyUnavailableError } from "./admin-graphql.server";

// The errors as @shopify/shopify-api throws them for Shopify's answers.
function graphqlError(code: string, message: string) {
  return new GraphqlQueryError({
    message,
    response: {},
    body: { errors: { graphQLErrors: [{ message, extensions: { code } }] } } as never,
  });
}

function httpError(code: number, statusText: string) {
  return new HttpResponseError({ message: statusText, code, statusText, body: {}, headers: {} });
}

describe("classifying what Shopify answered", () => {
  it("retries later when Shopify is throttling or down", () => {
    expect(classifyAdminError(graphqlError("THROTTLED", "Throttled"))).toMatchObject({ reason: "throttled" });
    expect(classifyAdminError(httpError(429, "Too Many Requests"))).toMatchObject({ reason: "throttled" });
    const down = new HttpInternalError({
      message: "boom",
      code: 502,
      statusText: "Bad Gateway",
      body: {},
      headers: {},
    });
    expect(classifyAdminError(down)).toBeInstanceOf(ShopifyUnavailableError);
    expect(classifyAdminError(new TypeError("fetch failed"))).toMatchObject({ reason: "unavailable" });
  });

  it("stops for good when access is refused, with a message that says to reinstall", () => {
    const revoked = classifyAdminError(httpError(401, "Unauthorized"));
    expect(revoked).toBeInstanceOf(AppError);
    expect(revoked).toMatchObject({ kind: "NOT_ALLOWED", message: expect.stringMatching(/reinstall/) });
    expect(
      classifyAdminError(graphqlError("ACCESS_DENIED", "Access denied for inventoryAdjustQuantities")),
    ).toMatchObject({
      kind: "NOT_ALLOWED",
    });
    const noSession = Object.assign(new Error("Could not find a session"), { name: "SessionNotFoundError" });
    expect(classifyAdminError(noSession)).toMatchObject({ kind: "NOT_ALLOWED" });
  });

  it("stops for good when Shopify refuses the request as written", () => {
    expect(
      classifyAdminError(graphqlError("undefinedField", "Field 'nam' doesn't exist on type 'Shop'")),
    ).toMatchObject({
      kind: "INVALID_DATA",
      message: "Shopify refused the request: Field 'nam' doesn't exist on type 'Shop'",
    });
  });
});
