// The one way an admin page or API route authenticates: Shopify's session token, then the
// shop must have Lotline installed (an uninstalled shop is refused even if a session lingers).
import { db } from "./db.server";
import { findShop } from "./models/shop.server";
import { authenticate, installSettled } from "./shopify.server";

export async function authenticateAdmin(request: Request) {
  const context = await authenticate.admin(request);
  await installSettled(context.session.shop);
  const shop = await findShop(db(), context.session.shop);
  if (!shop || shop.uninstalledAt) {
    // With CORS headers, so an admin extension calling the API can read the refusal.
    throw context.cors(
      new Response(
        `Lotline is not installed on ${context.session.shop}. Open it from the Shopify admin to install it.`,
        {
          status: 403,
        },
      ),
    );
  }
  return { ...context, shop, actor: staffActor(context) };
}

/** Who is acting, as audit entries and ledgers record it: "user:<Shopify staff id>". */
function staffActor(context: {
  sessionToken?: { sub?: string };
  session: { onlineAccessInfo?: { associated_user: { id: number } } };
}): string {
  return `user:${context.sessionToken?.sub ?? context.session.onlineAccessInfo?.associated_user.id ?? "unknown"}`;
}
