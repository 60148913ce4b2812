// HTTP Basic credentials for operator tools. Compared in constant time (both sides hashed to
// equal length first), so a wrong guess takes as long as a right one.
import { createHash, timingSafeEqual } from "node:crypto";

export interface OperatorCredentials {
  user: string;
  password: string;
}

/** The user and password of an `Authorization: Basic …` header; null for any other scheme. */
export function parseBasicAuthorization(header: string | null | undefined): OperatorCredentials | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function credentialsMatch(given: OperatorCredentials | null, expected: OperatorCredentials): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  // Both compared every time: which half was wrong must not show in the timing either.
  const user = timingSafeEqual(digest(given?.user ?? ""), digest(expected.user));
  const password = timingSafeEqual(digest(given?.password ?? ""), digest(expected.password));
  return given !== null && user && password;
}
