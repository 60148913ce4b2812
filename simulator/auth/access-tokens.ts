// Which shops have the app installed, and the Admin API access tokens issued to it: offline
// (optionally expiring, with a rotating refresh token) and online. Uninstalling revokes them all.
import { randomBytes } from "node:crypto";

export type AccessMode = "offline" | "online";

export interface AccessToken {
  token: string;
  shop: string;
  mode: AccessMode;
  scope: string;
  /** Milliseconds since the epoch; null for a non-expiring offline token. */
  expiresAt: number | null;
  userId: string | null;
  used: boolean;
}

interface RefreshToken {
  token: string;
  shop: string;
  expiresAt: number;
  /** The access token issued in exchange for this one, once it has been used. */
  replacedBy: string | null;
}

export interface IssuedToken {
  accessToken: AccessToken;
  refreshToken: { token: string; expiresAt: number } | null;
}

export interface AppAccessOptions {
  /** Comma-separated scopes granted at install, as the app's configuration declares them. */
  scopes: string;
  clock: () => number;
  /** Shopify: an expiring offline token lives one hour. */
  offlineTokenLifetimeSeconds?: number;
  /** Assumed 90 days; Shopify documents rotation, not the exact lifetime. */
  refreshTokenLifetimeSeconds?: number;
  /** An online token lives as long as the staff member's admin session; a day here. */
  onlineTokenLifetimeSeconds?: number;
}

export interface AppAccess {
  readonly scopes: string;
  install(shop: string): void;
  /** Marks the app uninstalled and revokes every token issued for the shop. */
  uninstall(shop: string): void;
  isInstalled(shop: string): boolean;
  issue(shop: string, input: { mode: AccessMode; expiring: boolean; userId?: string | null }): IssuedToken;
  /** Rotates a refresh token; undefined when it is unknown, expired, revoked or already replaced. */
  refresh(shop: string, refreshToken: string): IssuedToken | undefined;
  /** The token if it is live for that shop (marking it used), else undefined. */
  authorize(shop: string, token: string): AccessToken | undefined;
  tokensOf(shop: string): AccessToken[];
}

const newSecret = (prefix: string) => `${prefix}${randomBytes(16).toString("hex")}`;

export function createAppAccess(options: AppAccessOptions): AppAccess {
  const installed = new Set<string>();
  const accessTokens = new Map<string, AccessToken>();
  const refreshTokens = new Map<string, RefreshToken>();
  const offlineLifetime = (options.offlineTokenLifetimeSeconds ?? 3_600) * 1000;
  const refreshLifetime = (options.refreshTokenLifetimeSeconds ?? 90 * 86_400) * 1000;
  const onlineLifetime = (options.onlineTokenLifetimeSeconds ?? 86_400) * 1000;

  function issue(shop: string, input: { mode: AccessMode; expiring: boolean; userId?: string | null }): IssuedToken {
    const now = options.clock();
    const online = input.mode === "online";
    const accessToken: AccessToken = {
      token: newSecret(online ? "shpua_" : "shpat_"),
      shop,
      mode: input.mode,
      scope: options.scopes,
      expiresAt: online ? now + onlineLifetime : input.expiring ? now + offlineLifetime : null,
      userId: input.userId ?? null,
      used: false,
    };
    accessTokens.set(accessToken.token, accessToken);
    if (online || !input.expiring) return { accessToken, refreshToken: null };
    const refreshToken: RefreshToken = {
      token: newSecret("shprt_"),
      shop,
      expiresAt: now + refreshLifetime,
      replacedBy: null,
    };
    refreshTokens.set(refreshToken.token, refreshToken);
    return { accessToken, refreshToken: { token: refreshToken.token, expiresAt: refreshToken.expiresAt } };
  }

  return {
    scopes: options.scopes,
    install: (shop) => installed.add(shop),
    uninstall(shop) {
      installed.delete(shop);
      for (const [token, record] of accessTokens) if (record.shop === shop) accessTokens.delete(token);
      for (const [token, record] of refreshTokens) if (record.shop === shop) refreshTokens.delete(token);
    },
    isInstalled: (shop) => installed.has(shop),
    issue,
    refresh(shop, token) {
      const record = refreshTokens.get(token);
      if (!record || record.shop !== shop || record.expiresAt <= options.clock()) return undefined;
      // Shopify keeps a used refresh token valid until its replacement access token is first
      // used, so an app that lost the refresh answer can ask again.
      if (record.replacedBy && accessTokens.get(record.replacedBy)?.used) return undefined;
      const issued = issue(shop, { mode: "offline", expiring: true });
      record.replacedBy = issued.accessToken.token;
      return issued;
    },
    authorize(shop, token) {
      const record = accessTokens.get(token);
      if (!record || record.shop !== shop) return undefined;
      if (record.expiresAt !== null && record.expiresAt <= options.clock()) return undefined;
      if (!record.used) {
        record.used = true;
        for (const [refreshToken, refresh] of refreshTokens) {
          if (refresh.replacedBy === token) refreshTokens.delete(refreshToken);
        }
      }
      return record;
    },
    tokensOf: (shop) => [...accessTokens.values()].filter((record) => record.shop === shop),
  };
}
