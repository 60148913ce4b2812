// Receiving as a merchant does it, in Debian's Chromium inside the simulated admin: scan two
// GS1 Digital Links into the Receive form, see the product, lot and expiry filled and the
// codes previewed, submit, watch the receipt's Shopify update finish, and find both lots on
// the Lots page. The app runs as `npm run demo` runs it (web and workers in one process on
// the embedded database), so the write-back job really runs. Screenshots go to test-artifacts/.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { toDigitalLink, toGtin14 } from "../../app/domain/gs1";
import { closeQueues, getQueue } from "../../app/jobs/queues.server";
import type { DemoStack } from "../../simulator/demo/stack";
import { findInventoryLevel } from "../../simulator/store/inventory";
import { readLabelPdf } from "../labels/pdf-reading";
import { screenshot } from "../support/browser";
import { appFrame, setUpDemoInBrowser } from "../support/demo-browser";

const demo = setUpDemoInBrowser({ embeddedDatabase: true, afterStop: closeQueues });
let stack: DemoStack;
let page: Page;
beforeAll(() => {
  ({ stack, page } = demo);
});

const app = () => appFrame(page);

/** A seeded variant as the store holds it: what its label's barcode says and where its stock is. */
function seededVariant(index: number) {
  const state = stack.simulator.store.shops.get(stack.shopDomain)!;
  const variant = state.variants.get(stack.seeded.variantIds[index])!;
  const product = state.products.get(variant.productId)!;
  return { ...variant, productTitle: product.title, barcode: variant.barcode! };
}

function availableAt(inventoryItemId: string, locationId: string): number {
  const state = stack.simulator.store.shops.get(stack.shopDomain)!;
  return findInventoryLevel(state, inventoryItemId, locationId)!.quantities.available;
}

function digitalLink(gtin: string, lot: string, expiry: string): string {
  const link = toDigitalLink([
    { ai: "01", value: toGtin14(gtin) },
    { ai: "10", value: lot },
    { ai: "17", value: expiry },
  ]);
  if (!link.ok) throw new Error(link.error);
  return link.uri;
}

async function appDocumentStartedAt(): Promise<number> {
  const frame = await (await page.$("#app-frame"))?.contentFrame();
  if (!frame) throw new Error("The admin shell has no app frame");
  return frame.evaluate(() => performance.timeOrigin);
}

/** Types into a field the way a keyboard-wedge scanner does: the characters, then Enter. */
async function scanInto(selector: string, data: string) {
  const field = app().locator(selector);
  await field.fill(data);
  await field.press("Enter");
}

/** A screenshot of the whole app page: the window grows until the framed app needs no scrolling. */
async function wholeScreenshot(name: string) {
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  const frameTop = (await page.locator("#app-frame").boundingBox())?.y ?? 0;
  const contentHeight = await app()
    .locator("html")
    .evaluate((html) => html.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.min(Math.ceil(frameTop + contentHeight), 5_000) });
  try {
    await screenshot(page, name);
  } finally {
    await page.setViewportSize(size);
  }
}

const soap = () => seededVariant(0);
const charcoal = () => seededVariant(1);
const workshopId = () => {
  const state = stack.simulator.store.shops.get(stack.shopDomain)!;
  return [...state.locations.values()].find((location) => location.name === "Workshop")!.id;
};
let lotCodes: string[] = [];
let stockBefore: number[] = [];

describe("receiving stock by scanning", () => {
  it("opens the Receive page from the admin's menu", async () => {
    await page.goto(stack.shopAdminUrl);
    await expect.poll(() => app().getByText("Traceability for Juniper & Wick").count(), { timeout: 60_000 }).toBe(1);
    await page.locator("#app-nav").getByRole("link", { name: "Receive", exact: true }).click();
    await expect.poll(() => app().locator("#scan-line-l0").count(), { timeout: 30_000 }).toBe(1);
    await wholeScreenshot("receive-empty");
  });

  it("shows GS1's reason under the scan field when a scan is not valid, and submits nothing", async () => {
    // The check digit of 0614141001019 is 9; a misread 8 must not pass as a product.
    await scanInto("#scan-line-l0", "(01)00614141001018(10)X");
    await expect
      .poll(
        () =>
          app()
            .getByText(/check digit/i)
            .count(),
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);
    expect(page.url()).toContain("/app/receive");
    await wholeScreenshot("receive-bad-scan");
  });

  it("fills product, supplier lot and expiry from a GS1 Digital Link per line, and previews the lot codes", async () => {
    const first = soap();
    const second = charcoal();
    await scanInto("#scan-line-l0", digitalLink(first.barcode, "SUPPLIER-7", "271231"));
    await expect
      .poll(() => app().locator("#line-l0-variant").inputValue(), { timeout: 15_000 })
      .toBe(`${first.productTitle} - ${first.title}`);
    expect(await app().locator("#line-l0-supplierLotCode").inputValue()).toBe("SUPPLIER-7");
    expect(await app().locator("#line-l0-expiresAt").inputValue()).toBe("2027-12-31");
    await expect
      .poll(() =>
        app()
          .getByText(`Scanned GTIN ${toGtin14(first.barcode)}`)
          .count(),
      )
      .toBe(1);
    // The scan field is cleared for the next scan; Enter did not submit the form.
    expect(await app().locator("#scan-line-l0").inputValue()).toBe("");
    await app().locator("#line-l0-quantity").fill("12");

    await app().getByRole("button", { name: "Add line" }).click();
    await scanInto("#scan-line-l1", digitalLink(second.barcode, "CH-2291", "280630"));
    await expect
      .poll(() => app().locator("#line-l1-variant").inputValue(), { timeout: 15_000 })
      .toBe(`${second.productTitle} - ${second.title}`);
    expect(await app().locator("#line-l1-supplierLotCode").inputValue()).toBe("CH-2291");
    expect(await app().locator("#line-l1-expiresAt").inputValue()).toBe("2028-06-30");
    await app().locator("#receipt-location").selectOption({ label: "Workshop" });
    await app().locator("#receipt-supplier").fill("Meadow Oils Ltd");
    await app().locator("#receipt-reference-number").fill("4711");

    // The default template {SKU}-{YY}{MM}{DD}-{SEQ:2} on today's date in the shop (UTC).
    const day = new Date().toISOString().slice(2, 10).replaceAll("-", "");
    lotCodes = [`${first.sku}-${day}-01`, `${second.sku}-${day}-01`];
    for (const code of lotCodes) {
      await expect.poll(() => app().getByText(code, { exact: true }).count()).toBeGreaterThan(0);
    }
    await wholeScreenshot("receive-filled");
  });

  it("names the missing quantity of line 2 on its field and in a banner, and stays on the form", async () => {
    await app().getByRole("button", { name: "Receive 2 lines" }).click();
    await expect.poll(() => app().getByText("Nothing was saved", { exact: true }).count(), { timeout: 20_000 }).toBe(1);
    expect(await app().getByText("Line 2, quantity: Enter a whole number of units").count()).toBe(1);
    // The error sits under line 2's quantity field (Polaris links them by aria-describedby).
    const describedBy = await app().locator("#line-l1-quantity").getAttribute("aria-describedby");
    expect(
      await app()
        .locator(`[id="${describedBy?.split(" ")[0]}"]`)
        .textContent(),
    ).toContain("Enter a whole number of units");
    expect(page.url()).toContain("/app/receive");
    await wholeScreenshot("receive-errors");
    await app().locator("#line-l1-quantity").fill("6");
  });

  it("submits to a receipt showing both lot codes, which follows its Shopify update from pending to done", async () => {
    stockBefore = [
      availableAt(soap().inventoryItemId, workshopId()),
      availableAt(charcoal().inventoryItemId, workshopId()),
    ];
    // The app's workers take no write-back job until the receipt page has shown it pending.
    const writeBacks = getQueue("shopify-writeback");
    await writeBacks.pause();
    try {
      await app().getByRole("button", { name: "Receive 2 lines" }).click();
      await expect.poll(() => app().getByText("Meadow Oils Ltd").count(), { timeout: 30_000 }).toBeGreaterThan(0);
      expect(page.url()).toMatch(/\/apps\/lotline\/app\/receipts\/[0-9a-f-]{36}/);
      for (const code of lotCodes) expect(await app().getByText(code, { exact: true }).count()).toBe(1);
      expect(await app().getByText("Invoice 4711").count()).toBe(1);
      expect(await app().getByText("Updating Shopify inventory…").count()).toBe(1);
      expect(availableAt(soap().inventoryItemId, workshopId())).toBe(stockBefore[0]);
      await wholeScreenshot("receipt-pending");
    } finally {
      await writeBacks.resume();
    }

    // The page follows the job by itself: no reload, no click.
    const documentBefore = await appDocumentStartedAt();
    await expect.poll(() => app().getByText("Shopify inventory updated").count(), { timeout: 30_000 }).toBe(1);
    expect(await appDocumentStartedAt()).toBe(documentBefore);
    await wholeScreenshot("receipt-written-back");
    // What the banner says is what Shopify holds: the Workshop's stock rose by what was received.
    expect(availableAt(soap().inventoryItemId, workshopId())).toBe(stockBefore[0] + 12);
    expect(availableAt(charcoal().inventoryItemId, workshopId())).toBe(stockBefore[1] + 6);
  }, 60_000);

  it("prints the receipt's labels: a PDF opens in a new tab and each label's barcode decodes to its lot", async () => {
    const served = page.waitForResponse((response) => /\/app\/receipts\/[^/]+\/labels\?/.test(response.url()));
    const opened = page.context().waitForEvent("page");
    await app().getByRole("button", { name: "Print labels" }).click();
    await app().getByRole("button", { name: "4 × 6 in thermal", exact: true }).click();

    const response = await served;
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toBe("application/pdf");
    // The new tab shows the blob the page fetched; its bytes are what the merchant prints.
    const tab = await opened;
    await expect.poll(() => tab.url(), { timeout: 10_000 }).toMatch(/^blob:/);
    const bytes = await tab.evaluate(async () => {
      const blob = await (await fetch(window.location.href)).blob();
      return { type: blob.type, data: Array.from(new Uint8Array(await blob.arrayBuffer())) };
    });
    expect(bytes.type).toBe("application/pdf");
    const pages = await readLabelPdf(new Uint8Array(bytes.data));
    expect(pages.map((label) => label.barcodes.map((barcode) => barcode.text))).toEqual([
      [`(01)${toGtin14(soap().barcode)}(17)271231(10)${lotCodes[0]}`],
      [`(01)${toGtin14(charcoal().barcode)}(17)280630(10)${lotCodes[1]}`],
    ]);
    await tab.close();
  }, 60_000);

  it("lists both lots on the Lots page, finds one by scanning its label, and prints that lot's label", async () => {
    await page.locator("#app-nav").getByRole("link", { name: "Lots", exact: true }).click();
    await expect.poll(() => app().getByText(lotCodes[0], { exact: true }).count(), { timeout: 30_000 }).toBe(1);
    expect(await app().getByText(lotCodes[1], { exact: true }).count()).toBe(1);
    await wholeScreenshot("lots");

    await scanInto("#lots-scan", digitalLink(charcoal().barcode, "CH-2291", "280630"));
    await expect.poll(() => app().getByText(lotCodes[0], { exact: true }).count(), { timeout: 30_000 }).toBe(0);
    expect(await app().getByText(lotCodes[1], { exact: true }).count()).toBe(1);
    await wholeScreenshot("lots-found-by-scan");

    // The lot's own labels, from its row: one 2 × 1 in label.
    const opened = page.context().waitForEvent("page");
    await app()
      .getByRole("button", { name: `Print labels for lot ${lotCodes[1]}` })
      .click();
    await app().getByRole("button", { name: "2 × 1 in thermal", exact: true }).click();
    const tab = await opened;
    await expect.poll(() => tab.url(), { timeout: 10_000 }).toMatch(/^blob:/);
    const data = await tab.evaluate(async () =>
      Array.from(new Uint8Array(await (await fetch(window.location.href)).arrayBuffer())),
    );
    const pages = await readLabelPdf(new Uint8Array(data));
    expect(pages.map((label) => [label.width, label.height, label.barcodes[0]?.text])).toEqual([
      [144, 72, `(01)${toGtin14(charcoal().barcode)}(17)280630(10)${lotCodes[1]}`],
    ]);
    await tab.close();
  });
});
