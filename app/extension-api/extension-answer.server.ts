// How every API route a UI extension calls answers. Shopify's library checks the session token
// (and answers the CORS preflight); every answer after that — data, refusal or failure, a crash
// included — is JSON, never cached, with the CORS headers the extension's origin needs to read
// it: without them the browser hides the answer and the extension can only say it got none.
import { json } from "@remix-run/node";
import { ShopifyUnavailableError } from "../shopify/admin-graphql.server";
import { AppError } from "../utils/errors";
import { logger } from "../utils/logger.server";
import { errorResponse } from "../utils/responses.server";

/** Who may call a family of routes: how Shopify's library authenticates its requests. */
export interface ExtensionAudience<Context> {
  /** The caller, and how to add CORS headers to an answer; throws a Response to refuse or answer a preflight. */
  authenticate(request: Request): Promise<{ context: Context; cors: (response: Response) => Response }>;
  /** What a caller without a valid session is told. */
  signInAgain: string;
}

export interface AnswerOptions {
  /** Fields of the route's answer shape every failure carries too (e.g. acknowledgedAt: null). */
  failure?: Record<string, unknown>;
}

const SERVER_PROBLEM = "Lotline had a problem answering. Try again in a moment.";

/** Answers the requests of one audience: authenticates, runs `handle`, adds CORS whatever happens. */
export function extensionAnswerer<Context>(audience: ExtensionAudience<Context>) {
  return (request: Request, handle: (context: Context) => Promise<Response>, options: AnswerOptions = {}) =>
    answerExtension(request, audience, handle, options);
}

async function answerExtension<Context>(
  request: Request,
  audience: ExtensionAudience<Context>,
  handle: (context: Context) => Promise<Response>,
  options: AnswerOptions,
): Promise<Response> {
  const failure = { ...options.failure, ok: false };
  let authenticated: Awaited<ReturnType<ExtensionAudience<Context>["authenticate"]>>;
  try {
    authenticated = await audience.authenticate(request);
  } catch (thrown) {
    const response =
      thrown instanceof Response
        ? await refusal(thrown, audience.signInAgain, failure)
        : serverProblem(thrown, request, failure);
    return withFallbackCors(response);
  }
  let response: Response;
  try {
    response = await handle(authenticated.context);
  } catch (error) {
    response = failureResponse(error, request, failure);
  }
  response.headers.set("Cache-Control", "no-store");
  return authenticated.cors(response);
}

/** Input the route cannot read at all (not JSON, wrong shape, too large, wrong method), unlike checked fields (422). */
export class BadRequest extends Error {
  constructor(
    message: string,
    readonly status: 400 | 405 | 413 = 400,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "BadRequest";
  }
}

/** Refuses a method the route does not take (the preflight is answered before this). */
export function methodNotAllowed(allowed: "GET" | "POST"): never {
  throw new BadRequest(`This address only answers ${allowed} requests.`, 405, { Allow: allowed });
}

function failureResponse(error: unknown, request: Request, failure: Record<string, unknown>): Response {
  if (error instanceof BadRequest) {
    return json({ ...failure, message: error.message, fields: {} }, { status: error.status, headers: error.headers });
  }
  if (error instanceof AppError || error instanceof ShopifyUnavailableError) return errorResponse(error, failure);
  return serverProblem(error, request, failure);
}

/** A bug or an outage: logged for us, a message the caller can act on for them, never the details. */
function serverProblem(error: unknown, request: Request, failure: Record<string, unknown>): Response {
  logger.error({ err: error, method: request.method, path: new URL(request.url).pathname }, "extension API failed");
  return json({ ...failure, message: SERVER_PROBLEM, fields: {} }, { status: 500 });
}

/**
 * What authentication threw, as the extension can use it. The preflight passes as it is. A request
 * without a token is sent to the login page by the library, which a fetch cannot follow: it becomes
 * 401. Refusals keep their status and carry their message as JSON.
 */
async function refusal(thrown: Response, signInAgain: string, failure: Record<string, unknown>): Promise<Response> {
  if (thrown.status < 300) return thrown;
  const redirected = thrown.status < 400;
  const status = redirected ? 401 : thrown.status;
  const text = redirected ? "" : (await thrown.text()).trim();
  const message = text || (status === 401 ? signInAgain : `The request was refused (HTTP ${status}).`);
  const headers = new Headers(thrown.headers);
  for (const name of ["Location", "Content-Type", "Content-Length"]) headers.delete(name);
  return json({ ...failure, message, fields: {} }, { status, headers });
}

/** No caller context to add CORS from: the headers any extension origin needs, and no-store. */
function withFallbackCors(response: Response): Response {
  if (!response.headers.has("Access-Control-Allow-Origin")) {
    response.headers.set("Access-Control-Allow-Origin", "*");
    response.headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
  }
  if (response.status >= 300) response.headers.set("Cache-Control", "no-store");
  return response;
}
