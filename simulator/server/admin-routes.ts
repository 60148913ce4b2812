// The Shopify side the app reaches through its fetch redirect: each shop's Admin GraphQL
// endpoint and OAuth token endpoint, under /shops/<shop>/admin/... so that
// https://<shop>/admin/... maps onto this server by prefixing /shops/<shop>.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { executeAdminGraphql } from "../admin-api/execute";
import type { AppAccess } from "../auth/access-tokens";
import { answerTokenRequest } from "../auth/token-endpoint";
import type { Store } from "../store/store";
import { BodyError, decodeParams, readBody, sendJson } from "./http";

export const INVALID_TOKEN_ERROR = "[API] Invalid API key or access token (unrecognized login or wrong password)";
const ADMIN_PATH = /^\/shops\/([^/]+)\/admin\/(.*)$/;
const GRAPHQL_PATH = /^api\/([^/]+)\/graphql\.json$/;

export interface AdminRoutesDeps {
  store: Store;
  access: AppAccess;
  apiKey: string;
  apiSecret: string;
  /** Versions the simulator serves; any other answers 404 as Shopify does. */
  apiVersions: ReadonlySet<string>;
}

/** Handles the request if it is an Admin route; false otherwise. */
export function createAdminRoutes(deps: AdminRoutesDeps) {
  return async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> => {
    const match = ADMIN_PATH.exec(url.pathname);
    if (!match) return false;
    const [, shopDomain, rest] = match;
    const state = deps.store.shops.get(decodeURIComponent(shopDomain));
    if (!state) {
      sendJson(response, 404, { errors: "Not Found" });
      return true;
    }
    const notPost = () => sendJson(response, 405, { errors: "Method Not Allowed" }, { Allow: "POST" });

    if (rest === "oauth/access_token") {
      if (request.method !== "POST") {
        notPost();
        return true;
      }
      let params: Record<string, unknown>;
      try {
        params = decodeParams(request.headers["content-type"], await readBody(request));
      } catch (error) {
        sendJson(response, 400, { error: "invalid_request", error_description: (error as Error).message });
        return true;
      }
      const answer = answerTokenRequest(
        {
          access: deps.access,
          apiKey: deps.apiKey,
          apiSecret: deps.apiSecret,
          shop: state.shop,
          now: deps.store.clock(),
        },
        params,
      );
      sendJson(response, answer.status, answer.body);
      return true;
    }

    const graphql = GRAPHQL_PATH.exec(rest);
    if (!graphql || !deps.apiVersions.has(graphql[1])) {
      sendJson(response, 404, { errors: "Not Found" });
      return true;
    }
    if (request.method !== "POST") {
      notPost();
      return true;
    }
    const token = request.headers["x-shopify-access-token"];
    if (typeof token !== "string" || !deps.access.authorize(state.shop.myshopifyDomain, token)) {
      sendJson(response, 401, { errors: INVALID_TOKEN_ERROR });
      return true;
    }
    const text = await readBody(request);
    let body: { query?: unknown; variables?: Record<string, unknown> | null; operationName?: string | null } = {};
    if (request.headers["content-type"]?.includes("application/graphql")) body = { query: text };
    else {
      try {
        body = decodeParams("application/json", text);
      } catch (error) {
        if (!(error instanceof BodyError)) throw error;
        // Left empty: the engine answers a missing query the way Shopify does.
      }
    }
    const answer = executeAdminGraphql({
      store: deps.store,
      shop: state.shop.myshopifyDomain,
      query: body.query,
      variables: body.variables,
      operationName: body.operationName,
    });
    sendJson(response, answer.status, answer.body, {
      "X-Request-Id": randomUUID(),
      "X-Shopify-API-Version": graphql[1],
    });
    return true;
  };
}
