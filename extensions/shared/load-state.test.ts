import { describe, expect, it } from "vitest";
import { ApiError } from "./fetch-json";
import { initialLoadState, type LoadState, loadReducer } from "./load-state";

describe("reading one answer", () => {
  it("shows the answer of the current attempt", () => {
    expect(loadReducer(initialLoadState, { type: "loaded", attempt: 0, data: "lots" })).toEqual({
      kind: "loaded",
      attempt: 0,
      data: "lots",
    });
  });

  it("shows the app's message and status when it refused", () => {
    const failed = loadReducer<string>(initialLoadState, {
      type: "failed",
      attempt: 0,
      error: new ApiError("This order is not in your shop.", 404),
    });
    expect(failed).toEqual({ kind: "failed", attempt: 0, message: "This order is not in your shop.", status: 404 });
  });

  it("ignores a late answer to an attempt that Retry replaced", () => {
    const failed: LoadState<string> = { kind: "failed", attempt: 0, message: "down", status: 500 };
    const retrying = loadReducer(failed, { type: "retry" });
    expect(retrying).toEqual({ kind: "loading", attempt: 1 });
    expect(loadReducer(retrying, { type: "loaded", attempt: 0, data: "stale" })).toBe(retrying);
    expect(loadReducer(retrying, { type: "loaded", attempt: 1, data: "fresh" })).toMatchObject({ data: "fresh" });
  });
});
