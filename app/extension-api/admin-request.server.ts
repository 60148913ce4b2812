// How the API routes of the admin UI extensions answer. The staff member's session token is
// checked by Shopify's library (which also answers the CORS preflight); every answer after that —
// data, refusal or error — is JSON, never cached, with the CORS headers the extension's origin
// needs to read it.
import { json } from "@remix-run/node";
import { authenticateAdmin } from "../auth.server";
import { errorResponse } from "../utils/responses.server";

export type AdminExtensionContext = Awaited<ReturnType<typeof authenticateAdmin>>;

const SIGN_IN_AGAIN = "Your Shopify session could not be verified. Reload the page in the Shopify admin and try again.";

/** Authenticates, runs `handle`, and answers with CORS headers whatever happens. */
export async function answerAdminExtension(
  request: Request,
  handle: (context: AdminExtensionContext) => Promise<Response>,
): Promise<Response> {
  let context: AdminExtensionContext;
  try {
    context = await authenticateAdmin(request);
  } catch (thrown) {
    if (thrown instanceof Response) return refusal(thrown);
    throw thrown;
  }
  let response: Response;
  try {
    response = await handle(context);
  } catch (error) {
    response =
      error instanceof BadRequest
        ? json({ ok: false, message: error.message, fields: {} }, { status: error.status })
        : errorResponse(error, { ok: false });
  }
  response.headers.set("Cache-Control", "no-store");
  return context.cors(response);
}

/**
 * What authentication threw, as the extension can use it. The preflight passes as it is. A request
 * without a token is sent to the login page by the library, which a fetch cannot follow: it becomes
 * 401. Refusals keep their status and CORS headers and carry their message as JSON.
 */
async function refusal(thrown: Response): Promise<Response> {
  if (thrown.status < 300) return thrown;
  const redirected = thrown.status < 400;
  const status = redirected ? 401 : thrown.status;
  const text = redirected ? "" : (await thrown.text()).trim();
  const message = text || (status === 401 ? SIGN_IN_AGAIN : `The request was refused (HTTP ${status}).`);
  const headers = new Headers(thrown.headers);
  for (const name of ["Location", "Content-Type", "Content-Length"]) headers.delete(name);
  headers.set("Cache-Control", "no-store");
  return json({ ok: false, message, fields: {} }, { status, headers });
}

// A re-allocation or a full list of serial numbers (1,000 × 64 characters) is far smaller.
const MAX_BODY_BYTES = 256 * 1024;

/** The JSON body; a body that is not JSON is answered 400, one over the size limit 413. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const tooLarge = new BadRequest("The request is too large to be a change to one order line.", 413);
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) throw tooLarge;
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw tooLarge;
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequest("The request body is not valid JSON.");
  }
}

/** Input the route cannot read at all (not JSON, wrong shape, too large), unlike checked fields (422). */
export class BadRequest extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413 = 400,
  ) {
    super(message);
    this.name = "BadRequest";
  }
}

/** The answer to a method the route does not take (the preflight is answered before this). */
export function methodNotAllowed(allowed: "GET" | "POST"): Response {
  return json(
    { ok: false, message: `This address only answers ${allowed} requests.`, fields: {} },
    { status: 405, headers: { Allow: allowed } },
  );
}
