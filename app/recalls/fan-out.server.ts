// Turns a sent recall into recipients (one per affected customer) and notice messages, then
// queues one send job per chunk. Set-based and idempotent: a re-run (a retry after a crash, a
// second enqueue) makes no second recipient or message, and re-queues only chunks still pending.
import type { Db } from "../db.server";
import { env } from "../env.server";
import type { JobPayload } from "../jobs/contract";
import { AppError } from "../utils/errors";
import { customerCtes, findTraceTarget } from "./recall-trace.server";

/** Messages per send job: small enough that one job finishes well inside its lock time. */
export const RECALL_CHUNK_SIZE = 250;

export async function fanOutRecall(
  db: Db,
  input: JobPayload<"recalls.fan-out">,
  deps: { enqueue: (payload: JobPayload<"recalls.send-chunk">) => Promise<unknown> },
): Promise<{ recipients: number; messages: number; chunks: number }> {
  const target = await findTraceTarget(db, input.shopId, input.recallId).catch((error: unknown) => {
    if (error instanceof AppError) throw new AppError("NOT_FOUND", "The recall to fan out no longer exists.");
    throw error;
  });
  const recall = await db.recall.findUniqueOrThrow({ where: { id: target.id }, select: { status: true } });
  // A draft has told no one yet; a closed recall must not start telling people now.
  if (recall.status !== "sent") return { recipients: 0, messages: 0, chunks: 0 };
  const host = new URL(env().SHOPIFY_APP_URL).hostname;

  await db.$transaction(
    async (tx) => {
      // Room to group 100,000 orders in memory instead of spilling to disk (ends with the transaction).
      await tx.$executeRawUnsafe(`SET LOCAL work_mem = '64MB'`);
      await tx.$executeRaw`
        WITH ${customerCtes(target)}
        INSERT INTO "RecallRecipient" (id, "shopId", "recallId", "customerKey", "customerId", email, name, locale,
          "orderRefIds", "updatedAt")
        SELECT gen_random_uuid(), ${input.shopId}::uuid, ${target.id}::uuid, customer_key, customer_id, email, name,
          locale, order_ids, now()
        FROM per_customer
        ON CONFLICT ("recallId", "customerKey") DO NOTHING`;
      // Numbered after the chunks a previous run made, so a late recipient never joins a chunk
      // whose job has already finished. Read first: inside the INSERT it would be re-read per row.
      const [{ firstFree }] = await tx.$queryRaw<{ firstFree: number }[]>`
        SELECT COALESCE(max(chunk) + 1, 0)::int AS "firstFree" FROM "RecallMessage"
        WHERE "recallId" = ${target.id}::uuid AND "shopId" = ${input.shopId}::uuid AND sequence = 0`;
      await tx.$executeRaw`
        WITH waiting AS MATERIALIZED (
          SELECT r.id, row_number() OVER (ORDER BY r."customerKey") AS n
          FROM "RecallRecipient" r
          WHERE r."recallId" = ${target.id}::uuid AND r."shopId" = ${input.shopId}::uuid AND r.email IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM "RecallMessage" m WHERE m."recipientId" = r.id AND m.sequence = 0)
        )
        INSERT INTO "RecallMessage" (id, "shopId", "recallId", "recipientId", sequence, chunk, "messageId", "updatedAt")
        SELECT gen_random_uuid(), ${input.shopId}::uuid, ${target.id}::uuid, waiting.id, 0,
          ${firstFree}::int + ((waiting.n - 1) / ${RECALL_CHUNK_SIZE})::int,
          gen_random_uuid()::text || '@' || ${host}, now()
        FROM waiting
        ON CONFLICT ("recipientId", sequence) DO NOTHING`;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );

  const [counts] = await db.$queryRaw<{ recipients: number; messages: number }[]>`
    SELECT (SELECT count(*)::int FROM "RecallRecipient" WHERE "recallId" = ${target.id}::uuid AND "shopId" = ${input.shopId}::uuid) AS recipients,
           (SELECT count(*)::int FROM "RecallMessage" WHERE "recallId" = ${target.id}::uuid AND "shopId" = ${input.shopId}::uuid AND sequence = 0) AS messages`;
  const pending = await db.$queryRaw<{ chunk: number }[]>`
    SELECT DISTINCT chunk FROM "RecallMessage"
    WHERE "recallId" = ${target.id}::uuid AND "shopId" = ${input.shopId}::uuid AND sequence = 0 AND status = 'pending'
    ORDER BY chunk`;
  // Job ids are deterministic per chunk, so chunks queued by an earlier run are not queued twice.
  const BATCH = 50;
  for (let i = 0; i < pending.length; i += BATCH) {
    await Promise.all(
      pending
        .slice(i, i + BATCH)
        .map(({ chunk }) => deps.enqueue({ shopId: input.shopId, recallId: target.id, sequence: 0, chunk })),
    );
  }
  return { recipients: counts.recipients, messages: counts.messages, chunks: pending.length };
}
