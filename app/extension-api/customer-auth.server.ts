// How the customer account API routes authenticate and answer: Shopify's customer account session
// token (sub = the signed-in customer, dest = the shop), CORS on every answer — refusals too, or
// the extension's browser hides them — and nothing cached.
import { json } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { AppError, httpStatus } from "../utils/errors";

export interface CustomerRequest {
  shopDomain: string;
  /** gid://shopify/Customer/<n>; null when no customer is signed in. */
  customerId: string | null;
  /** A JSON answer with CORS and no-store. */
  respond(body: unknown, status?: number): Response;
}

const NO_STORE = { "Cache-Control": "no-store" };

export async function authenticateCustomerRequest(request: Request): Promise<CustomerRequest> {
  let context: Awaited<ReturnType<typeof authenticate.public.customerAccount>>;
  try {
    context = await authenticate.public.customerAccount(request);
  } catch (thrown) {
    // The preflight answer already carries CORS; the library's 401s do not.
    if (thrown instanceof Response && !thrown.headers.has("Access-Control-Allow-Origin")) {
      throw withCors(thrown);
    }
    throw thrown;
  }
  const { sessionToken, cors } = context;
  return {
    shopDomain: shopDomainOf(sessionToken.dest),
    customerId:
      typeof sessionToken.sub === "string" && sessionToken.sub.startsWith("gid://shopify/Customer/")
        ? sessionToken.sub
        : null,
    respond: (body, status = 200) => cors(json(body, { status, headers: NO_STORE })),
  };
}

/** An AppError as its status and message (with `extra` fields of the route's answer shape). */
export function respondWithError(
  customer: CustomerRequest,
  error: unknown,
  extra: Record<string, unknown> = {},
): Response {
  if (error instanceof AppError) return customer.respond({ ...extra, message: error.message }, httpStatus(error));
  throw error;
}

/** `dest` is the shop's domain, with or without a scheme depending on the surface. */
function shopDomainOf(dest: string): string {
  return dest.includes("://") ? new URL(dest).hostname : dest;
}

function withCors(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set("Access-Control-Allow-Origin", "*");
  headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
  headers.set("Cache-Control", "no-store");
  if (response.status !== 401) return new Response(response.body, { status: response.status, headers });
  // The library's 401 has no body; the block shows this message.
  headers.set("Content-Type", "application/json");
  const body = JSON.stringify({ message: "Sign in to your account again to see this order's recall notices." });
  return new Response(body, { status: 401, headers });
}
