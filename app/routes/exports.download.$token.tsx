// The public download of an export file: the signed link from the Exports page works without a
// Shopify login (it is shared with a retailer or an inspector) until the file expires.
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { retrieveExportDownload } from "../exports/exports.server";

const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  json: "application/ld+json; charset=utf-8",
} as const;

function polite(status: 404 | 410, message: string): Response {
  return new Response(message, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** RFC 6266: an ASCII fallback plus the exact UTF-8 name. */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const loader = async ({ params }: LoaderFunctionArgs) => {
  const download = await retrieveExportDownload(db(), params.token ?? "");
  if (download.state !== "ok") {
    return download.state === "expired"
      ? polite(410, "This export has expired: files are kept for 7 days. Build it again from Lotline's Exports page.")
      : polite(404, "This download link is not valid. Open Lotline's Exports page for a current link.");
  }
  const body = Readable.toWeb(createReadStream(download.filePath)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": CONTENT_TYPES[download.format],
      "Content-Length": String(download.byteSize),
      "Content-Disposition": attachment(download.fileName),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
};
