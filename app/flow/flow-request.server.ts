// Requests from Shopify Flow (trigger lifecycle callbacks, action runs): HMAC-signed by Shopify
// with the app's secret, checked by the library's authenticate.flow.
import { authenticate, sessionStorage } from "../shopify.server";

export type FlowRequest =
  | { kind: "verified"; payload: unknown }
  /** No offline session for the shop the body names: Lotline is not installed there (any more). */
  | { kind: "unknown_shop"; shopDomain: string };

/**
 * authenticate.flow answers 400 both to a forged signature and to a shop without an offline
 * session. Lotline tells them apart so it can answer Flow as the docs ask: 401 to an unsigned or
 * forged request, and a harmless answer (no change) for a shop it no longer serves.
 */
export async function authenticateFlowRequest(request: Request): Promise<FlowRequest> {
  const body = await request.clone().text();
  try {
    const { payload } = await authenticate.flow(request);
    return { kind: "verified", payload };
  } catch (thrown) {
    if (!(thrown instanceof Response) || thrown.status !== 400) throw thrown;
    const shopDomain = shopDomainIn(body);
    if (shopDomain && !(await sessionStorage.loadSession(`offline_${shopDomain}`))) {
      return { kind: "unknown_shop", shopDomain };
    }
    throw Response.json(
      { error: "The request is not signed by Shopify Flow: X-Shopify-Hmac-Sha256 must sign the exact body." },
      { status: 401 },
    );
  }
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
