// GET /api/customer/orders/:orderId — the recalls touching the signed-in customer's own order, for
// the order status block in customer accounts (CustomerOrderRecallsResponse).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { authenticateCustomerRequest, respondWithError } from "../extension-api/customer-auth.server";
import { retrieveCustomerOrderRecalls } from "../extension-api/customer-recalls.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const customer = await authenticateCustomerRequest(request);
  try {
    const recalls = await retrieveCustomerOrderRecalls(db(), { ...customer, orderId: params.orderId ?? "" });
    return customer.respond(recalls);
  } catch (error) {
    return respondWithError(customer, error);
  }
};
