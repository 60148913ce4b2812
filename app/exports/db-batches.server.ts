// Reads large results from PostgreSQL without holding them in memory, two ways:
// - copyRows: one `COPY (SELECT …) TO STDOUT` on a connection of its own, streamed with
//   backpressure. The fastest way out of a PostgreSQL server; used whenever there is one.
// - readInBatches: keyset batches (WHERE key > last key ORDER BY key LIMIT n) through Prisma,
//   each batch one short query. Works on embedded PGlite too, which has no COPY to a client.
import { StringDecoder } from "node:string_decoder";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import type { Prisma } from "../db.server";

export const BATCH_SIZE = 5000;

/**
 * Yields batches from `fetchBatch(afterKey, limit)` until one comes back short. The next batch
 * is fetched while the caller works through the current one, so the database and the writer
 * run side by side. `keyOf` must give the sort key of a row, unique and in the query's order.
 */
export async function* readInBatches<Row, Key>(
  fetchBatch: (after: Key | null, limit: number) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
  batchSize: number = BATCH_SIZE,
): AsyncGenerator<Row[]> {
  let pending: Promise<Row[]> | null = fetchBatch(null, batchSize);
  try {
    while (pending) {
      const batch: Row[] = await pending;
      pending = batch.length === batchSize ? fetchBatch(keyOf(batch[batch.length - 1]), batchSize) : null;
      if (batch.length > 0) yield batch;
    }
  } finally {
    // A caller that stops early (a failed write) leaves the prefetch behind: never let it reject unheard.
    pending?.catch(() => undefined);
  }
}

/** One row at a time out of batches. */
export async function* eachRow<Row>(batches: AsyncIterable<Row[]>): AsyncGenerator<Row> {
  for await (const batch of batches) yield* batch;
}

/** Maps rows lazily (e.g. database rows -> spreadsheet cells). */
export async function* mapRows<Row, Out>(rows: AsyncIterable<Row>, map: (row: Row) => Out): AsyncGenerator<Out> {
  for await (const row of rows) yield map(row);
}

/**
 * Inlines a Prisma query's parameters as SQL literals, for COPY (which takes no parameters).
 * Strings are quoted with '' doubling, which is safe with standard_conforming_strings (the
 * default since PostgreSQL 9.1, and set on the connection below).
 */
export function inlineParameters(query: Prisma.Sql): string {
  return query.text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = query.values[Number(n) - 1];
    if (value instanceof Date) return `'${value.toISOString()}'`;
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "string" && !value.includes("\u0000")) return `'${value.replaceAll("'", "''")}'`;
    throw new Error(`Cannot inline parameter $${n} of type ${typeof value}`);
  });
}

const TEXT_ESCAPES: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\" };

function unescapeCopyText(field: string): string | null {
  if (field === "\\N") return null;
  if (!field.includes("\\")) return field;
  return field.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, code: string) => {
    if (code[0] === "x") return String.fromCharCode(Number.parseInt(code.slice(1), 16));
    if (/^[0-7]/.test(code)) return String.fromCharCode(Number.parseInt(code, 8));
    return TEXT_ESCAPES[code] ?? code;
  });
}

/**
 * Streams a query's rows from a PostgreSQL server through `COPY (…) TO STDOUT`, as text fields
 * (null for NULL). One query, no per-batch planning, read as fast as the writer takes it (the
 * socket is paused while the file catches up), so memory stays flat. Timestamps come as
 * "YYYY-MM-DD HH:MM:SS[.fff]" (ISO DateStyle, UTC as Prisma stores them).
 */
export async function* copyRows(databaseUrl: string, query: Prisma.Sql): AsyncGenerator<(string | null)[][]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SET DateStyle = ISO; SET standard_conforming_strings = on");
    const stream = client.query(copyTo(`COPY (${inlineParameters(query)}) TO STDOUT`));
    const decoder = new StringDecoder("utf8");
    let rest = "";
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const text = rest + decoder.write(chunk);
      const lines = text.split("\n");
      rest = lines.pop() ?? "";
      if (lines.length > 0) yield lines.map((line) => line.split("\t").map(unescapeCopyText));
    }
    rest += decoder.end();
    if (rest !== "") yield [rest.split("\t").map(unescapeCopyText)];
  } finally {
    await client.end().catch(() => undefined);
  }
}
