// Marking inbox events processed. A handler that writes in its own transaction marks its event
// there (the mark commits with its work: no separate statement and commit per delivery).
import type { Db, Prisma } from "../db.server";

export async function markEventsProcessed(client: Db | Prisma.TransactionClient, eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await client.$executeRaw`
    UPDATE "WebhookEvent" SET status = 'processed', "processedAt" = ${new Date()}::timestamp(3), error = NULL
    WHERE id = ANY(${eventIds}::uuid[])`;
}
