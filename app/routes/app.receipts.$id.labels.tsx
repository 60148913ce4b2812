// GET /app/receipts/:id/labels?size=4x6|2x1|a4|letter&symbol=gs1-128|datamatrix|qr&serials=1 —
// the receipt's lot labels as a PDF.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticateAdmin } from "../auth.server";
import { db } from "../db.server";
import { parseLabelQuery } from "../labels/label-request";
import { labelErrorResponse, pdfResponse, textResponse } from "../labels/label-response.server";
import { renderReceiptLabels } from "../labels/labels.server";

const paramsSchema = z.object({ id: z.uuid() });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const id = paramsSchema.safeParse(params);
  if (!id.success) return textResponse("This receipt does not exist in your shop.", 404);
  const query = parseLabelQuery(new URL(request.url).searchParams);
  if (!query.ok) return textResponse(query.error, 400);
  try {
    const { pdf, filename } = await renderReceiptLabels(db(), shop.id, id.data.id, query.query);
    return pdfResponse(pdf, filename);
  } catch (error) {
    return labelErrorResponse(error);
  }
};
