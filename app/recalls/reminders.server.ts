// Follow-ups: reminder messages to recipients who have not acknowledged after N days, at most M
// times (per shop settings). Hourly; each reminder is one more message row (sequence = reminder
// number), unique per recipient × sequence, so a re-run or a second worker makes none twice.
// Also the merchant's "send again" for messages whose delivery could not be confirmed.
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";
import { AppError } from "../utils/errors";
import { RECALL_CHUNK_SIZE } from "./fan-out.server";
import { DEFAULT_RECALL_SETTINGS } from "./recall-settings";

type Enqueue = (payload: JobPayload<"recalls.send-chunk">) => Promise<unknown>;

export async function queueRecallReminders(
  db: Db,
  deps: { enqueue: Enqueue; now?: Date },
): Promise<{ reminders: number }> {
  const now = deps.now ?? new Date();
  const hostSql = "split_part(m0.\"messageId\", '@', 2)";
  // One statement for every shop: due recipients get the next sequence's message, numbered into
  // chunks of their own (per recall and sequence), and their reminder count goes up with it.
  const made = await db.$transaction(async (tx) => {
    // One run at a time: new reminders go into chunk numbers no job has used yet (a finished
    // job's id would make their enqueue a no-op), and two runs would pick the same numbers.
    await tx.$queryRaw`SELECT 1 FROM pg_advisory_xact_lock(hashtext('lotline-recall-reminders'))`;
    return tx.$queryRawUnsafe<{ shopId: string; recallId: string; sequence: number; chunk: number }[]>(
      `
    WITH settings AS (
      SELECT s.id AS "shopId",
        COALESCE(CASE WHEN jsonb_typeof(st.value->'reminderAfterDays') = 'number'
                      THEN (st.value->>'reminderAfterDays')::numeric::int END, $2::int) AS after_days,
        COALESCE(CASE WHEN jsonb_typeof(st.value->'maxReminders') = 'number'
                      THEN (st.value->>'maxReminders')::numeric::int END, $3::int) AS max_reminders
      FROM "Shop" s LEFT JOIN "Setting" st ON st."shopId" = s.id AND st.key = 'recalls'
      WHERE s."uninstalledAt" IS NULL
    ), due AS (
      SELECT r.id, r."shopId", r."recallId", r."customerKey", r."remindersSent" + 1 AS sequence,
             (SELECT ${hostSql} FROM "RecallMessage" m0
              WHERE m0."recipientId" = r.id AND m0.sequence = 0) AS host
      FROM "RecallRecipient" r
      JOIN "Recall" rc ON rc.id = r."recallId" AND rc."shopId" = r."shopId"
      JOIN settings ON settings."shopId" = r."shopId"
      WHERE rc.status = 'sent' AND (rc."expiresAt" IS NULL OR rc."expiresAt" > $1)
        AND r.email IS NOT NULL AND r."redactedAt" IS NULL AND r."acknowledgedAt" IS NULL
        AND r."remindersSent" < settings.max_reminders
        AND r."lastNoticeAt" IS NOT NULL
        AND r."lastNoticeAt" <= $1 - make_interval(days => settings.after_days)
        -- The previous message must be settled (a reminder never overtakes a notice still on its way).
        AND NOT EXISTS (SELECT 1 FROM "RecallMessage" m WHERE m."recipientId" = r.id
                        AND m.status IN ('pending', 'sending'))
    ), chunk_base AS (
      SELECT d."recallId", d.sequence, COALESCE(max(m.chunk) + 1, 0) AS first_chunk
      FROM (SELECT DISTINCT "recallId", sequence FROM due) d
      LEFT JOIN "RecallMessage" m ON m."recallId" = d."recallId" AND m.sequence = d.sequence
      GROUP BY d."recallId", d.sequence
    ), inserted AS (
      INSERT INTO "RecallMessage" (id, "shopId", "recallId", "recipientId", sequence, chunk, "messageId", "updatedAt")
      SELECT gen_random_uuid(), due."shopId", due."recallId", due.id, due.sequence,
        chunk_base.first_chunk + ((row_number() OVER (PARTITION BY due."recallId", due.sequence ORDER BY due."customerKey") - 1)
          / $4::int)::int,
        gen_random_uuid()::text || '@' || COALESCE(NULLIF(due.host, ''), 'lotline.invalid'), now()
      FROM due JOIN chunk_base ON chunk_base."recallId" = due."recallId" AND chunk_base.sequence = due.sequence
      ON CONFLICT ("recipientId", sequence) DO NOTHING
      RETURNING "recipientId", "shopId", "recallId", sequence, chunk
    ), bumped AS (
      UPDATE "RecallRecipient" r SET "remindersSent" = inserted.sequence, "updatedAt" = now()
      FROM inserted WHERE r.id = inserted."recipientId"
      RETURNING r.id
    )
    SELECT inserted."shopId", inserted."recallId", inserted.sequence, inserted.chunk
    FROM inserted
    `,
      now,
      DEFAULT_RECALL_SETTINGS.reminderAfterDays,
      DEFAULT_RECALL_SETTINGS.maxReminders,
      RECALL_CHUNK_SIZE,
    );
  });
  for (const chunk of uniqueChunks(made)) await deps.enqueue(chunk);
  return { reminders: made.length };
}

/**
 * The merchant's choice for messages whose delivery could not be confirmed: send them again
 * (the customer may get it twice). Returns how many were queued; audited.
 */
export async function resendUnconfirmed(
  db: Db,
  input: { shopId: string; recallId: string; actor: string },
  deps: { enqueue: Enqueue },
): Promise<number> {
  const recall = await db.recall.findFirst({
    where: { id: input.recallId, shopId: input.shopId },
    select: { id: true, status: true },
  });
  if (!recall) throw new AppError("NOT_FOUND", "This recall does not exist in your shop.");
  if (recall.status !== "sent")
    throw new AppError("CONFLICT", "Only a sent recall that is not closed can send its notices again.");
  // Into a chunk number of their own: the job of their old chunk has finished, and a finished
  // job's id would make the enqueue a no-op.
  const requeued = await db.$queryRaw<{ sequence: number; chunk: number }[]>`
    WITH fresh AS (
      SELECT sequence, max(chunk) + 1 AS chunk FROM "RecallMessage"
      WHERE "shopId" = ${input.shopId}::uuid AND "recallId" = ${input.recallId}::uuid
      GROUP BY sequence
    )
    UPDATE "RecallMessage" m
    SET status = 'pending', chunk = fresh.chunk, "handedOffAt" = NULL, "nextAttemptAt" = NULL,
        error = 'Sent again at the merchant''s request after an unconfirmed delivery', "updatedAt" = now()
    FROM fresh
    WHERE m."shopId" = ${input.shopId}::uuid AND m."recallId" = ${input.recallId}::uuid
      AND m.status = 'unconfirmed' AND m.sequence = fresh.sequence
    RETURNING m.sequence, m.chunk`;
  if (requeued.length > 0) {
    await db.auditEntry.create({
      data: {
        shopId: input.shopId,
        actor: input.actor,
        action: "recall.resent-unconfirmed",
        subjectType: "Recall",
        subjectId: input.recallId,
        details: { messages: requeued.length },
      },
    });
  }
  for (const chunk of uniqueChunks(requeued.map((row) => ({ ...row, shopId: input.shopId, recallId: input.recallId }))))
    await deps.enqueue(chunk);
  return requeued.length;
}

function uniqueChunks(rows: { shopId: string; recallId: string; sequence: number; chunk: number }[]) {
  const chunks = new Map<string, JobPayload<"recalls.send-chunk">>();
  for (const row of rows) {
    const key = `${row.recallId}/${row.sequence}/${row.chunk}`;
    if (!chunks.has(key))
      chunks.set(key, { shopId: row.shopId, recallId: row.recallId, sequence: row.sequence, chunk: row.chunk });
  }
  return [...chunks.values()];
}

/**
 * The backstop for sends nobody is working on: a chunk job that spent all its attempts on errors
 * that were not the mail server's (the database away for minutes) leaves its messages pending.
 * Chunks of sent recalls with messages pending or claimed and untouched since `before` are put
 * back on the queue (`requeue` retries a failed job under its id, and leaves a queued one alone).
 */
export async function requeueStrandedRecallChunks(
  db: Db,
  deps: { requeue: (payload: JobPayload<"recalls.send-chunk">) => Promise<unknown>; before: Date },
): Promise<{ chunks: number }> {
  const rows = await db.$queryRaw<{ shopId: string; recallId: string; sequence: number; chunk: number }[]>`
    SELECT DISTINCT m."shopId", m."recallId", m.sequence, m.chunk
    FROM "Recall" r
    JOIN "RecallMessage" m ON m."recallId" = r.id AND m."shopId" = r."shopId"
    JOIN "Shop" s ON s.id = r."shopId"
    WHERE r.status = 'sent' AND s."uninstalledAt" IS NULL
      AND m.status IN ('pending', 'sending') AND m."updatedAt" < ${deps.before}
      AND (m."nextAttemptAt" IS NULL OR m."nextAttemptAt" < ${deps.before})
    LIMIT 1000`;
  const chunks = uniqueChunks(rows);
  for (const chunk of chunks) await deps.requeue(chunk);
  return { chunks: chunks.length };
}
