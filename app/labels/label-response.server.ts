// How the label routes answer: the PDF inline (the browser's viewer opens it, ready to print), or
// a plain-text message with the status of what went wrong.
import { AppError, httpStatus } from "../utils/errors";

export function pdfResponse(pdf: Uint8Array, filename: string): Response {
  return new Response(new Uint8Array(pdf), {
    status: 200,
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${filename}"`,
      "Content-Length": String(pdf.byteLength),
      "Cache-Control": "private, no-store",
    },
  });
}

export function textResponse(message: string, status: number): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** An AppError as its status and message; anything else is a bug and propagates. */
export function labelErrorResponse(error: unknown): Response {
  if (error instanceof AppError) return textResponse(error.message, httpStatus(error));
  throw error;
}
