// POST /api/customer/orders/:orderId/recalls/:recallId/acknowledge — "I have read this notice" from
// the order status block (CustomerAcknowledgeResponse); the first time is kept. OPTIONS is the
// browser's preflight, answered by the authentication.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { authenticateCustomerRequest, respondWithError } from "../extension-api/customer-auth.server";
import { acknowledgeCustomerRecall } from "../extension-api/customer-recalls.server";

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const customer = await authenticateCustomerRequest(request);
  if (request.method !== "POST") {
    return customer.respond({ ok: false, acknowledgedAt: null, message: "Send the acknowledgement with POST." }, 405);
  }
  try {
    const result = await acknowledgeCustomerRecall(db(), {
      ...customer,
      orderId: params.orderId ?? "",
      recallId: params.recallId ?? "",
    });
    return customer.respond(result);
  } catch (error) {
    return respondWithError(customer, error, { ok: false, acknowledgedAt: null });
  }
};

/** A preflight arrives as OPTIONS, which Remix hands to the loader. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const customer = await authenticateCustomerRequest(request);
  return customer.respond({ ok: false, acknowledgedAt: null, message: "Send the acknowledgement with POST." }, 405);
};
