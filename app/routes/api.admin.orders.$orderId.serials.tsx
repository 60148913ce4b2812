// Serial numbers for one serial-tracked line of an order, from the admin order action:
// POST /api/admin/orders/:orderId/serials (JSON SerialsRequest).
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { enterSerialsFromExtension, orderGid } from "../extension-api/admin-orders.server";
import { answerAdminExtension, readJsonBody } from "../extension-api/admin-request.server";
import { methodNotAllowed } from "../extension-api/extension-answer.server";

export const action = ({ request, params }: ActionFunctionArgs) =>
  answerAdminExtension(request, async ({ shop, actor }) => {
    if (request.method !== "POST") return methodNotAllowed("POST");
    const shopifyOrderId = orderGid(params.orderId);
    const body = await readJsonBody(request);
    return json(await enterSerialsFromExtension(db(), { shopId: shop.id, shopifyOrderId, body, actor }));
  });

// The CORS preflight (OPTIONS) of a resource route reaches its loader.
export const loader = ({ request }: LoaderFunctionArgs) =>
  answerAdminExtension(request, async () => methodNotAllowed("POST"));
