// The lots one order line could take instead, for the admin order action's re-allocate form:
// GET /api/admin/orders/:orderId/lines/:lineId/lots.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { loadLineLotOptions, orderGid } from "../extension-api/admin-orders.server";
import { answerAdminExtension } from "../extension-api/admin-request.server";
import { methodNotAllowed } from "../extension-api/extension-answer.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  answerAdminExtension(request, async ({ shop, admin }) =>
    json(
      await loadLineLotOptions(db(), {
        shopId: shop.id,
        shopifyOrderId: orderGid(params.orderId),
        lineId: params.lineId,
        graphql: admin.graphql,
      }),
    ),
  );

export const action = ({ request }: ActionFunctionArgs) =>
  answerAdminExtension(request, async () => methodNotAllowed("GET"));
