// How routes answer a failure they can explain: an AppError becomes its status with the
// merchant's message and field errors; Shopify being unavailable becomes 503. Anything else
// is a bug and propagates (Remix logs it and shows the error page, never a stack trace).
import { json } from "@remix-run/node";
import { ShopifyUnavailableError } from "../shopify/admin-graphql.server";
import { AppError, httpStatus } from "./errors";

export function errorResponse<Extra extends Record<string, unknown>>(error: unknown, extra: Extra = {} as Extra) {
  if (error instanceof AppError) {
    return json({ ...extra, message: error.message, fields: error.fields }, { status: httpStatus(error) });
  }
  if (error instanceof ShopifyUnavailableError) {
    return json({ ...extra, message: `${error.message}. Try again in a moment.`, fields: {} }, { status: 503 });
  }
  throw error;
}

/** For loaders of pages: an AppError (say NOT_FOUND) becomes a thrown Response the route's boundary shows. */
export function throwAsResponse(error: unknown): never {
  if (error instanceof AppError) throw new Response(error.message, { status: httpStatus(error) });
  if (error instanceof ShopifyUnavailableError) {
    throw new Response(`${error.message}. Reload the page in a moment.`, { status: 503 });
  }
  throw error;
}
