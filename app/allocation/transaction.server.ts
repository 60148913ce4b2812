// A transaction that PostgreSQL may abort to break a deadlock or a serialization conflict is
// simply run again: the work inside re-reads everything it decides on.
import type { Db, Prisma } from "../db.server";

const RETRYABLE_SQLSTATES = new Set(["40001", "40P01"]);
const RETRYABLE_MESSAGE = /deadlock detected|could not serialize access|Code: `(40001|40P01)`/;

function isRetryable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const candidate = current as { code?: unknown; cause?: unknown; meta?: { code?: unknown }; message?: unknown };
    if (typeof candidate.code === "string" && RETRYABLE_SQLSTATES.has(candidate.code)) return true;
    if (typeof candidate.meta?.code === "string" && RETRYABLE_SQLSTATES.has(candidate.meta.code)) return true;
    // Through the driver adapter the SQLSTATE may only survive in the message ("Code: `40P01`").
    if (typeof candidate.message === "string" && RETRYABLE_MESSAGE.test(candidate.message)) return true;
    current = candidate.cause;
  }
  return false;
}

export async function withRetriedTransaction<T>(
  db: Db,
  work: (tx: Prisma.TransactionClient) => Promise<T>,
  options: { attempts?: number; timeoutMs?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.$transaction(work, { timeout: options.timeoutMs ?? 15_000, maxWait: 10_000 });
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      // A short, growing pause lets the competing transaction finish first.
      await new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));
    }
  }
}
