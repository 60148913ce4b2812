// Shops (tenants): install, uninstall, and the guard every route and job goes through.
import type { Db } from "../db.server";
import { appOutboxDir, removeShopOutbox } from "../recalls/outbox.server";

export async function recordInstall(db: Db, input: { domain: string; name?: string | null; scopes: string | null }) {
  const name = input.name ?? undefined;
  return db.shop.upsert({
    where: { domain: input.domain },
    create: { domain: input.domain, name, scopes: input.scopes },
    update: { name, scopes: input.scopes, uninstalledAt: null, installedAt: new Date() },
  });
}

export async function findShop(db: Db, domain: string) {
  return db.shop.findUnique({ where: { domain } });
}

/** app/uninstalled: stop acting for the shop at once; its data stays until shop/redact. */
export async function markUninstalled(db: Db, domain: string) {
  await db.$transaction([
    db.session.deleteMany({ where: { shop: domain } }),
    db.shop.updateMany({ where: { domain, uninstalledAt: null }, data: { uninstalledAt: new Date() } }),
  ]);
}

/** shop/redact: every row of the shop goes (tenant tables cascade from Shop), and its outbox files. */
export async function redactShop(db: Db, domain: string) {
  const shop = await db.shop.findUnique({ where: { domain }, select: { id: true } });
  // Files first: a failure leaves the rows for the retry, which then finds the shop again.
  if (shop) await removeShopOutbox({ outboxDir: appOutboxDir(), shopId: shop.id });
  await db.$transaction([
    db.session.deleteMany({ where: { shop: domain } }),
    db.shop.deleteMany({ where: { domain } }),
  ]);
}
