// Shops (tenants): install, uninstall, and the guard every route and job goes through.
import type { Db } from "../db.server";
import { AppError } from "../utils/errors";

export async function recordInstall(db: Db, input: { domain: string; scopes: string | null }) {
  return db.shop.upsert({
    where: { domain: input.domain },
    create: { domain: input.domain, scopes: input.scopes },
    update: { scopes: input.scopes, uninstalledAt: null, installedAt: new Date() },
  });
}

/** The shop, if Lotline is installed there now; null for unknown or uninstalled shops. */
export async function findInstalledShop(db: Db, domain: string) {
  const shop = await db.shop.findUnique({ where: { domain } });
  return shop && !shop.uninstalledAt ? shop : null;
}

export async function requireInstalledShop(db: Db, domain: string) {
  const shop = await findInstalledShop(db, domain);
  if (!shop)
    throw new AppError(
      "NOT_ALLOWED",
      `Lotline is not installed on ${domain}. Open the app from the Shopify admin to install it.`,
    );
  return shop;
}

/** app/uninstalled: stop acting for the shop at once; its data stays until shop/redact. */
export async function markUninstalled(db: Db, domain: string) {
  await db.$transaction([
    db.session.deleteMany({ where: { shop: domain } }),
    db.shop.updateMany({ where: { domain, uninstalledAt: null }, data: { uninstalledAt: new Date() } }),
  ]);
}

/** shop/redact: every row of the shop goes (tenant tables cascade from Shop). */
export async function redactShop(db: Db, domain: string) {
  await db.$transaction([
    db.session.deleteMany({ where: { shop: domain } }),
    db.shop.deleteMany({ where: { domain } }),
  ]);
}
