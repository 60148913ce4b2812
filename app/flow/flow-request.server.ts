// Requests from Shopify Flow (trigger lifecycle callbacks, action runs): HMAC-signed by Shopify
// with the app's secret, checked with the library's own HMAC helper before anything is read.
import { timingSafeEqual } from "node:crypto";
import { createSHA256HMAC, HashFormat } from "@shopify/shopify-api/runtime";
import { env } from "../env.server";
import { authenticate } from "../shopify.server";

export type FlowRequest =
  | { kind: "verified"; payload: unknown }
  /** No offline session for the shop the body names: Lotline is not installed there (any more). */
  | { kind: "unknown_shop"; shopDomain: string };

/**
 * The signature is checked first: an unsigned or forged request gets 401 whatever shop it names,
 * so it learns nothing about which shops use Lotline. authenticate.flow then answers 400 only to
 * a genuine request for a shop without a usable offline session, which Lotline answers harmlessly
 * (no change) as the docs ask for a shop it no longer serves.
 */
export async function authenticateFlowRequest(request: Request): Promise<FlowRequest> {
  const body = await request.clone().text();
  if (!(await signedByShopify(body, request.headers.get("X-Shopify-Hmac-Sha256")))) {
    throw Response.json(
      { error: "The request is not signed by Shopify Flow: X-Shopify-Hmac-Sha256 must sign the exact body." },
      { status: 401 },
    );
  }
  const shopDomain = shopDomainIn(body);
  if (shopDomain === null) throw badFlowRequest("The request body must be JSON naming the shop in shopify_domain.");
  try {
    const { payload } = await authenticate.flow(request);
    return { kind: "verified", payload };
  } catch (thrown) {
    if (thrown instanceof Response && thrown.status === 400) return { kind: "unknown_shop", shopDomain };
    throw thrown;
  }
}

/** What authenticate.flow checks (the same HMAC helper), done here so it comes before any lookup. */
async function signedByShopify(body: string, signature: string | null): Promise<boolean> {
  if (!signature || body.length === 0) return false;
  const expected = Buffer.from(await createSHA256HMAC(env().SHOPIFY_API_SECRET, body, HashFormat.Base64), "base64");
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function shopDomainIn(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    const domain = (parsed as { shopify_domain?: unknown } | null)?.shopify_domain;
    return typeof domain === "string" && domain.length > 0 ? domain : null;
  } catch {
    return null;
  }
}

/** A 400 with a message the developer reading Flow's run log can act on. */
export function badFlowRequest(message: string): Response {
  return Response.json({ error: message }, { status: 400 });
}
