// The embedded app as a merchant sees it: the demo stack (simulated Shopify, admin shell,
// the real app through real session-token auth) driven in Debian's Chromium. Screenshots of
// every page land in test-artifacts/.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import type { DemoStack } from "../../simulator/demo/stack";
import { screenshot } from "../support/browser";
import { setUpDemoInBrowser } from "../support/demo-browser";

const demo = setUpDemoInBrowser({ embeddedDatabase: false });
let stack: DemoStack;
let page: Page;
beforeAll(() => {
  ({ stack, page } = demo);
});

const appFrame = () => page.frameLocator("#app-frame");

async function appDocumentStartedAt(): Promise<number> {
  const frame = await (await page.$("#app-frame"))?.contentFrame();
  if (!frame) throw new Error("The admin shell has no app frame");
  return frame.evaluate(() => performance.timeOrigin);
}

describe("the embedded app in the simulated admin", () => {
  it("loads through session-token auth and shows the shop's name on the home page", async () => {
    await page.goto(stack.shopAdminUrl);
    await expect
      .poll(() => appFrame().getByText("Traceability for Juniper & Wick").count(), { timeout: 60_000 })
      .toBe(1);
    await screenshot(page, "app-home");
  });

  it.each([
    ["Receive", "Receive stock into lots"],
    ["Lots", "Every lot you hold"],
    ["Orders", "Which lots and serial numbers each order"],
    ["Trace", "Where it came from and where every unit went"],
    ["Recalls", "a recall finds every order and customer"],
    ["Exports", "Traceability files for retailers and regulators"],
    ["Settings", "Batch code templates"],
  ])("navigates to %s from the admin's app menu without reloading the app", async (label, text) => {
    const loadsBefore = await appDocumentStartedAt();
    await page.locator("#app-nav").getByRole("link", { name: label, exact: true }).click();
    await expect.poll(() => appFrame().getByText(text).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(page.url()).toContain(`/apps/lotline/app/${label.toLowerCase()}`);
    // The same document: Remix navigated client-side, as inside the real admin.
    expect(await appDocumentStartedAt()).toBe(loadsBefore);
    await screenshot(page, `app-${label.toLowerCase()}`);
  });

  it("records an order placed in the store as a signed webhook", async () => {
    const order = stack.placeOrder().value;
    const numericId = order.id.split("/").pop();
    await expect
      .poll(
        () => db().webhookEvent.count({ where: { topic: "orders/create", body: { contains: `"id":${numericId}` } } }),
        { timeout: 30_000 },
      )
      .toBe(1);
  }, 60_000);
});
