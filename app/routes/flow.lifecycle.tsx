// POST /flow/lifecycle — Shopify Flow's trigger lifecycle callback: whether a shop has an enabled
// workflow using one of Lotline's triggers. Answered 200 whenever the request is genuine, since any
// other answer stops the merchant from turning the workflow on.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { db } from "../db.server";
import { authenticateFlowRequest, badFlowRequest } from "../flow/flow-request.server";
import { recordTriggerLifecycle } from "../flow/subscriptions.server";
import { triggerHandleOf } from "../flow/trigger-handles";

const callbackSchema = z.object({
  flow_trigger_definition_id: z.string().min(1),
  has_enabled_flow: z.boolean(),
  shopify_domain: z.string().min(1),
  timestamp: z.iso.datetime({ offset: true }),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const flow = await authenticateFlowRequest(request);
  if (flow.kind === "unknown_shop") return Response.json({ outcome: "unknown_shop" });
  const parsed = callbackSchema.safeParse(flow.payload);
  if (!parsed.success) {
    return badFlowRequest(
      "A lifecycle callback needs flow_trigger_definition_id, has_enabled_flow (boolean), shopify_domain and an ISO 8601 timestamp.",
    );
  }
  const callback = parsed.data;
  const handle = triggerHandleOf(callback.flow_trigger_definition_id);
  // A trigger Lotline does not know is nothing to track, and no reason to block the merchant.
  if (!handle) return Response.json({ outcome: "unknown_trigger" });
  const outcome = await recordTriggerLifecycle(db(), {
    shopDomain: callback.shopify_domain,
    handle,
    enabled: callback.has_enabled_flow,
    reportedAt: new Date(callback.timestamp),
  });
  return Response.json({ outcome });
};
