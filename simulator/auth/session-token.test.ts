import { describe, expect, it } from "vitest";
import { mintSessionToken, verifySessionToken } from "./session-token";

const app = { apiKey: "key-1", apiSecret: "secret-1" };
const now = new Date("2026-11-21T12:00:00Z");

describe("session tokens", () => {
  it("verifies a token it minted, naming the shop", () => {
    const token = mintSessionToken({ ...app, shop: "soap-co.myshopify.com", now });
    expect(verifySessionToken(token, { ...app, now })).toMatchObject({ ok: true, shop: "soap-co.myshopify.com" });
  });

  it("rejects a token signed with another secret or for another app", () => {
    const token = mintSessionToken({ ...app, shop: "soap-co.myshopify.com", now });
    expect(verifySessionToken(token, { ...app, apiSecret: "other", now })).toEqual({
      ok: false,
      reason: "bad signature",
    });
    const foreign = mintSessionToken({ ...app, apiKey: "key-2", shop: "soap-co.myshopify.com", now });
    expect(verifySessionToken(foreign, { ...app, now })).toEqual({ ok: false, reason: "wrong audience" });
  });

  it("rejects an expired token", () => {
    const token = mintSessionToken({ ...app, shop: "soap-co.myshopify.com", now });
    const later = new Date(now.getTime() + 120_000);
    expect(verifySessionToken(token, { ...app, now: later })).toEqual({ ok: false, reason: "expired" });
  });
});
