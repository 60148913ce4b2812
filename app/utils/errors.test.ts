import { describe, expect, it } from "vitest";
import { AppError, httpStatus, isPermanent } from "./errors";

describe("AppError", () => {
  it("maps each kind to the status a route answers with", () => {
    expect(httpStatus(new AppError("INVALID_DATA", "Expiry is before production"))).toBe(422);
    expect(httpStatus(new AppError("NOT_FOUND", "No such lot"))).toBe(404);
    expect(httpStatus(new AppError("NOT_ALLOWED", "Not your shop"))).toBe(403);
    expect(httpStatus(new AppError("CONFLICT", "Lot changed meanwhile"))).toBe(409);
  });

  it("marks errors a retry cannot fix as permanent, and conflicts and crashes as retryable", () => {
    expect(isPermanent(new AppError("INVALID_DATA", "bad"))).toBe(true);
    expect(isPermanent(new AppError("NOT_FOUND", "gone"))).toBe(true);
    expect(isPermanent(new AppError("CONFLICT", "busy"))).toBe(false);
    expect(isPermanent(new Error("ECONNRESET"))).toBe(false);
  });
});
