// Names for the SQL the app runs again and again, so PostgreSQL parses and plans each text once
// per connection instead of on every call: on an order webhook, parsing and planning were about
// half of the database's work. Bounded, because the server keeps a prepared statement for the
// connection's life: a text gets a name from its third run, and at most `limit` texts do; SQL
// that varies (lists of different lengths) or runs rarely stays unnamed.
import { createHash } from "node:crypto";

export interface StatementNamerOptions {
  /** Distinct texts that may be named (each is prepared at most once per connection). */
  limit?: number;
  /** Runs of a text before it is named. */
  after?: number;
}

// Texts counted but not yet named; forgotten wholesale past this size, so one-off SQL costs nothing.
const MAX_COUNTED = 5_000;

export function statementNamer(options: StatementNamerOptions = {}): (query: { sql: string }) => string | undefined {
  const limit = options.limit ?? 200;
  const after = options.after ?? 3;
  const names = new Map<string, string>();
  const runs = new Map<string, number>();
  return ({ sql }) => {
    const named = names.get(sql);
    if (named) return named;
    if (names.size >= limit) return undefined;
    const count = (runs.get(sql) ?? 0) + 1;
    if (count < after) {
      if (runs.size >= MAX_COUNTED) runs.clear();
      runs.set(sql, count);
      return undefined;
    }
    runs.delete(sql);
    // From the text alone: every process and connection names the same SQL the same way.
    const name = `lotline_${createHash("sha256").update(sql).digest("hex").slice(0, 24)}`;
    names.set(sql, name);
    return name;
  };
}
