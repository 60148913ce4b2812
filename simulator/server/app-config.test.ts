import { describe, expect, it } from "vitest";
import { parseAppConfig, readAppConfig } from "./app-config";

describe("the app's configuration as Shopify reads it", () => {
  it("takes scopes, subscribed topics (compliance ones included) and the webhook API version from shopify.app.toml", () => {
    const config = readAppConfig();
    expect(config.scopes.split(",")).toEqual(expect.arrayContaining(["read_orders", "write_orders", "read_inventory"]));
    expect(config.webhookTopics).toEqual(
      expect.arrayContaining(["app/uninstalled", "orders/create", "inventory_levels/update", "shop/redact"]),
    );
    expect(config.webhookApiVersion).toBe("2026-10");
  });

  it("reads one-line and multi-line lists, ignoring comments and other sections", () => {
    const config = parseAppConfig(`
      [access_scopes]
      scopes = "read_orders" # why
      [build]
      topics = ["not/this"]
      [[webhooks.subscriptions]]
      topics = [
        "orders/create", # first
        "orders/updated",
      ]
      [[webhooks.subscriptions]]
      compliance_topics = ["shop/redact"]
    `);
    expect(config).toEqual({
      scopes: "read_orders",
      webhookTopics: ["orders/create", "orders/updated", "shop/redact"],
      webhookApiVersion: null,
    });
  });
});
