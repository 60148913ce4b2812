// The admin order block's data: GET /api/admin/orders/:orderId (the numeric Shopify order id).
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { loadOrderLots, orderGid } from "../extension-api/admin-orders.server";
import { answerAdminExtension } from "../extension-api/admin-request.server";
import { methodNotAllowed } from "../extension-api/extension-answer.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  answerAdminExtension(request, async ({ shop }) => json(await loadOrderLots(db(), shop.id, orderGid(params.orderId))));

export const action = ({ request }: ActionFunctionArgs) =>
  answerAdminExtension(request, async () => methodNotAllowed("GET"));
