// The Operations page in Debian's Chromium inside the simulated admin: reached from the app
// menu, it shows a receipt whose Shopify update failed, and its Retry button queues it again.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { screenshot } from "../support/browser";
import { setUpDemoInBrowser } from "../support/demo-browser";
import { createFailedReceipt } from "../support/operations-factories";

const demo = setUpDemoInBrowser({ embeddedDatabase: false });
let page: Page;
beforeAll(() => {
  ({ page } = demo);
});

const appFrame = () => page.frameLocator("#app-frame");

describe("the Operations page", () => {
  it("lists a receipt Shopify refused and retries it from its button", async () => {
    const shop = await db().shop.findUniqueOrThrow({ where: { domain: demo.stack.shopDomain } });
    const receipt = await createFailedReceipt(db(), shop.id, {
      receivedAt: new Date("2026-11-21T10:00:00Z"),
      error: "Shopify refused the inventory change: The specified location could not be found. (INVALID_LOCATION)",
    });

    await page.goto(demo.stack.shopAdminUrl);
    await expect.poll(() => appFrame().getByText("Traceability for").count(), { timeout: 60_000 }).toBe(1);
    await page.locator("#app-nav").getByRole("link", { name: "Operations", exact: true }).click();
    await expect
      .poll(() => appFrame().getByText("Receipts not written to Shopify inventory").count(), { timeout: 30_000 })
      .toBe(1);
    await expect
      .poll(() =>
        appFrame()
          .getByText(/location could not be found/)
          .count(),
      )
      .toBe(1);
    expect(await appFrame().getByText("No background job has failed.").count()).toBe(1);
    await screenshot(page, "app-operations");

    // A click before React has hydrated the page would do nothing: wait until the button is React's.
    const frame = await (await page.$("#app-frame"))?.contentFrame();
    if (!frame) throw new Error("The admin shell has no app frame");
    await expect
      .poll(
        () =>
          frame.evaluate(() => {
            const button = [...document.querySelectorAll("button")].find((node) => node.textContent === "Retry");
            return Boolean(button && Object.keys(button).some((key) => key.startsWith("__reactProps")));
          }),
        { timeout: 30_000 },
      )
      .toBe(true);
    await appFrame()
      .getByRole("row", { name: /Meadow Oils Ltd/ })
      .getByRole("button", { name: "Retry" })
      .click();

    await expect
      .poll(() => appFrame().getByText("Lotline is updating Shopify's inventory for the receipt again.").count(), {
        timeout: 30_000,
      })
      .toBe(1);
    expect(await db().receipt.findUniqueOrThrow({ where: { id: receipt.id } })).toMatchObject({
      writeBackStatus: "pending",
      writeBackError: null,
    });
    expect(await db().auditEntry.count({ where: { shopId: shop.id, action: "receipt.write-back.retried" } })).toBe(1);
  }, 120_000);
});
