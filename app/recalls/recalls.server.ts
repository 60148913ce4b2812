// Recall drafts and their life: create and edit while a draft, send (lots become recalled, the
// notices are fanned out), close. A sent recall's content is fixed: customers were told it.
import type { Db, Prisma } from "../db.server";
import type { Lot, Recall } from "../generated/prisma/client.ts";
import type { JobPayload } from "../jobs/contract";
import { AppError } from "../utils/errors";
import { checkNoticeTemplate, checkNoticeWording } from "./notice-template";
import { checkRecallDraft, findMissingRecallContent, type RecallDraftInput } from "./recall-input";
import { serialRangeCondition } from "./recall-trace.server";

export type RecallWithLots = Recall & { lots: { lot: Lot }[] };

export interface RecallListRow {
  id: string;
  number: number;
  title: string;
  status: Recall["status"];
  jurisdiction: Recall["jurisdiction"];
  severity: Recall["severity"];
  createdAt: Date;
  sentAt: Date | null;
  closedAt: Date | null;
  lotCodes: string[];
  recipients: number;
  acknowledged: number;
}

/** Queues the jobs a sent recall starts; the real `enqueue` of app/jobs/queues.server.ts fits. */
export type RecallEnqueue = <N extends "recalls.fan-out" | "recalls.flow-trigger">(
  name: N,
  payload: JobPayload<N>,
) => Promise<unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 24 * 3600 * 1000;

export async function createRecallDraft(
  db: Db,
  input: { shopId: string; input: RecallDraftInput; actor: string },
): Promise<Recall> {
  const draft = parseDraft(input.input);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.$transaction(async (tx) => {
        const lotIds = await resolveRecallLots(tx, input.shopId, draft);
        // Numbers are per shop and readable ("Recall #3"); a concurrent create that takes the same
        // number fails on the unique index and is retried below.
        const [{ next }] = await tx.$queryRaw<{ next: number }[]>`
          SELECT COALESCE(max(number), 0)::int + 1 AS next FROM "Recall" WHERE "shopId" = ${input.shopId}::uuid`;
        const recall = await tx.recall.create({
          data: { shopId: input.shopId, number: next, createdBy: input.actor, ...draftColumns(draft) },
        });
        await tx.recallLot.createMany({
          data: lotIds.map((lotId) => ({ recallId: recall.id, shopId: input.shopId, lotId })),
        });
        await tx.auditEntry.create({
          data: {
            shopId: input.shopId,
            actor: input.actor,
            action: "recall.created",
            subjectType: "Recall",
            subjectId: recall.id,
            details: { number: recall.number, title: recall.title, lotIds },
          },
        });
        return recall;
      });
    } catch (error) {
      if (attempt < 5 && (error as { code?: string } | null)?.code === "P2002") continue;
      throw error;
    }
  }
}

export async function updateRecallDraft(
  db: Db,
  input: { shopId: string; recallId: string; input: RecallDraftInput; actor: string },
): Promise<Recall> {
  const draft = parseDraft(input.input);
  return db.$transaction(async (tx) => {
    const current = await lockRecall(tx, input.shopId, input.recallId);
    if (current.status !== "draft") throw sentIsFixed(current);
    const lotIds = await resolveRecallLots(tx, input.shopId, draft);
    // Optional fields left empty are cleared: the form always sends the whole draft.
    const recall = await tx.recall.update({ where: { id: current.id }, data: draftColumns(draft) });
    await tx.recallLot.deleteMany({ where: { recallId: current.id, shopId: input.shopId } });
    await tx.recallLot.createMany({
      data: lotIds.map((lotId) => ({ recallId: current.id, shopId: input.shopId, lotId })),
    });
    await tx.auditEntry.create({
      data: {
        shopId: input.shopId,
        actor: input.actor,
        action: "recall.updated",
        subjectType: "Recall",
        subjectId: current.id,
        details: { number: current.number, lotIds },
      },
    });
    return recall;
  });
}

export async function retrieveRecall(db: Db | Prisma.TransactionClient, shopId: string, recallId: string) {
  const recall = UUID.test(recallId)
    ? await db.recall.findFirst({
        where: { id: recallId, shopId },
        include: { lots: { include: { lot: true }, orderBy: { lot: { code: "asc" } } } },
      })
    : null;
  if (!recall) throw recallNotFound();
  return recall satisfies RecallWithLots;
}

export async function listRecalls(db: Db, shopId: string): Promise<RecallListRow[]> {
  const recalls = await db.recall.findMany({
    where: { shopId },
    orderBy: { number: "desc" },
    include: {
      lots: { select: { lot: { select: { code: true } } } },
      _count: { select: { recipients: true } },
    },
  });
  const acknowledged = await db.recallRecipient.groupBy({
    by: ["recallId"],
    where: { shopId, acknowledgedAt: { not: null } },
    _count: { _all: true },
  });
  const acknowledgedBy = new Map(acknowledged.map((row) => [row.recallId, row._count._all]));
  return recalls.map((recall) => ({
    id: recall.id,
    number: recall.number,
    title: recall.title,
    status: recall.status,
    jurisdiction: recall.jurisdiction,
    severity: recall.severity,
    createdAt: recall.createdAt,
    sentAt: recall.sentAt,
    closedAt: recall.closedAt,
    lotCodes: recall.lots.map((row) => row.lot.code).sort(),
    recipients: recall._count.recipients,
    acknowledged: acknowledgedBy.get(recall.id) ?? 0,
  }));
}

/**
 * Sends a complete draft: marks it sent, its lots recalled (one ledger row each) and, for a serial
 * range, its serial numbers recalled; then queues the fan-out and the Flow trigger. Sending again
 * (a double click, a retry after the queue was down) changes nothing and re-queues under the same
 * job ids, which the queue ignores while the first jobs exist.
 */
export async function sendRecall(
  db: Db,
  input: { shopId: string; recallId: string; actor: string; now?: Date },
  deps: { enqueue: RecallEnqueue },
): Promise<Recall> {
  const now = input.now ?? new Date();
  const recall = await db.$transaction(async (tx) => {
    const current = await lockRecall(tx, input.shopId, input.recallId);
    if (current.status === "closed") {
      throw new AppError("CONFLICT", `Recall #${current.number} is closed; it cannot be sent again.`);
    }
    if (current.status === "sent") return current;

    const fields = findMissingRecallContent(current);
    const template = checkNoticeTemplate(current.jurisdiction, current.noticeSubject, current.noticeBody);
    if (!template.ok) Object.assign(fields, template.fields);
    // The merchant's own risk text goes into the notice as typed: an EU notice may not downplay it.
    const wording = checkNoticeWording(current.jurisdiction, current);
    if (!wording.ok) Object.assign(fields, wording.fields);
    if (Object.keys(fields).length > 0) {
      throw new AppError(
        "INVALID_DATA",
        `Recall #${current.number} cannot be sent yet: ${Object.values(fields).join(" ")}`,
        fields,
      );
    }

    const sent = await tx.recall.update({
      where: { id: current.id },
      data: {
        status: "sent",
        sentAt: now,
        sentBy: input.actor,
        expiresAt: current.expiresAt ?? new Date(now.getTime() + 365 * DAY_MS),
      },
    });
    const lots = await tx.recallLot.findMany({
      where: { recallId: current.id, shopId: input.shopId },
      select: { lotId: true },
    });
    const lotIds = lots.map((row) => row.lotId);
    const serialRange =
      current.serialProductId && current.serialFrom && current.serialTo
        ? { serialFrom: current.serialFrom, serialTo: current.serialTo }
        : null;
    // The allocation planner never picks a recalled lot, so no new order gets these units. A serial
    // range recalls only its units: the rest of their lots stays sellable.
    if (!serialRange) {
      await tx.lot.updateMany({ where: { shopId: input.shopId, id: { in: lotIds } }, data: { status: "recalled" } });
    }
    await tx.lotEvent.createMany({
      data: lotIds.map((lotId) => ({
        shopId: input.shopId,
        lotId,
        type: "recalled" as const,
        quantity: 0,
        occurredAt: now,
        actor: input.actor,
        reference: { kind: "recall", recallId: current.id, number: current.number, ...serialRange },
      })),
    });
    if (current.serialProductId && current.serialFrom && current.serialTo) {
      await tx.$executeRaw`
        UPDATE "SerialNumber" s SET status = 'recalled'::"SerialStatus", "updatedAt" = ${now}
        WHERE s."shopId" = ${input.shopId}::uuid AND s."productId" = ${current.serialProductId}
          AND ${serialRangeCondition(current.serialFrom, current.serialTo)}`;
    }
    await tx.auditEntry.create({
      data: {
        shopId: input.shopId,
        actor: input.actor,
        action: "recall.sent",
        subjectType: "Recall",
        subjectId: current.id,
        details: { number: current.number, lotIds },
      },
    });
    return sent;
  });

  try {
    await deps.enqueue("recalls.fan-out", { shopId: input.shopId, recallId: recall.id });
    await deps.enqueue("recalls.flow-trigger", { shopId: input.shopId, recallId: recall.id });
  } catch (error) {
    throw new AppError(
      "CONFLICT",
      `Recall #${recall.number} is marked sent, but its notices could not be queued (${
        (error as Error).message
      }). Press Send again in a minute: nobody will be notified twice.`,
    );
  }
  return recall;
}

/** Ends a recall: acknowledgement links stop working and no reminders go out. Closing twice is a no-op. */
export async function closeRecall(
  db: Db,
  input: { shopId: string; recallId: string; actor: string; now?: Date },
): Promise<Recall> {
  return db.$transaction(async (tx) => {
    const current = await lockRecall(tx, input.shopId, input.recallId);
    if (current.status === "closed") return current;
    const closed = await tx.recall.update({
      where: { id: current.id },
      data: { status: "closed", closedAt: input.now ?? new Date(), closedBy: input.actor },
    });
    await tx.auditEntry.create({
      data: {
        shopId: input.shopId,
        actor: input.actor,
        action: "recall.closed",
        subjectType: "Recall",
        subjectId: current.id,
        details: { number: current.number, wasSent: current.status === "sent" },
      },
    });
    return closed;
  });
}

function parseDraft(input: RecallDraftInput): RecallDraftInput {
  const checked = checkRecallDraft(input);
  if (!checked.ok) {
    throw new AppError("INVALID_DATA", `The recall has errors: ${Object.values(checked.fields).join(" ")}`, {
      ...checked.fields,
    });
  }
  return checked.value;
}

function draftColumns(draft: RecallDraftInput) {
  const isSerialRange = draft.serialProductId !== undefined;
  return {
    title: draft.title,
    jurisdiction: draft.jurisdiction,
    severity: draft.severity,
    reason: draft.reason,
    hazard: draft.hazard,
    customerActions: draft.customerActions,
    remedies: draft.remedies,
    contactEmail: draft.contactEmail ?? null,
    contactPhone: draft.contactPhone ?? null,
    contactUrl: draft.contactUrl ?? null,
    serialProductId: isSerialRange ? (draft.serialProductId ?? null) : null,
    serialFrom: isSerialRange ? (draft.serialFrom ?? null) : null,
    serialTo: isSerialRange ? (draft.serialTo ?? null) : null,
    noticeSubject: draft.noticeSubject ?? null,
    noticeBody: draft.noticeBody ?? null,
    expiresAt: draft.expiresAt ? new Date(`${draft.expiresAt}T23:59:59Z`) : null,
  };
}

/**
 * The lots a draft covers, all of this shop: the chosen lots, or the lots the serial range's units
 * came from. A lot id that is not this shop's is refused by id (its code is not ours to show).
 */
async function resolveRecallLots(tx: Prisma.TransactionClient, shopId: string, draft: RecallDraftInput) {
  if (draft.serialProductId && draft.serialFrom && draft.serialTo) {
    const rows = await tx.$queryRaw<{ lotId: string }[]>`
      SELECT DISTINCT s."lotId" FROM "SerialNumber" s
      WHERE s."shopId" = ${shopId}::uuid AND s."productId" = ${draft.serialProductId}
        AND ${serialRangeCondition(draft.serialFrom, draft.serialTo)}`;
    if (rows.length === 0) {
      throw new AppError(
        "INVALID_DATA",
        `No serial numbers of this product lie between ${draft.serialFrom} and ${draft.serialTo}. Check the range.`,
        { serialFrom: `No serial numbers of this product lie between ${draft.serialFrom} and ${draft.serialTo}` },
      );
    }
    return rows.map((row) => row.lotId).sort();
  }
  const found = await tx.lot.findMany({ where: { shopId, id: { in: draft.lotIds } }, select: { id: true } });
  const ours = new Set(found.map((lot) => lot.id));
  const missing = draft.lotIds.filter((id) => !ours.has(id));
  if (missing.length > 0) {
    const message = `Lot ${missing.join(", ")} was not found in your shop. Choose the lots again from your list.`;
    throw new AppError("INVALID_DATA", message, { lotIds: message });
  }
  return draft.lotIds;
}

async function lockRecall(tx: Prisma.TransactionClient, shopId: string, recallId: string): Promise<Recall> {
  if (!UUID.test(recallId)) throw recallNotFound();
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Recall" WHERE id = ${recallId}::uuid AND "shopId" = ${shopId}::uuid FOR UPDATE`;
  if (locked.length === 0) throw recallNotFound();
  return tx.recall.findUniqueOrThrow({ where: { id: recallId } });
}

function recallNotFound() {
  return new AppError("NOT_FOUND", "This recall does not exist in your shop. Open it again from the Recalls list.");
}

function sentIsFixed(recall: Recall) {
  const when = recall.sentAt ? ` on ${recall.sentAt.toISOString().slice(0, 10)}` : "";
  const state = recall.status === "closed" ? "closed" : `sent${when}`;
  return new AppError(
    "CONFLICT",
    `Recall #${recall.number} was ${state}, so its content can no longer change: customers were told what it says. Send a follow-up or close it instead.`,
  );
}
