// A browser test's world: the demo stack (simulated Shopify, admin shell, the real app in
// production mode) and a fresh Chromium page, started before the file's tests and stopped
// after. The run's global setup has already built the app.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FrameLocator, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { type DemoStack, startDemoStack } from "../../simulator/demo/stack";
import { launchBrowser } from "./browser";
import { BROWSER_USER_AGENT } from "./simulated-app";

export interface DemoBrowser {
  stack: DemoStack;
  page: Page;
  /** The app's DATA_DIR (its outbox of .eml files when no SMTP_URL is set). */
  dataDir: string;
}

/**
 * `embeddedDatabase`: the app keeps its data in PGlite and runs its own workers, as the demo
 * does; otherwise it uses this test file's PostgreSQL database and starts no workers.
 */
export function setUpDemoInBrowser(options: { embeddedDatabase: boolean; afterStop?: () => Promise<unknown> }) {
  const demo = {} as DemoBrowser;
  let dataDir: string | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "lotline-browser-"));
    demo.dataDir = dataDir;
    demo.stack = await startDemoStack({
      dataDir,
      databaseUrl: options.embeddedDatabase ? undefined : process.env.DATABASE_URL,
      redisUrl: process.env.REDIS_URL,
      queuePrefix: process.env.QUEUE_PREFIX,
      build: false,
    });
    browser = await launchBrowser();
    demo.page = await browser.context.newPage();
  }, 180_000);

  afterAll(async () => {
    await options.afterStop?.();
    await browser?.close();
    await demo.stack?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  return demo;
}

/** The embedded app inside the simulated admin page. */
export function appFrame(page: Page): FrameLocator {
  return page.frameLocator("#app-frame");
}

/** The demo shop as the simulated store holds it. */
export function demoShopState(stack: DemoStack) {
  const state = stack.simulator.store.shops.get(stack.shopDomain);
  if (!state) throw new Error(`The simulated store has no shop ${stack.shopDomain}`);
  return state;
}

/** The seeded Lavender Oat Soap bar and the Workshop, where lots are received and orders ship from. */
export function soapAtWorkshop(stack: DemoStack) {
  const state = demoShopState(stack);
  const variant = state.variants.get(stack.seeded.variantIds[0])!;
  const workshop = [...state.locations.values()].find((location) => location.name === "Workshop")!;
  return { variant, workshopId: workshop.id };
}

/** Receives 12 soap bars at the Workshop through the Receive page's action; answers the new lot's code. */
export async function receiveSoapAtWorkshop(stack: DemoStack, expiresAt: string): Promise<string> {
  const { variant, workshopId } = soapAtWorkshop(stack);
  const response = await fetchAppData(
    stack,
    "/app/receive",
    "routes/app.receive",
    new URLSearchParams({
      locationId: workshopId,
      referenceType: "production_run",
      "lines[0].variantId": variant.id,
      "lines[0].quantity": "12",
      "lines[0].expiresAt": expiresAt,
      "lines[0].serialMode": "none",
    }),
  );
  // Remix answers a data request's redirect with 204 and where it goes.
  if (response.status !== 204 || !response.headers.get("X-Remix-Redirect")?.startsWith("/app/receipts/")) {
    throw new Error(`Receiving soap failed: HTTP ${response.status} ${await response.text()}`);
  }
  const { lots } = await (
    await fetchAppData(stack, `/app/lots?q=${encodeURIComponent(variant.sku!)}`, "routes/app.lots._index")
  ).json();
  const lot = lots.find((candidate: { expiresAt: string }) => candidate.expiresAt === expiresAt);
  if (!lot) throw new Error(`No lot of ${variant.sku} expiring ${expiresAt} after receiving`);
  return lot.code;
}

/** A page's data as App Bridge fetches it: the route's loader or action with a fresh session token. */
export function fetchAppData(stack: DemoStack, pathname: string, route: string, body?: URLSearchParams) {
  const separator = pathname.includes("?") ? "&" : "?";
  return fetch(`${stack.appUrl}${pathname}${separator}_data=${encodeURIComponent(route)}`, {
    method: body ? "POST" : "GET",
    body,
    headers: {
      Authorization: `Bearer ${stack.simulator.mintSessionToken(stack.shopDomain)}`,
      "User-Agent": BROWSER_USER_AGENT,
    },
  });
}

/** Waits until Lotline lists the order (by name) with `status`; answers its id in Lotline. */
export async function waitForOrderStatus(stack: DemoStack, orderName: string, status: string): Promise<string> {
  let orderId = "";
  await expect
    .poll(
      async () => {
        const list = await (
          await fetchAppData(stack, `/app/orders?q=${encodeURIComponent(orderName)}`, "routes/app.orders._index")
        ).json();
        const row = list.orders?.find((candidate: { name: string }) => candidate.name === orderName);
        if (row) orderId = row.id;
        return row?.status ?? null;
      },
      { timeout: 60_000, interval: 500 },
    )
    .toBe(status);
  return orderId;
}

/** Waits until the order's first line shows `units` shipped in Lotline. */
export async function waitForShippedUnits(stack: DemoStack, orderId: string, units: number): Promise<void> {
  await expect
    .poll(
      async () =>
        (await (await fetchAppData(stack, `/app/orders/${orderId}`, "routes/app.orders.$id")).json()).lines?.[0]
          ?.shipped ?? null,
      { timeout: 60_000, interval: 500 },
    )
    .toBe(units);
}
