// Ledger rows that owe Shopify an inventory move (returned units into quality control, released
// units back to available) with no record yet that the move was made. The job that makes a move
// records it as an audit entry on the ledger row; a sweep queues the job again for the others.
import type { Db } from "../db.server";
import type { LotEventType } from "../generated/prisma/client.ts";

const LOOK_BACK_MS = 14 * 86_400_000;

export async function ledgerRowsAwaitingShopifyMove(
  db: Db,
  input: {
    type: LotEventType;
    /** `reference.kind` of the rows that owe a move. */
    kind: string;
    /** The audit action the move's job writes on the row (subjectType "lot_event"). */
    movedAction: string;
    before: Date;
    since?: Date;
    limit?: number;
  },
): Promise<{ id: string; shopId: string }[]> {
  const events = await db.lotEvent.findMany({
    where: {
      type: input.type,
      occurredAt: { lt: input.before, gte: input.since ?? new Date(input.before.getTime() - LOOK_BACK_MS) },
      reference: { path: ["kind"], equals: input.kind },
      lot: { shop: { uninstalledAt: null } },
    },
    select: { id: true, shopId: true },
    orderBy: { occurredAt: "asc" },
    take: input.limit ?? 500,
  });
  if (events.length === 0) return [];
  const moved = await db.auditEntry.findMany({
    where: { action: input.movedAction, subjectType: "lot_event", subjectId: { in: events.map((e) => e.id) } },
    select: { subjectId: true },
  });
  const done = new Set(moved.map((entry) => entry.subjectId));
  return events.filter((event) => !done.has(event.id));
}
