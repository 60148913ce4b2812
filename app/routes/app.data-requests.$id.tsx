// GET /app/data-requests/:id — one customers/data_request result of this shop, as a JSON file.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticateAdmin } from "../auth.server";
import { dataRequestDocument, retrieveCustomerDataRequest } from "../compliance/data-requests.server";
import { db } from "../db.server";
import { throwAsResponse } from "../utils/responses.server";

const paramsSchema = z.object({ id: z.uuid() });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) return new Response("This customer data request does not exist in your shop.", { status: 404 });
  try {
    const row = await retrieveCustomerDataRequest(db(), shop.id, parsed.data.id);
    return new Response(JSON.stringify(dataRequestDocument(row), null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="customer-data-request-${row.id}.json"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    throwAsResponse(error);
  }
};
