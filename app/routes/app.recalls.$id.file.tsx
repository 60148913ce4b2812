// GET /app/recalls/:id/file?format=csv|pdf — the recall file for the authorities: every affected
// customer and order with lots, units, notice status and acknowledgement. CSV streams; PDF has a
// header describing the recall and the same list, paginated.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticateAdmin } from "../auth.server";
import { db } from "../db.server";
import { recallFileName } from "../recalls/recall-file";
import { describeRecallFile, renderRecallPdf, streamRecallCsv } from "../recalls/recall-file.server";
import { AppError, httpStatus } from "../utils/errors";

const paramsSchema = z.object({ id: z.uuid() });
const querySchema = z.object({ format: z.enum(["csv", "pdf"]).catch("csv") });
const NOT_FOUND = "This recall does not exist in your shop.";

function text(message: string, status: number) {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const id = paramsSchema.safeParse(params);
  if (!id.success) return text(NOT_FOUND, 404);
  const { format } = querySchema.parse({ format: new URL(request.url).searchParams.get("format") ?? undefined });
  const headers = (type: string, number: number) => ({
    "Content-Type": type,
    "Content-Disposition": `attachment; filename="${recallFileName(number, new Date(), format)}"`,
    "Cache-Control": "private, no-store",
  });
  try {
    // Checked before the first byte, so another shop's recall is a 404 and not a broken download.
    const { number } = await describeRecallFile(db(), shop.id, id.data.id);
    if (format === "pdf") {
      const pdf = await renderRecallPdf(db(), shop.id, id.data.id);
      return new Response(new Uint8Array(pdf), { status: 200, headers: headers("application/pdf", number) });
    }
    return new Response(streamRecallCsv(db(), shop.id, id.data.id), {
      status: 200,
      headers: headers("text/csv; charset=utf-8", number),
    });
  } catch (error) {
    if (error instanceof AppError) return text(error.message, httpStatus(error));
    throw error;
  }
};
