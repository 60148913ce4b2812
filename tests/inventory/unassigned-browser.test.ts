// Stock that arrives without Lotline, as a merchant meets it, in Debian's Chromium inside the
// simulated admin: units added in Shopify (a purchase order received there) reach the app as
// inventory_levels/update, the dashboard counts them, and a few clicks on the Unassigned stock
// page put some of them into a new lot. The app runs as `npm run demo` runs it (web and workers
// in one process), so the webhook and the reconciliation job really run.
import type { FrameLocator, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { closeQueues } from "../../app/jobs/queues.server";
import type { DemoStack } from "../../simulator/demo/stack";
import { findInventoryLevel } from "../../simulator/store/inventory";
import { screenshot } from "../support/browser";
import { setUpDemoInBrowser } from "../support/demo-browser";

// The app process inherits this: reconcile a level half a second after its update, not 30 s.
process.env.INVENTORY_RECONCILE_DELAY_MS = "500";

const demo = setUpDemoInBrowser({ embeddedDatabase: true, afterStop: closeQueues });
let stack: DemoStack;
let page: Page;
beforeAll(() => {
  ({ stack, page } = demo);
});

const app = (): FrameLocator => page.frameLocator("#app-frame");

function seededSoapAtWorkshop() {
  const state = stack.simulator.store.shops.get(stack.shopDomain)!;
  const variant = state.variants.get(stack.seeded.variantIds[0])!;
  const product = state.products.get(variant.productId)!;
  const workshop = [...state.locations.values()].find((location) => location.name === "Workshop")!;
  const onHand = () => {
    const level = findInventoryLevel(state, variant.inventoryItemId, workshop.id)!;
    return level.quantities.available + level.quantities.committed;
  };
  return { variant, productTitle: product.title, workshop, onHand };
}

describe("unassigned stock in the admin", () => {
  it("counts units added in Shopify outside Lotline on the dashboard", async () => {
    await page.goto(stack.shopAdminUrl);
    await expect.poll(() => app().getByText("Traceability for Juniper & Wick").count(), { timeout: 60_000 }).toBe(1);
    const soap = seededSoapAtWorkshop();
    stack.simulator.adjustInventory(stack.shopDomain, {
      inventoryItemId: soap.variant.inventoryItemId,
      locationId: soap.workshop.id,
      delta: 7,
    });

    // The webhook, the half-second settle and the job: reload the home page until the card counts them.
    await expect
      .poll(
        async () => {
          await page.goto(stack.shopAdminUrl);
          await app().getByText("Unassigned stock").first().waitFor({ timeout: 30_000 });
          return app()
            .getByText(/arrived without a Lotline receipt/)
            .count();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(1);
    await screenshot(page, "unassigned-dashboard");
  }, 90_000);

  it("assigns some of them to a new lot in a few clicks, and shows what is left", async () => {
    const soap = seededSoapAtWorkshop();
    await app().getByRole("link", { name: "Assign to lots" }).click();
    await expect.poll(() => app().getByText("Units Shopify counts that arrived").count(), { timeout: 30_000 }).toBe(1);
    const assignButton = app()
      .getByRole("button", { name: `Assign ${soap.productTitle}` })
      .first();
    await assignButton.click();

    const helpText = await app()
      .getByText(/Up to \d+ unassigned/)
      .textContent();
    const unassignedBefore = Number(/Up to (\d+)/.exec(helpText ?? "")?.[1]);
    expect(unassignedBefore).toBeGreaterThanOrEqual(7);
    await app().getByLabel("Units").fill("5");
    await app().getByLabel("Supplier lot").fill("PO-7781");
    await app().getByLabel("Expires").fill("2027-12-31");
    await screenshot(page, "unassigned-assign-form");
    const before = soap.onHand();
    await app().getByRole("button", { name: "Assign", exact: true }).click();

    await expect
      .poll(
        () =>
          app()
            .getByText(/5 units assigned to lot /)
            .count(),
        { timeout: 30_000 },
      )
      .toBe(1);
    const row = app().getByRole("row").filter({ hasText: soap.productTitle }).first();
    await expect.poll(() => row.getByText(String(unassignedBefore - 5), { exact: true }).count()).toBe(1);
    await screenshot(page, "unassigned-assigned");
    // Assigning puts stock Shopify already has into a lot: Shopify's count does not move.
    expect(soap.onHand()).toBe(before);
  }, 60_000);
});
