// Shopify Flow's side of the conversation, for tests: requests signed as Flow signs them (HMAC of
// the body with the app's secret) and the shop's trigger subscriptions as lifecycle callbacks set them.
import { createHmac } from "node:crypto";
import type { Db } from "../../app/db.server";
import type { TriggerHandle } from "../../app/flow/trigger-handles";
import { TEST_API_SECRET, TEST_APP_URL } from "./test-env";

export function flowRequest(path: string, body: unknown, secret: string = TEST_API_SECRET): Request {
  const raw = JSON.stringify(body);
  return new Request(`${TEST_APP_URL}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Hmac-Sha256": createHmac("sha256", secret).update(raw, "utf8").digest("base64"),
    },
    body: raw,
  });
}

export function lifecycleCallback(
  shopDomain: string,
  input: { handle: string; enabled: boolean; timestamp: string },
): Record<string, unknown> {
  return {
    flow_trigger_definition_id: input.handle,
    has_enabled_flow: input.enabled,
    shop_id: 690933842,
    shopify_domain: shopDomain,
    timestamp: input.timestamp,
  };
}

/** The shop's subscription as a lifecycle callback would leave it. */
export async function subscribeToTrigger(db: Db, shopId: string, handle: TriggerHandle, enabled = true) {
  await db.flowTriggerSubscription.upsert({
    where: { shopId_handle: { shopId, handle } },
    create: { shopId, handle, enabled, reportedAt: new Date("2026-11-01T00:00:00Z") },
    update: { enabled },
  });
}

/** The route's answer, whether it returned or threw a Response. */
export async function answerOf(run: () => Promise<Response>): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await run();
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    response = thrown;
  }
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
