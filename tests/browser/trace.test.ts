// Tracing a lot as a merchant does it, in Debian's Chromium inside the simulated admin: soap from
// a supplier is received into a lot, a customer's order takes two bars and ships; the merchant
// searches the lot on the Trace page, lands on its page, sees where it went (the order) and
// where it came from (the supplier's invoice), asks for the FSMA 204 spreadsheet and the EPCIS
// file from there, and downloads both from the Exports page once the workers have built them.
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { FSMA204_COLUMNS } from "../../app/exports/fsma204-rows";
import type { DemoStack } from "../../simulator/demo/stack";
import { screenshot } from "../support/browser";
import {
  appFrame,
  demoShopState,
  fetchAppData,
  setUpDemoInBrowser,
  waitForOrderStatus,
  waitForShippedUnits,
} from "../support/demo-browser";
import { epcisSchemaErrors } from "../support/epcis-schema";

const demo = setUpDemoInBrowser({ embeddedDatabase: true });
let stack: DemoStack;
let page: Page;
beforeAll(() => {
  ({ stack, page } = demo);
});

const app = () => appFrame(page);

const shopState = () => demoShopState(stack);

const appData = (pathname: string, route: string, body?: URLSearchParams) => fetchAppData(stack, pathname, route, body);

let lotCode = "";
let orderName = "";

async function openLotFromTrace() {
  await page.locator("#app-nav").getByRole("link", { name: "Trace", exact: true }).click();
  const search = app().locator("#trace-search");
  await expect.poll(() => search.count(), { timeout: 30_000 }).toBe(1);
  await search.fill(lotCode);
  await app().getByRole("button", { name: "Trace", exact: true }).click();
  await expect
    .poll(
      () =>
        app()
          .getByRole("heading", { name: `Lot ${lotCode}` })
          .count(),
      { timeout: 30_000 },
    )
    .toBe(1);
}

/** The file behind the Exports page's download link whose text starts with `prefix`. */
async function download(prefix: string): Promise<Buffer> {
  const link = app().getByRole("link", { name: new RegExp(`^Download ${prefix}`) });
  await expect.poll(() => link.count(), { timeout: 90_000, interval: 1_000 }).toBe(1);
  const href = await link.getAttribute("href");
  const response = await fetch(href!);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe("tracing a lot forward and backward", () => {
  it("receives soap from a supplier and ships two bars of it to a customer", async () => {
    const state = shopState();
    const variant = state.variants.get(stack.seeded.variantIds[0])!;
    const workshop = [...state.locations.values()].find((location) => location.name === "Workshop")!;
    const received = await appData(
      "/app/receive",
      "routes/app.receive",
      new URLSearchParams({
        locationId: workshop.id,
        supplierName: "Meadow Oils Ltd",
        referenceType: "invoice",
        referenceNumber: "INV-9001",
        "lines[0].variantId": variant.id,
        "lines[0].quantity": "12",
        "lines[0].supplierLotCode": "ML-314",
        "lines[0].expiresAt": "2028-03-31",
        "lines[0].serialMode": "none",
      }),
    );
    expect(received.status).toBe(204);
    const lots = await (await appData("/app/lots?q=ML-314", "routes/app.lots._index")).json();
    lotCode = lots.lots[0].code;

    const order = stack.simulator.placeOrder(stack.shopDomain, {
      customerId: stack.seeded.customerIds[0],
      locationId: workshop.id,
      lines: [{ variantId: variant.id, quantity: 2 }],
    });
    orderName = order.name;
    const orderId = await waitForOrderStatus(stack, orderName, "allocated");
    stack.simulator.fulfillOrder(stack.shopDomain, order.id);
    await waitForShippedUnits(stack, orderId, 2);
  }, 150_000);

  it("finds the lot on the Trace page and shows where it went and where it came from", async () => {
    await page.goto(stack.shopAdminUrl);
    await expect.poll(() => app().getByText("Traceability for", { exact: false }).count(), { timeout: 60_000 }).toBe(1);
    await openLotFromTrace();

    expect(await app().getByRole("heading", { name: "Forward trace" }).count()).toBe(1);
    expect(await app().getByRole("heading", { name: "Backward trace" }).count()).toBe(1);
    // Forward: the order the two bars went on, linked to its page.
    await expect
      .poll(() => app().getByRole("link", { name: orderName, exact: true }).count(), { timeout: 15_000 })
      .toBe(1);
    expect(await app().getByText("2 units shipped on 1 order to 1 customer.", { exact: false }).count()).toBe(1);
    // Backward: the supplier, its invoice and lot code.
    expect(await app().getByText("Meadow Oils Ltd", { exact: true }).count()).toBe(1);
    expect(await app().getByRole("link", { name: "invoice INV-9001" }).count()).toBe(1);
    expect(await app().getByText("Supplier lot ML-314.", { exact: false }).count()).toBe(1);
    await screenshot(page, "lot-trace");
  }, 90_000);

  it("asks for the FSMA 204 spreadsheet and the EPCIS file and downloads both from Exports", async () => {
    await app().getByRole("button", { name: "FSMA 204 (XLSX)" }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain("/app/exports");
    await openLotFromTrace();
    await app().getByRole("button", { name: "EPCIS (JSON)" }).click();
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain("/app/exports");

    const fsma = await download("fsma204-");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(fsma as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(FSMA204_COLUMNS.map((column) => column.header));
    const lotCells = [] as unknown[];
    sheet.eachRow((row, n) => {
      if (n > 1) lotCells.push(...(row.values as unknown[]));
    });
    expect(lotCells).toContain(lotCode);

    const epcis = JSON.parse((await download("epcis-")).toString("utf8"));
    expect(epcisSchemaErrors(epcis)).toEqual([]);
    const steps = epcis.epcisBody.eventList.map((event: { bizStep: string; quantityList: { quantity: number }[] }) => [
      event.bizStep,
      event.quantityList[0].quantity,
    ]);
    expect(steps).toEqual([
      ["receiving", 12],
      ["shipping", 2],
    ]);
    await screenshot(page, "exports-downloaded");
  }, 180_000);
});
