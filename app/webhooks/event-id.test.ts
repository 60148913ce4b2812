import { describe, expect, it } from "vitest";
import { z } from "zod";
import { newEventId } from "./event-id";

describe("inbox row ids", () => {
  it("are version 7 UUIDs that the job contract accepts", () => {
    const id = newEventId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(z.uuid().safeParse(id).success).toBe(true);
  });

  it("sort by the time they were made, so new rows go to the end of the index", () => {
    const earlier = newEventId(Date.parse("2026-11-21T10:00:00Z"));
    const later = newEventId(Date.parse("2026-11-21T10:00:00.001Z"));
    expect(earlier < later).toBe(true);
    expect(earlier.slice(0, 13)).toBe("01a1fd8c-6900");
  });

  it("never repeat within one millisecond", () => {
    const now = Date.now();
    const ids = new Set(Array.from({ length: 1000 }, () => newEventId(now)));
    expect(ids.size).toBe(1000);
  });
});
