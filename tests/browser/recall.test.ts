// A recall as a merchant runs it, in Debian's Chromium inside the simulated admin: soap is received
// into a lot, a customer's order takes units of it and ships; the merchant creates a recall for the
// lot, sees the notice preview with that customer's data, sends it and watches the progress reach
// 100 %. The notice lands in the demo's outbox (no SMTP_URL); its acknowledgement link is opened
// and confirmed as the customer would, and the recall's dashboard counts the acknowledgement.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
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

const demo = setUpDemoInBrowser({ embeddedDatabase: true });
let stack: DemoStack;
let page: Page;
beforeAll(() => {
  ({ stack, page } = demo);
});

const app = () => appFrame(page);

const shopState = () => demoShopState(stack);

const appData = (pathname: string, route: string, body?: URLSearchParams) => fetchAppData(stack, pathname, route, body);

/** Every .eml file under the app's outbox (one folder per shop). */
async function outboxFiles(): Promise<string[]> {
  const root = path.join(demo.dataDir, "outbox");
  const found: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (entry.isFile() && entry.name.endsWith(".eml")) found.push(path.join(entry.parentPath, entry.name));
  }
  return found;
}

/** The message's text with quoted-printable and base64 parts decoded, so links read as sent. */
function readableMail(raw: string): string {
  const quoted = raw
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16)));
  const base64Parts = [
    ...raw.matchAll(/Content-Transfer-Encoding: base64\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/g),
  ]
    .map((match) => Buffer.from(match[1].replace(/\s/g, ""), "base64").toString("utf8"))
    .join("\n");
  return `${quoted}\n${base64Parts}`;
}

let lotCode = "";
let orderName = "";
let orderId = "";
let customerEmail = "";

describe("a recall from trace to acknowledgement", () => {
  it("ships a customer's order from a lot of soap", async () => {
    const state = shopState();
    const variant = state.variants.get(stack.seeded.variantIds[0])!;
    const workshop = [...state.locations.values()].find((location) => location.name === "Workshop")!;
    const received = await appData(
      "/app/receive",
      "routes/app.receive",
      new URLSearchParams({
        locationId: workshop.id,
        referenceType: "production_run",
        "lines[0].variantId": variant.id,
        "lines[0].quantity": "12",
        "lines[0].expiresAt": "2028-03-31",
        "lines[0].serialMode": "none",
      }),
    );
    expect(received.status).toBe(204);
    const lots = await (
      await appData(`/app/lots?q=${encodeURIComponent(variant.sku!)}`, "routes/app.lots._index")
    ).json();
    lotCode = lots.lots.find((lot: { expiresAt: string }) => lot.expiresAt === "2028-03-31").code;

    const customerId = stack.seeded.customerIds[0];
    customerEmail = state.customers.get(customerId)!.email!;
    const order = stack.simulator.placeOrder(stack.shopDomain, {
      customerId,
      locationId: workshop.id,
      lines: [{ variantId: variant.id, quantity: 2 }],
    });
    orderName = order.name;
    orderId = await waitForOrderStatus(stack, orderName, "allocated");

    stack.simulator.fulfillOrder(stack.shopDomain, order.id);
    await waitForShippedUnits(stack, orderId, 2);
  }, 150_000);

  it("creates a recall for the lot and previews the notice with the customer's order", async () => {
    await page.goto(stack.shopAdminUrl);
    await expect.poll(() => app().getByText("Traceability for", { exact: false }).count(), { timeout: 60_000 }).toBe(1);
    await page.locator("#app-nav").getByRole("link", { name: "Recalls", exact: true }).click();
    await expect.poll(() => app().getByText("No recalls").count(), { timeout: 30_000 }).toBe(1);
    await app().getByRole("link", { name: "Create recall" }).first().click();

    const search = app().getByLabel("Find lots by code, supplier lot, SKU or product");
    await expect.poll(() => search.count(), { timeout: 30_000 }).toBe(1);
    await search.fill(lotCode);
    const add = app().getByRole("button", { name: `Add ${lotCode}` });
    await expect.poll(() => add.count(), { timeout: 15_000 }).toBe(1);
    await add.click();

    // Saved without a title: the field says what is missing and nothing else is lost.
    await app().getByRole("button", { name: "Save draft" }).click();
    await expect.poll(() => app().getByText("Give the recall a title").count(), { timeout: 15_000 }).toBe(1);

    await app().getByLabel("Title", { exact: true }).fill("Lavender soap: possible contamination");
    await app().getByLabel("Reason", { exact: true }).fill("A fragrance oil batch was contaminated at the supplier.");
    await app().getByLabel("Hazard", { exact: true }).fill("May cause skin irritation.");
    await app().getByText("Stop using", { exact: true }).click();
    await app().getByText("Refund", { exact: true }).click();
    await app().getByLabel("Contact email").fill("recalls@juniper.example");
    await app().getByRole("button", { name: "Save draft" }).click();

    await expect
      .poll(
        () =>
          app()
            .getByRole("heading", { name: /^Recall #1: Lavender soap/ })
            .count(),
        { timeout: 30_000 },
      )
      .toBe(1);
    expect(await app().getByText("Customers who received units").count()).toBe(1);
    const preview = app().frameLocator('iframe[title="Notice preview"]');
    await expect
      .poll(() => preview.getByText(orderName, { exact: false }).count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(await preview.getByText(lotCode, { exact: false }).count()).toBeGreaterThan(0);
    await screenshot(page, "recall-draft");
  }, 120_000);

  it("sends the recall and follows the progress to 100 %", async () => {
    await app().getByRole("button", { name: "Send recall" }).click();
    await expect
      .poll(() => app().getByText("The notice goes to 1 customer by email.", { exact: false }).count())
      .toBe(1);
    await app().getByRole("button", { name: "Send now" }).click();

    // The page polls while the notices go out; no reload.
    await expect
      .poll(() => app().getByText("Sending done: 1 of 1 notices handled (100 %)").count(), {
        timeout: 90_000,
        interval: 500,
      })
      .toBe(1);
    expect(await app().locator('[data-figure="Sent"]').textContent()).toBe("1 (100 %)");
    await screenshot(page, "recall-sent");
  }, 120_000);

  it("acknowledges the notice from the link in the .eml, and the dashboard counts it", async () => {
    await expect.poll(async () => (await outboxFiles()).length, { timeout: 30_000 }).toBe(1);
    const [file] = await outboxFiles();
    const mail = readableMail(await readFile(file, "utf8"));
    expect(mail).toContain(`To: ${customerEmail}`);
    const link = /https?:\/\/[^\s"'<>]+\/recall\/ack\/[A-Za-z0-9._~%-]+/.exec(mail)?.[0];
    expect(link).toBeDefined();

    const customer = await page.context().newPage();
    await customer.goto(link!);
    await customer.getByLabel("I have received this notice").check();
    await customer.getByRole("button", { name: "Confirm" }).click();
    await expect
      .poll(() => customer.getByText("your confirmation has been recorded", { exact: false }).count())
      .toBe(1);
    await customer.close();

    await page.locator("#app-nav").getByRole("link", { name: "Recalls", exact: true }).click();
    const row = app().locator("tr", { hasText: "Lavender soap: possible contamination" });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    await app().getByRole("link", { name: "#1" }).click();
    await expect
      .poll(() => app().locator('[data-figure="Acknowledged"]').textContent(), { timeout: 30_000 })
      .toBe("1 (100 %)");
    await screenshot(page, "recall-acknowledged");
  }, 90_000);
});
