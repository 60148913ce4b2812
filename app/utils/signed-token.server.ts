// Signed, expiring tokens for links that work without a login (recall acknowledgements, export
// downloads). A token names its purpose, so a download link can never acknowledge a notice.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "../env.server";

export type TokenPurpose = "recall-ack" | "export-download";

export type TokenCheck = { ok: true; subject: string } | { ok: false; reason: "invalid" | "expired" };

function signingKey(): Buffer {
  const config = env();
  if (config.LINK_SIGNING_SECRET) return Buffer.from(config.LINK_SIGNING_SECRET);
  // A key of its own, so a token never doubles as anything Shopify signs with the app secret.
  return Buffer.from(hkdfSync("sha256", config.SHOPIFY_API_SECRET, "lotline", "link-signing", 32));
}

function mac(purpose: TokenPurpose, body: string): string {
  return createHmac("sha256", signingKey()).update(`${purpose}.${body}`).digest("base64url");
}

/** `subject` is an id (no dots); the token is URL-safe and carries its own expiry. */
export function signToken(purpose: TokenPurpose, subject: string, expiresAt: Date): string {
  const body = `${Buffer.from(subject).toString("base64url")}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
  return `${body}.${mac(purpose, body)}`;
}

export function verifyToken(purpose: TokenPurpose, token: string, now: Date = new Date()): TokenCheck {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "invalid" };
  const [subject, expiry, signature] = parts;
  const expected = Buffer.from(mac(purpose, `${subject}.${expiry}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "invalid" };
  const expiresAt = Number.parseInt(expiry, 36) * 1000;
  if (!Number.isFinite(expiresAt) || now.getTime() >= expiresAt) return { ok: false, reason: "expired" };
  return { ok: true, subject: Buffer.from(subject, "base64url").toString() };
}
