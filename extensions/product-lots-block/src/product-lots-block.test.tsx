import { describe, expect, it } from "vitest";
import type { ProductLotsResponse } from "../../../app/extension-api/types";
import { byText, click, findText, mount, stubFetch, stubShopify } from "../../shared/admin-test-support";
import { ProductLotsBlock } from "./product-lots-block";

const PRODUCT_GID = "gid://shopify/Product/7001";
const PRODUCT_URL = "/api/admin/products/7001";
type ApiLot = ProductLotsResponse["variants"][number]["locations"][number]["lots"][number];

function lot(overrides: Partial<ApiLot>): ApiLot {
  return {
    lotId: "lot-1",
    code: "LAV-2403-A",
    expiresAt: "2026-09-30",
    daysLeft: 200,
    expiringSoon: false,
    status: "active",
    onHand: 12,
    available: 12,
    ...overrides,
  };
}

function productAnswer(lots: ApiLot[], tracked = true): ProductLotsResponse {
  return {
    product: { shopifyProductId: PRODUCT_GID, title: "Lavender soap", tracked, serialTracked: false },
    expiringSoonDays: 30,
    receivePath: "/app/receive?productId=7001",
    variants: [
      {
        shopifyVariantId: "gid://shopify/ProductVariant/1",
        title: "Default Title",
        sku: "SOAP-LAV",
        locations: lots.length ? [{ locationId: "loc-1", locationName: "Main warehouse", lots }] : [],
      },
    ],
  };
}

function show(answers: Parameters<typeof stubFetch>[0]) {
  stubShopify("admin.product-details.block.render", PRODUCT_GID);
  const fetch = stubFetch(answers);
  return { root: mount(<ProductLotsBlock />), ...fetch };
}

function rows(root: HTMLElement): string[][] {
  return [...root.querySelectorAll("s-table-row")].map((row) =>
    [...row.querySelectorAll("s-table-cell")].map((cell) => cell.textContent ?? ""),
  );
}

describe("product lots block", () => {
  it("says it is loading until the app answers", () => {
    const { root } = show({ [`GET ${PRODUCT_URL}`]: [{ status: 200, body: productAnswer([]) }] });
    expect(root.textContent).toContain("Loading lots…");
  });

  it("lists the lots in stock per location, soonest expiry first, and calls out the ones to act on", async () => {
    const answer = productAnswer([
      lot({ lotId: "a", code: "LAV-2409", expiresAt: "2026-09-30" }),
      lot({ lotId: "b", code: "LAV-2403", expiresAt: "2026-03-20", daysLeft: 12, expiringSoon: true }),
      lot({ lotId: "c", code: "LAV-2401", expiresAt: "2026-02-01", daysLeft: -3, status: "expired", available: 0 }),
      lot({ lotId: "d", code: "LAV-2402", expiresAt: "2026-06-01", status: "recalled", available: 0 }),
      lot({ lotId: "e", code: "LAV-2405", expiresAt: "2026-07-01", status: "quarantined", available: 0 }),
      lot({ lotId: "f", code: "LAV-2310", expiresAt: "2026-01-01", status: "depleted", onHand: 0, available: 0 }),
    ]);
    const { root } = show({ [`GET ${PRODUCT_URL}`]: [{ status: 200, body: answer }] });
    await findText(root, "LAV-2409");
    expect(root.querySelector("s-section")?.getAttribute("heading")).toBe("Main warehouse");
    expect(rows(root)).toEqual([
      ["LAV-2401", "Expires Feb 1, 2026", "12 units on hand, 0 available", "Expired"],
      ["LAV-2403", "Expires Mar 20, 2026", "12 units on hand", "Expires in 12 days"],
      ["LAV-2402", "Expires Jun 1, 2026", "12 units on hand, 0 available", "Recalled"],
      ["LAV-2405", "Expires Jul 1, 2026", "12 units on hand, 0 available", "Quarantined"],
      ["LAV-2409", "Expires Sep 30, 2026", "12 units on hand", ""],
    ]);
    expect(byText(root, "s-badge", "Expires in 12 days")[0]?.getAttribute("tone")).toBe("warning");
    expect(byText(root, "s-badge", "Expired")[0]?.getAttribute("tone")).toBe("critical");
    expect(byText(root, "s-link", "Receive stock")[0]?.getAttribute("href")).toBe("app:/app/receive?productId=7001");
  });

  it("names variant and location when the product has several variants", async () => {
    const answer = productAnswer([lot({})]);
    answer.variants.push({
      ...answer.variants[0]!,
      shopifyVariantId: "gid://shopify/ProductVariant/2",
      title: "Large",
    });
    answer.variants[0]!.title = "Small";
    const { root } = show({ [`GET ${PRODUCT_URL}`]: [{ status: 200, body: answer }] });
    await findText(root, "LAV-2403-A");
    const headings = [...root.querySelectorAll("s-section")].map((section) => section.getAttribute("heading"));
    expect(headings).toEqual(["Small · Main warehouse", "Large · Main warehouse"]);
  });

  it("offers to receive stock when the product has no lots yet", async () => {
    const { root } = show({ [`GET ${PRODUCT_URL}`]: [{ status: 200, body: productAnswer([]) }] });
    await findText(root, "No lots of this product yet.");
    expect(byText(root, "s-link", "Receive stock")[0]?.getAttribute("href")).toBe("app:/app/receive?productId=7001");
    expect(root.querySelector("s-table")).toBeNull();
  });

  it("says Lotline does not track a product it has never received", async () => {
    const { root } = show({ [`GET ${PRODUCT_URL}`]: [{ status: 200, body: productAnswer([], false) }] });
    await findText(root, "Lotline does not track this product yet.");
  });

  it("shows why loading failed, and Retry loads again", async () => {
    const { root, calls } = show({
      [`GET ${PRODUCT_URL}`]: ["network-error", { status: 200, body: productAnswer([lot({})]) }],
    });
    await findText(root, "Lotline could not be reached. Check your connection and try again.");
    click(byText(root, "s-button", "Retry")[0]);
    await findText(root, "LAV-2403-A");
    expect(calls).toHaveLength(2);
  });
});
