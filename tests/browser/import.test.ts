// Importing existing lots as a merchant does it, in Debian's Chromium inside the simulated admin:
// from the Lots page to Import lots, upload a spreadsheet with one bad row, read the problem by
// line and column, choose to skip it, follow the import to the end and find the lots on the Lots
// page. The app runs as the demo runs it (web and workers in one process, embedded database).
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { closeQueues } from "../../app/jobs/queues.server";
import type { DemoStack } from "../../simulator/demo/stack";
import { screenshot } from "../support/browser";
import { appFrame, setUpDemoInBrowser } from "../support/demo-browser";
import { lotsCsv } from "../support/import-factories";

const demo = setUpDemoInBrowser({ embeddedDatabase: true, afterStop: closeQueues });
let stack: DemoStack;
let page: Page;
beforeAll(() => {
  ({ stack, page } = demo);
});

const app = () => appFrame(page);

function seededSku(index: number): string {
  const state = stack.simulator.store.shops.get(stack.shopDomain)!;
  return state.variants.get(stack.seeded.variantIds[index])!.sku!;
}

describe("importing existing lots from a spreadsheet", () => {
  it("opens Import lots from the Lots page", async () => {
    await page.goto(stack.shopAdminUrl);
    await expect.poll(() => app().getByText("Traceability for Juniper & Wick").count(), { timeout: 90_000 }).toBe(1);
    await page.locator("#app-nav").getByRole("link", { name: "Lots", exact: true }).click();
    await expect
      .poll(() => app().getByRole("heading", { name: "Lots", exact: true }).count(), { timeout: 60_000 })
      .toBe(1);
    await app()
      .getByRole("button", { name: "Import lots" })
      .or(app().getByRole("link", { name: "Import lots" }))
      .first()
      .click();
    await expect
      .poll(() => app().getByRole("button", { name: "Download the template" }).count(), { timeout: 30_000 })
      .toBe(1);
    await screenshot(page, "import-empty");
  }, 150_000);

  it("checks the file and names the bad row's line and column; importing waits for a decision", async () => {
    const csv = lotsCsv([
      { sku: seededSku(0), location: "Workshop", lot_code: "OB-BROWSER-1", quantity: 6, expires_on: "2027-12-31" },
      { sku: "NOT-IN-SHOP", location: "Workshop", quantity: 2 },
      { sku: seededSku(1), location: "Workshop", lot_code: "OB-BROWSER-2", quantity: 4 },
    ]);
    // Until React has hydrated the page, the file input has no handler yet: choose again until it shows.
    await expect
      .poll(
        async () => {
          await app()
            .locator('input[type="file"]')
            .setInputFiles({ name: "opening-stock.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
          return app().getByText("opening-stock.csv", { exact: true }).count();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(1);
    await app().getByRole("button", { name: "Check file" }).click();

    await expect.poll(() => app().getByText("1 row has problems").count(), { timeout: 60_000 }).toBe(1);
    expect(await app().getByText('No product variant in your shop has the SKU "NOT-IN-SHOP"').count()).toBe(1);
    const row = app().locator("tr", { hasText: "NOT-IN-SHOP" });
    expect(await row.locator("td, th").allInnerTexts()).toEqual(["3", "sku", expect.stringContaining("NOT-IN-SHOP")]);
    expect(await app().getByRole("button", { name: "Import 2 lots" }).isDisabled()).toBe(true);
    await screenshot(page, "import-checked");
  }, 90_000);

  it("imports the valid rows once skipping is ticked, follows the job to the end, and links to the lots", async () => {
    await app().getByText("Skip invalid rows", { exact: true }).click();
    await expect.poll(() => app().getByRole("button", { name: "Import 2 lots" }).isDisabled()).toBe(false);
    await app().getByRole("button", { name: "Import 2 lots" }).click();

    await expect.poll(() => app().getByText("Imported 2 lots").count(), { timeout: 60_000 }).toBe(1);
    expect(await app().getByText("1 invalid row was skipped.").count()).toBe(1);
    await screenshot(page, "import-completed");

    await app().getByRole("link", { name: "See them on the Lots page" }).click();
    await expect.poll(() => app().getByText("OB-BROWSER-1", { exact: true }).count(), { timeout: 30_000 }).toBe(1);
    expect(await app().getByText("OB-BROWSER-2", { exact: true }).count()).toBe(1);
    await screenshot(page, "import-lots-page");
  }, 90_000);
});
