import { describe, expect, it } from "vitest";
import { appHref, numericShopifyId } from "./admin-ids";
import { daysLeftText, expiryText, formatCalendarDate, lotStatusBadge } from "./lot-wording";

describe("lot wording", () => {
  it("writes calendar dates as the shop's date, whatever the browser's time zone", () => {
    expect(formatCalendarDate("2026-01-01")).toBe("Jan 1, 2026");
    expect(formatCalendarDate("2025-12-31")).toBe("Dec 31, 2025");
    expect(expiryText(null)).toBe("No expiry date");
  });

  it("says how long a lot has left", () => {
    expect([2, 1, 0, -1, -4].map(daysLeftText)).toEqual([
      "Expires in 2 days",
      "Expires tomorrow",
      "Expires today",
      "Expired yesterday",
      "Expired 4 days ago",
    ]);
  });

  it("marks recalled and expired lots critical and quarantined ones as a warning", () => {
    expect(lotStatusBadge("recalled")).toEqual({ label: "Recalled", tone: "critical" });
    expect(lotStatusBadge("expired").tone).toBe("critical");
    expect(lotStatusBadge("quarantined").tone).toBe("warning");
    expect(lotStatusBadge("on_hold")).toEqual({ label: "On_hold", tone: "neutral" });
  });
});

describe("admin ids", () => {
  it("takes the number of the selected order or product for the app's routes", () => {
    expect(numericShopifyId("gid://shopify/Order/450789469", "Order")).toBe("450789469");
    expect(() => numericShopifyId("gid://shopify/Product/1", "Order")).toThrow("Open this from an order's page");
    expect(() => numericShopifyId(undefined, "Product")).toThrow("Open this from a product's page");
  });

  it("links into the app with app:", () => {
    expect(appHref("/app/orders/1")).toBe("app:/app/orders/1");
  });
});
