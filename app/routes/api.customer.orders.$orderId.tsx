// GET /api/customer/orders/:orderId — the recalls touching the signed-in customer's own order, for
// the order status block in customer accounts (CustomerOrderRecallsResponse).
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { answerCustomerExtension } from "../extension-api/customer-auth.server";
import { retrieveCustomerOrderRecalls } from "../extension-api/customer-recalls.server";
import { methodNotAllowed } from "../extension-api/extension-answer.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  answerCustomerExtension(request, async (customer) =>
    json(await retrieveCustomerOrderRecalls(db(), { ...customer, orderId: params.orderId ?? "" })),
  );

export const action = ({ request }: ActionFunctionArgs) =>
  answerCustomerExtension(request, async () => methodNotAllowed("GET"));
