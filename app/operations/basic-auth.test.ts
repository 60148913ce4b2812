import { describe, expect, it } from "vitest";
import { credentialsMatch, parseBasicAuthorization } from "./basic-auth";

const basic = (text: string) => `Basic ${Buffer.from(text).toString("base64")}`;
const expected = { user: "ops", password: "correct horse battery" };

describe("operator Basic auth", () => {
  it("reads user and password, a colon in the password included", () => {
    expect(parseBasicAuthorization(basic("ops:pass:word"))).toEqual({ user: "ops", password: "pass:word" });
  });

  it("does not take a Shopify session token (Bearer) or a malformed header as credentials", () => {
    expect(parseBasicAuthorization("Bearer eyJhbGciOiJIUzI1NiJ9.e30.x")).toBeNull();
    expect(parseBasicAuthorization(basic("no-colon-here"))).toBeNull();
    expect(parseBasicAuthorization(undefined)).toBeNull();
  });

  it("lets in only the exact user and password", () => {
    expect(credentialsMatch(parseBasicAuthorization(basic("ops:correct horse battery")), expected)).toBe(true);
    expect(credentialsMatch(parseBasicAuthorization(basic("ops:correct horse batter")), expected)).toBe(false);
    expect(credentialsMatch(parseBasicAuthorization(basic("Ops:correct horse battery")), expected)).toBe(false);
    expect(credentialsMatch(null, expected)).toBe(false);
  });
});
