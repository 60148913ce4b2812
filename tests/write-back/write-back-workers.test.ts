// The write-back as the workers run it: a THROTTLED answer puts the job back in the queue for
// later without spending an attempt, and a refusal that cannot change fails it at once, visibly.
import type { Job } from "bullmq";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../../app/db.server";
import { enqueue, getQueue } from "../../app/jobs/queues.server";
import { redirectAdminFetch } from "../../simulator/admin-fetch-redirect";
import { type SimulatedShopify, startSimulatedShopify } from "../../simulator/server";
import { createStore } from "../../simulator/store/store";
import { type RunningWorkers, startWorkers } from "../../workers/runtime";
import { TEST_API_KEY, TEST_API_SECRET } from "../support/test-env";
import { createLot, placeAllocatedOrder, shopWithLotline, spendRateLimit } from "../support/write-back-factories";

let stoppedAt: number | null = null;
const store = createStore({ clock: () => stoppedAt ?? Date.now() });
let shopify: SimulatedShopify;
let running: RunningWorkers | null = null;

beforeAll(async () => {
  shopify = await startSimulatedShopify({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, store, webhookTopics: [] });
  await import("../../app/shopify.server");
  redirectAdminFetch(shopify.url);
});

afterAll(async () => {
  await shopify?.close();
});

beforeEach(async () => {
  stoppedAt = null;
  vi.spyOn(console, "log").mockImplementation(() => {});
  await getQueue("shopify-writeback").obliterate({ force: true });
});

afterEach(async () => {
  await running?.close(5_000);
  running = null;
  await getQueue("shopify-writeback").obliterate({ force: true });
  await getQueue("maintenance").obliterate({ force: true });
});

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}; last saw ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function jobState(job: Job) {
  // State first: a job read before it finished could otherwise be paired with its final state.
  const state = await getQueue("shopify-writeback").getJobState(job.id!);
  const fresh = await getQueue("shopify-writeback").getJob(job.id!);
  return { state, attemptsMade: fresh?.attemptsMade, failedReason: fresh?.failedReason };
}

describe("order write-back jobs", () => {
  it("are delayed, not failed, while Shopify is THROTTLING, and write the order once it lets up", async () => {
    const shop = await shopWithLotline(shopify);
    const lot = await createLot(db(), shop, { code: "SOAP-T1" });
    const { order, placed, pending } = await placeAllocatedOrder(db(), shopify, shop, {
      lines: [{ quantity: 1, allocations: [{ lotId: lot.id, quantity: 1 }] }],
    });
    stoppedAt = Date.now();
    spendRateLimit(store, shop);
    running = await startWorkers({ concurrency: 2 });

    const job = await enqueue("orders.write-back", pending);
    // Throttled at least once: the job is back in the queue, delayed, with no attempt spent.
    const delayed = await until(
      "the job to be delayed",
      () => jobState(job),
      (seen) => seen.state === "delayed",
    );
    expect(delayed).toMatchObject({ attemptsMade: 0, failedReason: undefined });
    expect((await db().orderRef.findUniqueOrThrow({ where: { id: order.id } })).writeBackError).toBeNull();

    stoppedAt = null;
    const written = await until(
      "the order to be written",
      () => db().orderRef.findUniqueOrThrow({ where: { id: order.id } }),
      (row) => row.writtenBackVersion === pending.version,
    );
    expect(written.writeBackError).toBeNull();
    expect(shopify.store.shops.get(shop.domain)!.orders.get(placed.id)!.tags).toEqual(["lot:SOAP-T1"]);
    const finished = await until(
      "the job to complete",
      () => jobState(job),
      (seen) => seen.state === "completed",
    );
    expect(finished.failedReason).toBeUndefined();
  });

  it("fail at once, without retries, when Shopify refuses Lotline's access, and the order says why", async () => {
    const shop = await shopWithLotline(shopify);
    const lot = await createLot(db(), shop);
    const { order, pending } = await placeAllocatedOrder(db(), shopify, shop, {
      lines: [{ quantity: 1, allocations: [{ lotId: lot.id, quantity: 1 }] }],
    });
    shopify.uninstallApp(shop.domain);
    running = await startWorkers({ concurrency: 2 });

    const job = await enqueue("orders.write-back", pending);

    const failed = await until(
      "the job to fail",
      () => jobState(job),
      (seen) => seen.state === "failed",
    );
    expect(failed).toMatchObject({ attemptsMade: 1, failedReason: expect.stringMatching(/reinstall/) });
    expect(await db().orderRef.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      writtenBackVersion: 0,
      writeBackError: expect.stringMatching(/Shopify refused Lotline's access token \(HTTP 401\)/),
    });
  });
});
