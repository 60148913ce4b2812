// Shopify's session-storage conformance cases, run on both databases the app can use:
// the PostgreSQL server and embedded PGlite.
import { PGlite } from "@electric-sql/pglite";
import { Session } from "@shopify/shopify-app-remix/server";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { applyPendingMigrations } from "../app/db/migrations.server";
import { PrismaSessionStorage } from "../app/db/session-storage.server";
import { type Db, db } from "../app/db.server";
import { PrismaClient } from "../app/generated/prisma/client.ts";

interface Backend {
  name: string;
  open(): Promise<{ client: Db; close(): Promise<void> }>;
}

const backends: Backend[] = [
  // The per-file database from tests/support/integration-setup.ts; closed there too.
  { name: "PostgreSQL", open: async () => ({ client: db(), close: async () => {} }) },
  {
    name: "PGlite",
    open: async () => {
      const pglite = new PGlite();
      const adapter = new PrismaPGlite(pglite);
      await applyPendingMigrations(adapter);
      const client = new PrismaClient({ adapter });
      return {
        client,
        close: async () => {
          await client.$disconnect();
          await pglite.close();
        },
      };
    },
  },
];

const SCOPES = ["read_products", "write_orders"];
const SHOP = "lotline-test.myshopify.com";
const HOUR = 60 * 60 * 1000;

type OnlineAccessUser = NonNullable<Session["onlineAccessInfo"]>["associated_user"];

function offlineSession(overrides: Partial<ConstructorParameters<typeof Session>[0]> = {}): Session {
  return new Session({
    id: `offline_${SHOP}`,
    shop: SHOP,
    state: "state",
    isOnline: false,
    scope: SCOPES.join(","),
    accessToken: "shpat_123",
    ...overrides,
  });
}

describe.each(backends)("PrismaSessionStorage on $name", (backend) => {
  let client: Db;
  let close: () => Promise<void>;
  let storage: PrismaSessionStorage;

  beforeAll(async () => {
    ({ client, close } = await backend.open());
    storage = new PrismaSessionStorage(client);
  });

  afterAll(async () => {
    await close();
  });

  beforeEach(async () => {
    await client.session.deleteMany();
  });

  it("stores, loads, checks and deletes offline sessions with an expiry, a null expiry and none", async () => {
    const inAnHour = new Date(Date.now() + HOUR);
    const sessions = [
      offlineSession(),
      offlineSession({ expires: inAnHour }),
      offlineSession({ expires: null as unknown as undefined }),
      offlineSession({ expires: undefined }),
    ];
    for (const session of sessions) {
      await expect(storage.storeSession(session)).resolves.toBe(true);
      const loaded = await storage.loadSession(session.id);
      expect(loaded).toBeInstanceOf(Session);
      expect(session.equals(loaded)).toBe(true);
      expect(loaded?.expires?.getTime()).toBe(session.expires?.getTime() ?? undefined);
      expect(loaded?.isActive(SCOPES)).toBe(true);
      expect(loaded?.isActive(["write_products"])).toBe(false);

      await expect(storage.deleteSession(session.id)).resolves.toBe(true);
      await expect(storage.loadSession(session.id)).resolves.toBeUndefined();
      await expect(storage.deleteSession(session.id)).resolves.toBe(true);
    }
  });

  it("a session stored with a past expiry loads as expired and inactive", async () => {
    await storage.storeSession(offlineSession({ expires: new Date(Date.now() - HOUR) }));
    const loaded = await storage.loadSession(`offline_${SHOP}`);
    expect(loaded?.isExpired()).toBe(true);
    expect(loaded?.isActive(SCOPES)).toBe(false);
  });

  it("deleting a session that does not exist returns true and leaves the others alone", async () => {
    await storage.storeSession(offlineSession());
    await expect(storage.deleteSession("no_such_session")).resolves.toBe(true);
    await expect(storage.loadSession(`offline_${SHOP}`)).resolves.toBeInstanceOf(Session);
  });

  it("a session with an unknown extra field is stored and loads equal, without that field", async () => {
    const session = new Session({ id: "extra", shop: SHOP, state: "state", isOnline: false });
    Object.assign(session, { someField: "lol" });

    await expect(storage.storeSession(session)).resolves.toBe(true);
    const loaded = await storage.loadSession("extra");
    expect(session.equals(loaded)).toBe(true);
    expect(loaded?.accessToken).toBeUndefined();
    // Shopify persists only its own fields (Session.toPropertyArray); so do we.
    expect(loaded).not.toHaveProperty("someField");
  });

  it("an online session keeps every field of its associated user", async () => {
    const associatedUser = {
      id: 9007199254740,
      first_name: "Ada",
      last_name: "Lovelace",
      email: "ada@example.com",
      account_owner: true,
      locale: "en-GB",
      collaborator: false,
      email_verified: true,
    };
    const session = new Session({
      id: `${SHOP}_${associatedUser.id}`,
      shop: SHOP,
      state: "state",
      isOnline: true,
      scope: SCOPES.join(","),
      expires: new Date(Date.now() + HOUR),
      accessToken: "online_token",
      onlineAccessInfo: {
        expires_in: 3600,
        associated_user_scope: SCOPES.join(","),
        associated_user: associatedUser,
      },
    });

    await storage.storeSession(session);
    const loaded = await storage.loadSession(session.id);
    expect(session.equals(loaded)).toBe(true);
    expect(loaded?.isOnline).toBe(true);
    expect(loaded?.onlineAccessInfo?.associated_user).toEqual(associatedUser);
    expect(loaded?.isActive(SCOPES)).toBe(true);

    await expect(storage.deleteSession(session.id)).resolves.toBe(true);
    await expect(storage.loadSession(session.id)).resolves.toBeUndefined();
  });

  it("an online session whose user lacks optional fields loads without invented ones", async () => {
    // account_owner is given because its column is NOT NULL: a missing one would load as false.
    const associatedUser = { id: 42, account_owner: false } as unknown as OnlineAccessUser;
    const session = new Session({
      id: `${SHOP}_42`,
      shop: SHOP,
      state: "state",
      isOnline: true,
      accessToken: "online_token",
      onlineAccessInfo: { expires_in: 60, associated_user_scope: "", associated_user: associatedUser },
    });

    await storage.storeSession(session);
    const loaded = await storage.loadSession(session.id);
    expect(session.equals(loaded)).toBe(true);
    expect(loaded?.onlineAccessInfo?.associated_user).toEqual({ id: 42, account_owner: false });
  });

  it("loading an unknown id returns undefined", async () => {
    await storage.storeSession(offlineSession());
    await expect(storage.loadSession("not_a_session_id")).resolves.toBeUndefined();
  });

  it("finding sessions by shop returns that shop's sessions and no other shop's", async () => {
    const sessions = [
      new Session({ id: "find_1", shop: "shop-1.myshopify.com", state: "s", isOnline: false }),
      new Session({ id: "find_2", shop: "shop-2.myshopify.com", state: "s", isOnline: false }),
      new Session({ id: "find_3", shop: "shop-1.myshopify.com", state: "s", isOnline: false }),
      new Session({ id: "find_4", shop: "shop-3.myshopify.com", state: "s", isOnline: false }),
    ];
    for (const session of sessions) await storage.storeSession(session);

    const found = await storage.findSessionsByShop("shop-1.myshopify.com");
    expect(found.map((session) => session.id).sort()).toEqual(["find_1", "find_3"]);
    expect(found.every((session, index) => session.equals([sessions[0], sessions[2]][index]))).toBe(true);
    await expect(storage.findSessionsByShop("shop-9.myshopify.com")).resolves.toEqual([]);
  });

  it("deleting sessions by id removes exactly those sessions", async () => {
    for (const [id, shop] of [
      ["delete_1", "shop-1.myshopify.com"],
      ["delete_2", "shop-2.myshopify.com"],
      ["delete_3", "shop-1.myshopify.com"],
    ]) {
      await storage.storeSession(new Session({ id, shop, state: "s", isOnline: false }));
    }
    const ids = (await storage.findSessionsByShop("shop-1.myshopify.com")).map((session) => session.id);
    expect(ids).toHaveLength(2);

    await expect(storage.deleteSessions(ids)).resolves.toBe(true);
    await expect(storage.findSessionsByShop("shop-1.myshopify.com")).resolves.toEqual([]);
    await expect(storage.loadSession("delete_2")).resolves.toBeInstanceOf(Session);
  });

  it("a scope string longer than 255 characters is kept whole", async () => {
    const scope = Array.from({ length: 30 }, (_, index) => `unauthenticated_read_thing_${index}`).join(",");
    expect(scope.length).toBeGreaterThan(255);
    const session = offlineSession({ scope });

    await storage.storeSession(session);
    const loaded = await storage.loadSession(session.id);
    expect(loaded?.scope).toBe(scope);
    expect(session.equals(loaded)).toBe(true);
  });

  it("a refresh token is kept with and without a refresh-token expiry", async () => {
    const refreshTokenExpires = new Date(Date.now() + 30 * 24 * HOUR);
    const withExpiry = offlineSession({
      id: "with_expiry",
      expires: new Date(Date.now() + HOUR),
      refreshToken: "shprt_with",
      refreshTokenExpires,
    });
    const withoutExpiry = offlineSession({ id: "without_expiry", refreshToken: "shprt_without" });
    await storage.storeSession(withExpiry);
    await storage.storeSession(withoutExpiry);

    const loadedWith = await storage.loadSession("with_expiry");
    expect(withExpiry.equals(loadedWith)).toBe(true);
    expect(loadedWith?.refreshToken).toBe("shprt_with");
    expect(loadedWith?.refreshTokenExpires?.getTime()).toBe(refreshTokenExpires.getTime());

    const loadedWithout = await storage.loadSession("without_expiry");
    expect(withoutExpiry.equals(loadedWithout)).toBe(true);
    expect(loadedWithout?.refreshToken).toBe("shprt_without");
    expect(loadedWithout?.refreshTokenExpires).toBeUndefined();
  });

  it("storing the same id twice updates the session instead of adding a second one", async () => {
    await storage.storeSession(offlineSession({ accessToken: "old_token", refreshToken: "old_refresh" }));
    const replacement = offlineSession({ accessToken: "new_token", scope: "read_products" });
    await expect(storage.storeSession(replacement)).resolves.toBe(true);

    const loaded = await storage.loadSession(replacement.id);
    expect(replacement.equals(loaded)).toBe(true);
    expect(loaded?.accessToken).toBe("new_token");
    expect(loaded?.refreshToken).toBeUndefined();
    await expect(client.session.count({ where: { id: replacement.id } })).resolves.toBe(1);
  });
});
