import { describe, expect, it, vi } from "vitest";
import { createIdTokenSource, tokenExpiry } from "./id-token";

const jwt = (claims: Record<string, unknown>) =>
  `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.signature`;

function source(startAt = 1_000_000) {
  let now = startAt * 1000;
  let issued = 0;
  const request = vi.fn(async () => {
    issued += 1;
    return jwt({ exp: Math.floor(now / 1000) + 60, n: issued });
  });
  const tokens = createIdTokenSource({ request, now: () => now });
  return { tokens, request, advance: (seconds: number) => (now += seconds * 1000) };
}

describe("session tokens in the app", () => {
  it("reads the expiry of a JWT, and nothing from a non-JWT", () => {
    expect(tokenExpiry(jwt({ exp: 1234 }))).toBe(1234);
    expect(tokenExpiry("not-a-jwt")).toBeNull();
    expect(tokenExpiry("a.%%%.c")).toBeNull();
  });

  it("reuses a token until ten seconds before it expires, then asks the admin again", async () => {
    const { tokens, request, advance } = source();
    const first = await tokens.get();
    advance(49);
    expect(await tokens.get()).toBe(first);
    expect(request).toHaveBeenCalledTimes(1);
    advance(2);
    expect(await tokens.get()).not.toBe(first);
    expect(request).toHaveBeenCalledTimes(2);
  });

  it("asks for a fresh token when told to, as after a 401", async () => {
    const { tokens, request } = source();
    const first = await tokens.get();
    expect(await tokens.get({ fresh: true })).not.toBe(first);
    expect(request).toHaveBeenCalledTimes(2);
  });

  it("shares one request among callers that ask at the same time", async () => {
    const { tokens, request } = source();
    const [a, b, c] = await Promise.all([tokens.get(), tokens.get(), tokens.get()]);
    expect(new Set([a, b, c]).size).toBe(1);
    expect(request).toHaveBeenCalledTimes(1);
  });

  it("does not remember a failure", async () => {
    const request = vi
      .fn()
      .mockRejectedValueOnce(new Error("no admin"))
      .mockResolvedValue(jwt({ exp: 9e9 }));
    const tokens = createIdTokenSource({ request });
    await expect(tokens.get()).rejects.toThrow("no admin");
    await expect(tokens.get()).resolves.toContain(".");
  });
});
