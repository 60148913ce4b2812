// Data factories shared by tests (and later the demo seed): real rows through the real client.
import type { Db } from "../../app/db.server";

let counter = 0;

export async function createShop(db: Db, overrides: { domain?: string; uninstalledAt?: Date | null } = {}) {
  counter += 1;
  return db.shop.create({
    data: {
      domain: overrides.domain ?? `maker-${process.pid}-${counter}.myshopify.com`,
      name: `Maker ${counter}`,
      uninstalledAt: overrides.uninstalledAt ?? null,
    },
  });
}

export async function createOfflineSession(db: Db, shop: string) {
  return db.session.create({
    data: { id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken: "shpat_test", scope: "read_orders" },
  });
}
