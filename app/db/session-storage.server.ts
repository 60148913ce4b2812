// Shopify's SessionStorage on our own Prisma client: Shopify's Prisma storage package
// requires Prisma 6, and we run Prisma 7 with driver adapters.
import { Session } from "@shopify/shopify-app-remix/server";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import type { Db, Prisma } from "../db.server";
import type { Session as SessionRow } from "../generated/prisma/client.ts";

type OnlineAccessInfo = NonNullable<Session["onlineAccessInfo"]>;

/**
 * Only the fields Shopify itself persists are stored (`Session.toPropertyArray` keeps the
 * same list, and `equals` compares only those), so an unknown extra property on a Session
 * is accepted and dropped, as Shopify's own storages do. `onlineAccessInfo` keeps only
 * `associated_user`, which is all `toPropertyArray(true)` carries.
 */
export class PrismaSessionStorage implements SessionStorage {
  constructor(private readonly client: Db) {}

  async storeSession(session: Session): Promise<boolean> {
    const data = sessionToRow(session);
    await this.client.session.upsert({ where: { id: session.id }, create: data, update: data });
    return true;
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const row = await this.client.session.findUnique({ where: { id } });
    return row ? rowToSession(row) : undefined;
  }

  async deleteSession(id: string): Promise<boolean> {
    await this.client.session.deleteMany({ where: { id } });
    return true;
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    await this.client.session.deleteMany({ where: { id: { in: ids } } });
    return true;
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    const rows = await this.client.session.findMany({ where: { shop }, orderBy: { id: "asc" } });
    return rows.map(rowToSession);
  }
}

function sessionToRow(session: Session): Prisma.SessionCreateInput {
  const user = session.onlineAccessInfo?.associated_user;
  return {
    id: session.id,
    shop: session.shop,
    state: session.state,
    isOnline: session.isOnline,
    scope: session.scope ?? null,
    expires: session.expires ?? null,
    // The column is NOT NULL (as in Shopify's template); "" is read back as "no token".
    accessToken: session.accessToken ?? "",
    refreshToken: session.refreshToken ?? null,
    refreshTokenExpires: session.refreshTokenExpires ?? null,
    userId: user?.id == null ? null : BigInt(user.id),
    firstName: user?.first_name ?? null,
    lastName: user?.last_name ?? null,
    email: user?.email ?? null,
    accountOwner: user?.account_owner ?? false,
    locale: user?.locale ?? null,
    collaborator: user?.collaborator ?? null,
    emailVerified: user?.email_verified ?? null,
  };
}

function rowToSession(row: SessionRow): Session {
  // `equals` counts a null field as present, so absent values must come back as undefined.
  const onlineAccessInfo =
    row.isOnline && row.userId !== null
      ? ({
          associated_user: {
            id: Number(row.userId),
            first_name: row.firstName ?? undefined,
            last_name: row.lastName ?? undefined,
            email: row.email ?? undefined,
            account_owner: row.accountOwner,
            locale: row.locale ?? undefined,
            collaborator: row.collaborator ?? undefined,
            email_verified: row.emailVerified ?? undefined,
          },
        } as OnlineAccessInfo)
      : undefined;
  return new Session({
    id: row.id,
    shop: row.shop,
    state: row.state,
    isOnline: row.isOnline,
    scope: row.scope ?? undefined,
    expires: row.expires ?? undefined,
    accessToken: row.accessToken || undefined,
    refreshToken: row.refreshToken ?? undefined,
    refreshTokenExpires: row.refreshTokenExpires ?? undefined,
    onlineAccessInfo,
  });
}
