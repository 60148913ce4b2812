// POST /flow/actions/allocate-lots — Shopify Flow runs the "Allocate lots for order" action:
// queue the order's re-allocation and answer at once (Flow waits only seconds, retries on 5xx).
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { db } from "../db.server";
import { requestOrderAllocation } from "../flow/allocate-lots-action.server";
import { authenticateFlowRequest, badFlowRequest } from "../flow/flow-request.server";
import { enqueue } from "../jobs/queues.server";
import { AppError, httpStatus } from "../utils/errors";

const actionSchema = z.object({
  shopify_domain: z.string().min(1),
  action_run_id: z.string().min(1).optional(),
  properties: z.object({
    // The order_reference field: Flow sends the order's numeric id.
    order_id: z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]),
  }),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const flow = await authenticateFlowRequest(request);
  if (flow.kind === "unknown_shop") {
    return Response.json({ error: `Lotline is not installed on ${flow.shopDomain}.` }, { status: 404 });
  }
  const parsed = actionSchema.safeParse(flow.payload);
  if (!parsed.success) {
    return badFlowRequest("The action needs shopify_domain and properties.order_id (the order's numeric id).");
  }
  try {
    const { orderId } = await requestOrderAllocation(
      db(),
      {
        shopDomain: parsed.data.shopify_domain,
        orderId: parsed.data.properties.order_id,
        runId: parsed.data.action_run_id ?? null,
      },
      (payload, options) => enqueue("orders.sync", payload, options),
    );
    return Response.json({ queued: orderId });
  } catch (error) {
    if (error instanceof AppError) return Response.json({ error: error.message }, { status: httpStatus(error) });
    throw error;
  }
};
