// POST /api/customer/orders/:orderId/recalls/:recallId/acknowledge — "I have read this notice" from
// the order status block (CustomerAcknowledgeResponse); the first time is kept. OPTIONS is the
// browser's preflight, answered by the authentication.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { answerCustomerExtension } from "../extension-api/customer-auth.server";
import { acknowledgeCustomerRecall } from "../extension-api/customer-recalls.server";
import { methodNotAllowed } from "../extension-api/extension-answer.server";

// Failures keep the answer's shape: nothing was acknowledged.
const ACKNOWLEDGE = { failure: { acknowledgedAt: null } };

export const action = ({ request, params }: ActionFunctionArgs) =>
  answerCustomerExtension(
    request,
    async (customer) => {
      if (request.method !== "POST") methodNotAllowed("POST");
      return json(
        await acknowledgeCustomerRecall(db(), {
          ...customer,
          orderId: params.orderId ?? "",
          recallId: params.recallId ?? "",
        }),
      );
    },
    ACKNOWLEDGE,
  );

/** A preflight arrives as OPTIONS, which Remix hands to the loader. */
export const loader = ({ request }: LoaderFunctionArgs) =>
  answerCustomerExtension(request, async () => methodNotAllowed("POST"), ACKNOWLEDGE);
