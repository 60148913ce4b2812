import { describe, expect, it } from "vitest";
import dataRequest from "../../tests/fixtures/shopify-webhook-samples/shopify-app-template-node/customers_data_request.json";
import redact from "../../tests/fixtures/shopify-webhook-samples/shopify-app-template-node/customers_redact.json";
import { parseCustomerRequest } from "./customer-requests";

describe("reading Shopify's privacy requests", () => {
  it("finds the customer of a data request by id (numeric and gid), email, orders and request id", () => {
    expect(parseCustomerRequest(dataRequest)).toEqual({
      customerIds: ["191167", "gid://shopify/Customer/191167"],
      email: "john@example.com",
      orderIds: ["gid://shopify/Order/299938", "gid://shopify/Order/280263", "gid://shopify/Order/220458"],
      requestId: "9999",
    });
  });

  it("finds the customer and orders to redact", () => {
    expect(parseCustomerRequest(redact)).toMatchObject({
      customerIds: ["191167", "gid://shopify/Customer/191167"],
      email: "john@example.com",
      orderIds: expect.arrayContaining(["gid://shopify/Order/299938"]),
      requestId: null,
    });
  });

  it("keeps a guest customer (no id) reachable by email only", () => {
    expect(parseCustomerRequest({ customer: { id: null, email: " guest@example.com " } })).toMatchObject({
      customerIds: [],
      email: "guest@example.com",
    });
  });

  it("refuses a body without a customer, naming what is missing", () => {
    expect(() => parseCustomerRequest({ shop_domain: "x.myshopify.com" })).toThrow(/no readable customer/);
  });
});
