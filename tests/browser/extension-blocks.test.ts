// Lotline's admin blocks on Shopify's order and product pages, in Debian's Chromium inside the
// simulated admin: stock is received into a lot, an order placed in the store is allocated in
// the background, and the order page's block (its own frame, talking to the running app with a
// session token across origins) shows the line's lot with its expiry; the product page's block
// lists the lot with its stock. The app runs as `npm run demo` runs it (web and workers in one
// process on the embedded database). Screenshots go to test-artifacts/.
import type { FrameLocator, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { DemoStack } from "../../simulator/demo/stack";
import { screenshot } from "../support/browser";
import {
  receiveSoapAtWorkshop,
  setUpDemoInBrowser,
  soapAtWorkshop as soapAtWorkshopIn,
  waitForOrderStatus,
} from "../support/demo-browser";

const demo = setUpDemoInBrowser({ embeddedDatabase: true });
let stack: DemoStack;
let page: Page;
beforeAll(() => {
  ({ stack, page } = demo);
});

const EXPIRES_AT = "2028-03-31";
const numeric = (gid: string) => gid.split("/").pop() ?? "";
const storeHandle = () => stack.shopDomain.replace(".myshopify.com", "");
/** The one block on the page: each runs in its own frame. */
const block = (): FrameLocator => page.frameLocator("iframe.block-frame");

const soapAtWorkshop = () => soapAtWorkshopIn(stack);

let lotCode = "";
let order = { id: "", name: "" };
let lotlineOrderId = "";

describe("Lotline's blocks on the admin's order and product pages", () => {
  it("receives soap into a lot and allocates an order placed in the store to it", async () => {
    const { variant, workshopId } = soapAtWorkshop();
    lotCode = await receiveSoapAtWorkshop(stack, EXPIRES_AT);

    const placed = stack.simulator.placeOrder(stack.shopDomain, {
      customerId: stack.seeded.customerIds[0],
      locationId: workshopId,
      lines: [{ variantId: variant.id, quantity: 2 }],
    });
    order = { id: placed.id, name: placed.name };
    lotlineOrderId = await waitForOrderStatus(stack, order.name, "allocated");
  }, 120_000);

  it("reaches the order's admin page from Lotline's View in Shopify", async () => {
    await page.goto(`${stack.shopAdminUrl}/app/orders/${lotlineOrderId}`);
    const app = page.frameLocator("#app-frame");
    await expect.poll(() => app.getByRole("heading", { name: order.name }).count(), { timeout: 60_000 }).toBe(1);
    await app
      .getByRole("button", { name: "View in Shopify" })
      .or(app.getByRole("link", { name: "View in Shopify" }))
      .click();
    await page.waitForURL(`**/store/${storeHandle()}/orders/${numeric(order.id)}`, { timeout: 30_000 });
    await expect
      .poll(() => page.getByRole("heading", { name: `Order ${order.name}` }).count(), { timeout: 30_000 })
      .toBe(1);
  }, 90_000);

  it("shows the order's line with its lot code, expiry and Allocated in the order block", async () => {
    await expect.poll(() => block().getByText(lotCode, { exact: true }).count(), { timeout: 30_000 }).toBe(1);
    const row = block().locator("s-table-row", { hasText: lotCode });
    expect(await row.textContent()).toContain("Expires Mar 31, 2028");
    expect(await block().getByText("Allocated", { exact: true }).count()).toBeGreaterThan(0);
    expect(await block().getByText(soapAtWorkshop().variant.sku!, { exact: false }).count()).toBeGreaterThan(0);
    // The page itself shows the order from the store.
    expect(await page.locator("#resource-details").textContent()).toContain(`SKU ${soapAtWorkshop().variant.sku}`);
    await screenshot(page, "order-block");
  }, 60_000);

  it("opens the order in Lotline from the block's link", async () => {
    await block().getByText("Open in Lotline").click();
    await page.waitForURL(`**/store/${storeHandle()}/apps/lotline/app/orders/${lotlineOrderId}*`, { timeout: 30_000 });
    await expect
      .poll(() => page.frameLocator("#app-frame").getByRole("heading", { name: order.name }).count(), {
        timeout: 60_000,
      })
      .toBe(1);
  }, 90_000);

  it("lists the lot with its stock in the product block", async () => {
    const productId = numeric(soapAtWorkshop().variant.productId);
    await page.goto(`${stack.simulator.url}/store/${storeHandle()}/products/${productId}`);
    await expect.poll(() => block().getByText(lotCode, { exact: true }).count(), { timeout: 30_000 }).toBe(1);
    const row = block().locator("s-table-row", { hasText: lotCode });
    // 12 received, 2 of them allocated to the order and not yet shipped.
    expect(await row.textContent()).toContain("12 units on hand, 10 available");
    expect(await row.textContent()).toContain("Expires Mar 31, 2028");
    await screenshot(page, "product-block");
  }, 60_000);
});
