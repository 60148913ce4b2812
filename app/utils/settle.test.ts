import { describe, expect, it } from "vitest";
import { settleWithin } from "./settle";

describe("settleWithin", () => {
  it("reports a promise that settles in time, even by failing", async () => {
    expect(await settleWithin(Promise.resolve(1), 50)).toBe(true);
    expect(await settleWithin(Promise.reject(new Error("gone")), 50)).toBe(true);
  });

  it("gives up on a promise that never settles", async () => {
    expect(await settleWithin(new Promise(() => {}), 20)).toBe(false);
  });
});
