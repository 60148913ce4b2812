// How a recall's notices are doing: who was targeted, what went out, what failed or could not be
// reached, who acknowledged — the figures the merchant reports to an authority — and the
// progress of the send while it runs.
import type { Db } from "../db.server";
import { AppError } from "../utils/errors";

export interface RecallDashboard {
  /** Every affected customer, reachable or not. */
  targeted: number;
  /** Notices (sequence 0) the mail server accepted. */
  sent: number;
  failed: number;
  /** Customers Lotline has no address for. */
  unreachable: number;
  /** Hand-offs whose answer never came back: not re-sent automatically, shown to the merchant. */
  unconfirmed: number;
  /** Notices still waiting to go out (pending or being handed off). */
  pending: number;
  acknowledged: number;
  /** Each count as a share of `targeted`, 0..100, rounded to one decimal. */
  percentages: { sent: number; failed: number; unreachable: number; unconfirmed: number; acknowledged: number };
  /** Share of the notices to reachable customers that have an outcome (sent, failed, unconfirmed), 0..1. */
  progress: number;
  /** From "send" to "all notices sent"; null while notices are still going out. */
  sendDurationMs: number | null;
  /** Messages sent and acknowledgements received per hour (UTC hour starts, ISO). */
  timeline: { at: string; sent: number; acknowledged: number }[];
}

const TIMELINE_HOURS = 72;

export async function retrieveRecallDashboard(db: Db, shopId: string, recallId: string): Promise<RecallDashboard> {
  const recall = await db.recall.findFirst({
    where: { id: recallId, shopId },
    select: { sentAt: true, allSentAt: true },
  });
  if (!recall) throw new AppError("NOT_FOUND", "This recall does not exist in your shop.");

  const [targeted, unreachable, acknowledged, statuses, timeline] = await Promise.all([
    db.recallRecipient.count({ where: { shopId, recallId } }),
    db.recallRecipient.count({ where: { shopId, recallId, email: null } }),
    db.recallRecipient.count({ where: { shopId, recallId, acknowledgedAt: { not: null } } }),
    db.recallMessage.groupBy({
      by: ["status"],
      where: { shopId, recallId, sequence: 0 },
      _count: { _all: true },
    }),
    recallTimeline(db, shopId, recallId),
  ]);
  const byStatus = new Map(statuses.map((row) => [row.status, row._count._all]));
  const sent = byStatus.get("sent") ?? 0;
  const failed = byStatus.get("failed") ?? 0;
  const unconfirmed = byStatus.get("unconfirmed") ?? 0;
  const pending = (byStatus.get("pending") ?? 0) + (byStatus.get("sending") ?? 0);
  const notices = sent + failed + unconfirmed + pending;

  const progress = sendProgress({ notices, done: sent + failed + unconfirmed, targeted, allSent: !!recall.allSentAt });
  const sendDurationMs =
    recall.sentAt && recall.allSentAt ? Math.max(0, recall.allSentAt.getTime() - recall.sentAt.getTime()) : null;
  const share = (count: number) => (targeted === 0 ? 0 : Math.round((count / targeted) * 1000) / 10);

  return {
    targeted,
    sent,
    failed,
    unreachable,
    unconfirmed,
    pending,
    acknowledged,
    percentages: {
      sent: share(sent),
      failed: share(failed),
      unreachable: share(unreachable),
      unconfirmed: share(unconfirmed),
      acknowledged: share(acknowledged),
    },
    progress,
    sendDurationMs,
    timeline,
  };
}

function sendProgress(input: { notices: number; done: number; targeted: number; allSent: boolean }): number {
  if (input.allSent) return 1;
  if (input.notices > 0) return input.done / input.notices;
  // Recipients without a single notice: every one of them is unreachable, nothing is left to send.
  // No recipients yet: the fan-out has not run (or there is no one to notify; the page says which).
  return input.targeted > 0 ? 1 : 0;
}

async function recallTimeline(db: Db, shopId: string, recallId: string) {
  // Two small aggregates over indexed columns; hours without activity are left out.
  const rows = await db.$queryRaw<{ at: Date; sent: bigint; acknowledged: bigint }[]>`
    WITH sent AS (
      SELECT date_trunc('hour', "sentAt") AS at, count(*) AS n
      FROM "RecallMessage"
      WHERE "shopId" = ${shopId}::uuid AND "recallId" = ${recallId}::uuid AND "sentAt" IS NOT NULL
      GROUP BY 1
    ), acknowledged AS (
      SELECT date_trunc('hour', "acknowledgedAt") AS at, count(*) AS n
      FROM "RecallRecipient"
      WHERE "shopId" = ${shopId}::uuid AND "recallId" = ${recallId}::uuid AND "acknowledgedAt" IS NOT NULL
      GROUP BY 1
    )
    SELECT coalesce(sent.at, acknowledged.at) AS at,
           coalesce(sent.n, 0) AS sent,
           coalesce(acknowledged.n, 0) AS acknowledged
    FROM sent FULL OUTER JOIN acknowledged ON sent.at = acknowledged.at
    ORDER BY 1 DESC
    LIMIT ${TIMELINE_HOURS}`;
  return rows.reverse().map((row) => ({
    at: new Date(row.at).toISOString(),
    sent: Number(row.sent),
    acknowledged: Number(row.acknowledged),
  }));
}
