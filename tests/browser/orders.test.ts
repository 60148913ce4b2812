// Orders as a merchant meets them, in Debian's Chromium inside the simulated admin: stock is
// received into a lot, a customer orders from the store, Lotline allocates the order in the
// background, the Orders page shows it Allocated with its lot code, its page shows the lot, and
// the order in the store carries the lot tag. The app runs as `npm run demo` runs it (web and
// workers in one process on the embedded database), so webhooks, allocation and write-back
// really run. Screenshots go to test-artifacts/.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import type { DemoStack } from "../../simulator/demo/stack";
import { screenshot } from "../support/browser";
import {
  appFrame,
  demoShopState,
  fetchAppData,
  receiveSoapAtWorkshop,
  setUpDemoInBrowser,
  soapAtWorkshop as soapAtWorkshopIn,
} from "../support/demo-browser";

const demo = setUpDemoInBrowser({ embeddedDatabase: true });
let stack: DemoStack;
let page: Page;
beforeAll(() => {
  ({ stack, page } = demo);
});

const app = () => appFrame(page);

const shopState = () => demoShopState(stack);

const soapAtWorkshop = () => soapAtWorkshopIn(stack);

const appData = (pathname: string, route: string, body?: URLSearchParams) => fetchAppData(stack, pathname, route, body);

let lotCode = "";
let orderName = "";
let orderId = "";

const receiveSoap = (expiresAt: string) => receiveSoapAtWorkshop(stack, expiresAt);

describe("an order allocated to a lot", () => {
  it("receives soap into a lot at the Workshop", async () => {
    lotCode = await receiveSoap("2028-03-31");
  }, 60_000);

  it("allocates an order placed in the store to that lot, in the background", async () => {
    const { variant, workshopId } = soapAtWorkshop();
    const order = stack.simulator.placeOrder(stack.shopDomain, {
      customerId: stack.seeded.customerIds[0],
      locationId: workshopId,
      lines: [{ variantId: variant.id, quantity: 2 }],
    });
    orderName = order.name;
    await expect
      .poll(
        async () => {
          const list = await (
            await appData(`/app/orders?q=${encodeURIComponent(orderName)}`, "routes/app.orders._index")
          ).json();
          const row = list.orders?.find((candidate: { name: string }) => candidate.name === orderName);
          if (row) orderId = row.id;
          return row ? { status: row.status, lotCodes: row.lotCodes } : null;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toEqual({ status: "allocated", lotCodes: [lotCode] });
  }, 90_000);

  it("shows the order Allocated with its lot code on the Orders page", async () => {
    await page.goto(stack.shopAdminUrl);
    await expect.poll(() => app().getByText("Traceability for Juniper & Wick").count(), { timeout: 60_000 }).toBe(1);
    await page.locator("#app-nav").getByRole("link", { name: "Orders", exact: true }).click();
    const row = app().locator("tr", { hasText: orderName });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    expect(await row.getByText("Allocated", { exact: true }).count()).toBe(1);
    expect(await row.getByText(lotCode).count()).toBe(1);
    await screenshot(page, "orders");
  }, 60_000);

  it("opens the order: its line took units of the lot, and the order in the store carries the lot tag", async () => {
    await app().getByRole("link", { name: orderName, exact: true }).click();
    await expect.poll(() => app().getByRole("heading", { name: orderName }).count(), { timeout: 30_000 }).toBe(1);
    expect(page.url()).toContain(`/app/orders/${orderId}`);
    expect(await app().getByRole("link", { name: lotCode, exact: true }).count()).toBe(1);
    expect(await app().getByText("Ordered 2").count()).toBe(1);
    await screenshot(page, "order");

    // The write-back job puts the tag on the order in Shopify (here, the simulated store).
    const storeOrder = () => [...shopState().orders.values()].find((order) => order.name === orderName)!;
    await expect.poll(() => storeOrder().tags, { timeout: 60_000, interval: 500 }).toContain(`lot:${lotCode}`);
    const detail = async () =>
      (await appData(`/app/orders/${orderId}`, "routes/app.orders.$id")).json() as Promise<{
        order: { writeBack: { state: string } };
      }>;
    await expect.poll(async () => (await detail()).order.writeBack.state, { timeout: 30_000 }).toBe("done");
  }, 90_000);

  it("re-allocates the line to a fresher lot by hand: the reason is required, the lot is pinned, the tag follows", async () => {
    const fresherCode = await receiveSoap("2029-06-30");
    await app().getByRole("link", { name: "Re-allocate Lavender Oat Soap - Bar" }).click();
    await expect.poll(() => app().locator(`#reallocate-${fresherCode}`).count(), { timeout: 30_000 }).toBe(1);
    expect(await app().locator(`#reallocate-${lotCode}`).inputValue()).toBe("2");

    // Without a reason nothing is saved, and the reason field says why.
    await app().locator(`#reallocate-${lotCode}`).fill("0");
    await app().locator(`#reallocate-${fresherCode}`).fill("2");
    await app().getByRole("button", { name: "Save allocation" }).click();
    await expect.poll(() => app().getByText("Give a reason", { exact: false }).count(), { timeout: 15_000 }).toBe(1);
    await screenshot(page, "order-reallocate-errors");

    await app().locator("#reallocate-reason").fill("Customer asked for the fresher batch");
    await app().getByRole("button", { name: "Save allocation" }).click();
    await expect.poll(() => app().getByText("Pinned", { exact: true }).count(), { timeout: 30_000 }).toBe(1);
    expect(await app().getByRole("link", { name: fresherCode, exact: true }).count()).toBe(1);
    expect(await app().getByRole("link", { name: lotCode, exact: true }).count()).toBe(0);
    expect(await app().getByText("“Customer asked for the fresher batch”").count()).toBe(1);
    await screenshot(page, "order-reallocated");

    const storeOrder = () => [...shopState().orders.values()].find((order) => order.name === orderName)!;
    await expect.poll(() => storeOrder().tags, { timeout: 60_000, interval: 500 }).toContain(`lot:${fresherCode}`);
    expect(storeOrder().tags).not.toContain(`lot:${lotCode}`);
    // The page follows the write-back by itself, without a reload.
    await expect.poll(() => app().getByText("In Shopify", { exact: true }).count(), { timeout: 30_000 }).toBe(1);
  }, 120_000);

  it("sets a product's own shelf life and serial numbers on the Products page", async () => {
    await page.locator("#app-nav").getByRole("link", { name: "Products", exact: true }).click();
    const { variant } = soapAtWorkshop();
    const productId = variant.productId.split("/").pop();
    const field = app().locator(`#min-shelf-life-${productId}`);
    await expect.poll(() => field.count(), { timeout: 30_000 }).toBe(1);

    // More than ten years passes the browser (the field has no maximum); the server names the limit.
    await field.fill("3651");
    await app().getByRole("button", { name: "Save rules for Lavender Oat Soap" }).click();
    await expect
      .poll(
        () =>
          app()
            .getByText(/whole number of days from 0 to 3650/)
            .count(),
        { timeout: 15_000 },
      )
      .toBe(1);

    await field.fill("90");
    await app().getByText("Serial numbers at fulfilment").click();
    await app().getByRole("button", { name: "Save rules for Lavender Oat Soap" }).click();
    await expect.poll(() => app().getByText("Rules for Lavender Oat Soap saved.").count(), { timeout: 15_000 }).toBe(1);
    await screenshot(page, "products");
    const rules = await (await appData("/app/products", "routes/app.products")).json();
    expect(rules.products.find((p: { productId: string }) => p.productId === variant.productId)).toMatchObject({
      minShelfLifeDays: 90,
      serialTracked: true,
    });
  }, 60_000);

  it("asks for serial numbers on the order once the product takes them, and names one the shop does not have", async () => {
    await page.locator("#app-nav").getByRole("link", { name: "Orders", exact: true }).click();
    await app().getByRole("link", { name: orderName, exact: true }).click();
    const serials = app().getByLabel("Enter serial numbers");
    await expect.poll(() => serials.count(), { timeout: 30_000 }).toBe(1);

    // A scanner types each serial and Enter: the field takes the next one on a new line.
    await serials.pressSequentially("NOPE-1\n");
    await app().getByRole("button", { name: "Save 1 serial number" }).click();
    await expect.poll(() => app().getByText("Check NOPE-1").count(), { timeout: 15_000 }).toBe(1);
    await screenshot(page, "order-serials-error");
  }, 60_000);
});
