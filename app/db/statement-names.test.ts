import { describe, expect, it } from "vitest";
import { statementNamer } from "./statement-names";

describe("prepared statement names", () => {
  it("names a text from its third run, and always the same way", () => {
    const name = statementNamer();
    const sql = 'SELECT id FROM "Lot" WHERE id = $1';
    expect([name({ sql }), name({ sql })]).toEqual([undefined, undefined]);
    const third = name({ sql });
    expect(third).toMatch(/^lotline_[0-9a-f]{24}$/);
    expect(name({ sql })).toBe(third);
    // Another process (another namer) gives the same text the same name.
    const other = statementNamer({ after: 1 });
    expect(other({ sql })).toBe(third);
  });

  it("gives different texts different names", () => {
    const name = statementNamer({ after: 1 });
    expect(name({ sql: "SELECT 1" })).not.toBe(name({ sql: "SELECT 2" }));
  });

  it("stops naming new texts at the limit, so the server never holds more prepared statements", () => {
    const name = statementNamer({ after: 1, limit: 2 });
    const first = name({ sql: "SELECT 1" });
    name({ sql: "SELECT 2" });
    expect(name({ sql: "SELECT 3" })).toBeUndefined();
    expect(name({ sql: "SELECT 1" })).toBe(first);
  });
});
