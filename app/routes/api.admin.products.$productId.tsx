// The admin product block's data: GET /api/admin/products/:productId (the numeric Shopify product id).
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { loadProductLots, productGid } from "../extension-api/admin-products.server";
import { answerAdminExtension } from "../extension-api/admin-request.server";
import { methodNotAllowed } from "../extension-api/extension-answer.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  answerAdminExtension(request, async ({ shop, admin }) =>
    json(
      await loadProductLots(db(), { shopId: shop.id, productId: productGid(params.productId), graphql: admin.graphql }),
    ),
  );

export const action = ({ request }: ActionFunctionArgs) =>
  answerAdminExtension(request, async () => methodNotAllowed("GET"));
