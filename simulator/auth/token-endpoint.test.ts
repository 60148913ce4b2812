import { beforeEach, describe, expect, it } from "vitest";
import type { ShopRecord } from "../store/types";
import { type AppAccess, createAppAccess } from "./access-tokens";
import { mintSessionToken } from "./session-token";
import {
  answerTokenRequest,
  ID_TOKEN_TYPE,
  OFFLINE_TOKEN_TYPE,
  ONLINE_TOKEN_TYPE,
  TOKEN_EXCHANGE_GRANT,
} from "./token-endpoint";

const app = { apiKey: "key-1", apiSecret: "secret-1" };
const shop = { myshopifyDomain: "soap-co.myshopify.com", email: "owner@soap-co.example" } as ShopRecord;
let now: number;
let access: AppAccess;

const answer = (params: Record<string, unknown>) =>
  answerTokenRequest({ access, ...app, shop, now }, { client_id: app.apiKey, client_secret: app.apiSecret, ...params });

const exchange = (overrides: Record<string, unknown> = {}) =>
  answer({
    grant_type: TOKEN_EXCHANGE_GRANT,
    subject_token: mintSessionToken({ ...app, shop: shop.myshopifyDomain, now: new Date(now), userId: "42" }),
    subject_token_type: ID_TOKEN_TYPE,
    requested_token_type: OFFLINE_TOKEN_TYPE,
    expiring: "1",
    ...overrides,
  });

beforeEach(() => {
  now = Date.parse("2026-03-01T09:00:00Z");
  access = createAppAccess({ scopes: "read_orders,write_orders", clock: () => now });
  access.install(shop.myshopifyDomain);
});

describe("token exchange", () => {
  it("trades a session token for an expiring offline token with a refresh token", () => {
    const { status, body } = exchange();
    expect(status).toBe(200);
    expect(body).toEqual({
      access_token: expect.stringMatching(/^shpat_[0-9a-f]{32}$/),
      scope: "read_orders,write_orders",
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^shprt_/),
      refresh_token_expires_in: 90 * 86_400,
    });
    expect(access.authorize(shop.myshopifyDomain, body.access_token as string)).toBeDefined();
    expect(access.authorize("other.myshopify.com", body.access_token as string)).toBeUndefined();
  });

  it("gives a non-expiring offline token when expiring is 0, and an online token with its user", () => {
    expect(exchange({ expiring: "0" }).body).toEqual({
      access_token: expect.any(String),
      scope: "read_orders,write_orders",
    });
    expect(exchange({ requested_token_type: ONLINE_TOKEN_TYPE }).body).toMatchObject({
      access_token: expect.stringMatching(/^shpua_/),
      expires_in: 86_400,
      associated_user_scope: "read_orders,write_orders",
      associated_user: { id: 42, email: "owner@soap-co.example", account_owner: true },
    });
  });

  it("refuses bad session tokens with invalid_subject_token, which makes the library ask for a new one", () => {
    const forged = mintSessionToken({ ...app, apiSecret: "other", shop: shop.myshopifyDomain, now: new Date(now) });
    const foreign = mintSessionToken({ ...app, shop: "other.myshopify.com", now: new Date(now) });
    for (const subject_token of [forged, foreign, "not-a-jwt"]) {
      expect(exchange({ subject_token })).toMatchObject({ status: 400, body: { error: "invalid_subject_token" } });
    }
    now += 10 * 60_000;
    expect(
      exchange({
        subject_token: mintSessionToken({ ...app, shop: shop.myshopifyDomain, now: new Date(now - 120_000) }),
      }),
    ).toMatchObject({
      status: 400,
      body: { error: "invalid_subject_token", error_description: expect.stringContaining("expired") },
    });
  });

  it("refuses a shop where the app is not installed", () => {
    access.uninstall(shop.myshopifyDomain);
    expect(exchange()).toMatchObject({ status: 400, body: { error: "invalid_subject_token" } });
  });

  it("answers malformed requests with OAuth errors", () => {
    expect(exchange({ client_secret: "wrong" })).toMatchObject({ status: 400, body: { error: "invalid_client" } });
    expect(exchange({ subject_token: undefined })).toMatchObject({
      status: 400,
      body: { error: "missing_subject_token" },
    });
    expect(exchange({ subject_token_type: "jwt" })).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    expect(exchange({ requested_token_type: "forever" })).toMatchObject({
      status: 400,
      body: { error: "invalid_request" },
    });
    expect(answer({ grant_type: "authorization_code" })).toMatchObject({
      status: 400,
      body: { error: "unsupported_grant_type" },
    });
    expect(answer({})).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });
});

describe("expiring offline tokens", () => {
  it("stop working after an hour", () => {
    const token = exchange().body.access_token as string;
    now += 3_599_000;
    expect(access.authorize(shop.myshopifyDomain, token)).toBeDefined();
    now += 1_000;
    expect(access.authorize(shop.myshopifyDomain, token)).toBeUndefined();
  });

  it("refresh with a rotating refresh token; the old one works until its replacement is used", () => {
    const first = exchange().body;
    const refresh = (refresh_token: unknown) => answer({ grant_type: "refresh_token", refresh_token });

    const second = refresh(first.refresh_token);
    expect(second).toMatchObject({ status: 200, body: { expires_in: 3600, refresh_token: expect.any(String) } });
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    // The answer got lost: asking again with the old refresh token still works...
    const again = refresh(first.refresh_token);
    expect(again.status).toBe(200);
    // ...until the app uses the new access token.
    access.authorize(shop.myshopifyDomain, again.body.access_token as string);
    expect(refresh(first.refresh_token)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(refresh(again.body.refresh_token).status).toBe(200);
    expect(refresh("shprt_unknown")).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("are all revoked by uninstalling", () => {
    const { access_token, refresh_token } = exchange().body;
    access.uninstall(shop.myshopifyDomain);
    expect(access.authorize(shop.myshopifyDomain, access_token as string)).toBeUndefined();
    access.install(shop.myshopifyDomain);
    expect(answer({ grant_type: "refresh_token", refresh_token })).toMatchObject({ status: 400 });
  });
});
