// Flow's trigger lifecycle callback at POST /flow/lifecycle: it records whether the shop has an
// enabled workflow using each trigger; late callbacks, forged ones and shops without Lotline change nothing.
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { action } from "../../app/routes/flow.lifecycle";
import { answerOf, flowRequest, lifecycleCallback } from "../support/flow-factories";
import { setUpInProcessShopify, shopify } from "../support/in-process-shopify";
import { shopWithLotline } from "../support/write-back-factories";

setUpInProcessShopify();

function post(body: unknown, secret?: string) {
  return answerOf(() => action({ request: flowRequest("/flow/lifecycle", body, secret), params: {}, context: {} }));
}

async function subscriptionOf(shopId: string, handle: string) {
  return db().flowTriggerSubscription.findUnique({
    where: { shopId_handle: { shopId, handle } },
    select: { enabled: true, reportedAt: true },
  });
}

describe("the Flow trigger lifecycle callback", () => {
  it("records that the shop turned on, then off, a workflow using a trigger", async () => {
    const shop = await shopWithLotline(shopify);

    const on = await post(
      lifecycleCallback(shop.domain, { handle: "lot-expiring-soon", enabled: true, timestamp: "2026-11-20T10:00:00Z" }),
    );
    expect(on.status).toBe(200);
    expect(await subscriptionOf(shop.shopId, "lot-expiring-soon")).toEqual({
      enabled: true,
      reportedAt: new Date("2026-11-20T10:00:00Z"),
    });

    await post(
      lifecycleCallback(shop.domain, {
        handle: "lot-expiring-soon",
        enabled: false,
        timestamp: "2026-11-20T11:00:00Z",
      }),
    );
    expect(await subscriptionOf(shop.shopId, "lot-expiring-soon")).toMatchObject({ enabled: false });
    expect(await subscriptionOf(shop.shopId, "lot-recalled")).toBeNull();
  });

  it("ignores a callback older than the one already applied", async () => {
    const shop = await shopWithLotline(shopify);
    await post(
      lifecycleCallback(shop.domain, { handle: "lot-recalled", enabled: false, timestamp: "2026-11-20T12:00:00Z" }),
    );

    const late = await post(
      lifecycleCallback(shop.domain, { handle: "lot-recalled", enabled: true, timestamp: "2026-11-20T09:00:00Z" }),
    );

    expect(late).toEqual({ status: 200, body: { outcome: "stale" } });
    expect(await subscriptionOf(shop.shopId, "lot-recalled")).toEqual({
      enabled: false,
      reportedAt: new Date("2026-11-20T12:00:00Z"),
    });
  });

  it("records a callback that names the trigger by its title, as Flow's docs show", async () => {
    const shop = await shopWithLotline(shopify);

    const answer = await post(
      lifecycleCallback(shop.domain, { handle: "Lot recalled", enabled: true, timestamp: "2026-11-20T10:00:00Z" }),
    );

    expect(answer).toEqual({ status: 200, body: { outcome: "applied" } });
    expect(await subscriptionOf(shop.shopId, "lot-recalled")).toMatchObject({ enabled: true });
  });

  it("refuses a callback not signed with the app's secret and stores nothing", async () => {
    const shop = await shopWithLotline(shopify);

    const forged = await post(
      lifecycleCallback(shop.domain, { handle: "lot-recalled", enabled: true, timestamp: "2026-11-20T10:00:00Z" }),
      "not-the-app-secret",
    );

    expect(forged.status).toBe(401);
    expect(await subscriptionOf(shop.shopId, "lot-recalled")).toBeNull();
  });

  it("answers a forged callback 401 even for a shop without Lotline, so it cannot probe which shops use it", async () => {
    const stored = await db().flowTriggerSubscription.count();

    const forged = await post(
      lifecycleCallback("never-installed.myshopify.com", {
        handle: "lot-recalled",
        enabled: true,
        timestamp: "2026-11-20T10:00:00Z",
      }),
      "not-the-app-secret",
    );

    expect(forged.status).toBe(401);
    expect(forged.body).toEqual({ error: expect.stringContaining("not signed by Shopify Flow") });
    expect(await db().flowTriggerSubscription.count()).toBe(stored);
  });

  it("answers 200 for a shop without Lotline, storing nothing, so Flow never blocks the merchant", async () => {
    const answer = await post(
      lifecycleCallback("never-installed.myshopify.com", {
        handle: "lot-recalled",
        enabled: true,
        timestamp: "2026-11-20T10:00:00Z",
      }),
    );

    expect(answer).toEqual({ status: 200, body: { outcome: "unknown_shop" } });
    expect(
      await db().flowTriggerSubscription.count({ where: { shop: { domain: "never-installed.myshopify.com" } } }),
    ).toBe(0);
  });

  it("answers a malformed callback with 400 and what it must hold", async () => {
    const shop = await shopWithLotline(shopify);

    const answer = await post({ shopify_domain: shop.domain, has_enabled_flow: "yes" });

    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: expect.stringContaining("has_enabled_flow (boolean)") });
  });
});
