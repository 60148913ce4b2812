// Shopify session tokens (HS256 JWTs signed with the app secret), as the admin issues them
// to embedded apps and as the token-exchange endpoint receives them.
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

export interface SessionTokenClaims {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
}

const base64url = (input: Buffer | string) => Buffer.from(input).toString("base64url");

function sign(content: string, secret: string): string {
  return createHmac("sha256", secret).update(content).digest("base64url");
}

/** A token for `shop` (its myshopify domain) and a staff user, valid for one minute like Shopify's. */
export function mintSessionToken(input: {
  shop: string;
  apiKey: string;
  apiSecret: string;
  userId?: string;
  now?: Date;
  lifetimeSeconds?: number;
}): string {
  const issuedAt = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const claims: SessionTokenClaims = {
    iss: `https://${input.shop}/admin`,
    dest: `https://${input.shop}`,
    aud: input.apiKey,
    sub: input.userId ?? "1",
    exp: issuedAt + (input.lifetimeSeconds ?? 60),
    nbf: issuedAt,
    iat: issuedAt,
    jti: randomUUID(),
    sid: randomUUID(),
  };
  const content = `${base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64url(JSON.stringify(claims))}`;
  return `${content}.${sign(content, input.apiSecret)}`;
}

export type VerifiedToken = { ok: true; claims: SessionTokenClaims; shop: string } | { ok: false; reason: string };

/** Checks signature, audience, lifetime (with Shopify's few seconds of clock leeway) and destination. */
export function verifySessionToken(
  token: string,
  input: { apiKey: string; apiSecret: string; now?: Date },
): VerifiedToken {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "not a JWT" };
  const [header, payload, signature] = parts;
  const expected = Buffer.from(sign(`${header}.${payload}`, input.apiSecret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: "bad signature" };
  let claims: SessionTokenClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "unreadable claims" };
  }
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (claims.aud !== input.apiKey) return { ok: false, reason: "wrong audience" };
  if (claims.exp + 5 < now) return { ok: false, reason: "expired" };
  if (claims.nbf - 5 > now) return { ok: false, reason: "not yet valid" };
  const shop = claims.dest?.replace(/^https:\/\//, "");
  if (!shop || !/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(shop)) return { ok: false, reason: "bad destination" };
  return { ok: true, claims, shop };
}
