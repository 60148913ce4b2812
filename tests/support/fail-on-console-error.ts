// A stray console.error is a bug a user would see in logs: fail the test that caused it.
// Tests that expect one replace console.error with vi.spyOn themselves.
import { format } from "node:util";
import { afterEach, beforeEach, vi } from "vitest";

beforeEach(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error was called: ${format(...args)}`);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});
