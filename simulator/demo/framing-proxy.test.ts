import { describe, expect, it } from "vitest";
import { allowFramingBy } from "./framing-proxy";

describe("allowFramingBy", () => {
  it("adds the simulated admin to frame-ancestors and leaves other directives alone", () => {
    const policy = "frame-ancestors https://soap.myshopify.com https://admin.shopify.com; default-src 'self'";
    expect(allowFramingBy(policy, "http://127.0.0.1:4000")).toBe(
      "frame-ancestors https://soap.myshopify.com https://admin.shopify.com http://127.0.0.1:4000; default-src 'self'",
    );
  });

  it("changes nothing when the policy has no frame-ancestors", () => {
    expect(allowFramingBy("default-src 'self'", "http://127.0.0.1:4000")).toBe("default-src 'self'");
  });
});
