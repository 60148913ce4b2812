// The counters behind `{SEQ:n}`. Taking numbers is an upsert that locks the counter's row until
// the transaction ends: concurrent receipts for one scope queue up, and a receipt that rolls
// back gives its numbers back, so the issued sequence has no gaps.
import type { Prisma } from "../db.server";

type Tx = Prisma.TransactionClient;

/**
 * Takes `count` numbers from each scope and answers the first number of each. Scopes are
 * taken in sorted order so two receipts never wait on each other's counters (no deadlock).
 * Must run inside the transaction that uses the numbers.
 */
export async function takeSequenceNumbers(
  tx: Tx,
  shopId: string,
  demand: ReadonlyMap<string, number>,
): Promise<Map<string, number>> {
  const first = new Map<string, number>();
  for (const scope of [...demand.keys()].sort()) {
    const count = demand.get(scope) ?? 0;
    if (count <= 0) continue;
    const [row] = await tx.$queryRaw<{ value: number }[]>`
      INSERT INTO "CodeSequence" ("shopId", "scope", "value", "lastIssuedAt")
      VALUES (${shopId}::uuid, ${scope}, ${count}, now())
      ON CONFLICT ("shopId", "scope")
      DO UPDATE SET "value" = "CodeSequence"."value" + ${count}, "lastIssuedAt" = now()
      RETURNING "value"`;
    first.set(scope, Number(row.value) - count + 1);
  }
  return first;
}

/** The last number each scope of the shop has issued (for previews and tests). */
export async function listSequences(db: { codeSequence: Tx["codeSequence"] }, shopId: string) {
  return db.codeSequence.findMany({ where: { shopId }, orderBy: { scope: "asc" } });
}

/**
 * The counters a shop used most recently, as `{ scope: last number issued }`: enough for the
 * Receive page to preview today's codes without reading a shop's whole history.
 */
export async function listRecentSequences(
  db: { codeSequence: Tx["codeSequence"] },
  shopId: string,
  take = 500,
): Promise<Record<string, number>> {
  const rows = await db.codeSequence.findMany({
    where: { shopId },
    orderBy: { lastIssuedAt: "desc" },
    take,
    select: { scope: true, value: true },
  });
  return Object.fromEntries(rows.map((row) => [row.scope, row.value]));
}
