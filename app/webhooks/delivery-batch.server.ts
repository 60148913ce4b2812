// Group commit for the inbox: deliveries that arrive while earlier ones are being written go to
// Postgres together, as one INSERT and one commit. Each request still answers only after its own
// row is committed; under load, batches grow by themselves, and the database does one commit
// (one WAL flush) for many webhooks instead of one each.
import type { Db } from "../db.server";
import { Prisma } from "../generated/prisma/client.ts";
import { createBatcher } from "../utils/batcher";
import { newEventId } from "./event-id";
import type { WebhookDelivery } from "./intake.server";
import { acceptedAfterUninstall } from "./topics";

/** What the insert did for one delivery; null when no shop has its domain. */
export type InsertResult = { shopId: string; eventId: string | null; refused: boolean } | null;

const batchers = new WeakMap<Db, (delivery: WebhookDelivery) => Promise<InsertResult>>();

/** Records one delivery, batched with whatever else is being recorded through this client. */
export function insertDelivery(db: Db, delivery: WebhookDelivery): Promise<InsertResult> {
  let insert = batchers.get(db);
  if (!insert) {
    insert = createBatcher({
      run: (deliveries: WebhookDelivery[]) => insertDeliveries(db, deliveries),
      maxItems: 100,
      // A few statements at once keep the pool busy without starving other queries of connections.
      maxInFlight: 3,
      weigh: (delivery) => delivery.body.length,
      maxWeight: 8 * 1024 * 1024,
    });
    batchers.set(db, insert);
  }
  return insert(delivery);
}

/**
 * The shop lookup, the uninstall check and the insert of many deliveries in one statement.
 * Rows go in webhook-id order, so two batches that share ids cannot deadlock on the unique index.
 */
async function insertDeliveries(db: Db, deliveries: WebhookDelivery[]): Promise<InsertResult[]> {
  const ids = deliveries.map(() => newEventId());
  const rows = await db.$queryRaw<{ ordinal: number; shopId: string; eventId: string | null; refused: boolean }[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${ids}::uuid[], ${deliveries.map((d) => d.shopDomain)}::text[], ${deliveries.map((d) => d.webhookId)}::text[],
        ${deliveries.map((d) => d.eventId ?? null)}::text[], ${deliveries.map((d) => d.topic)}::text[],
        ${deliveries.map((d) => d.apiVersion ?? null)}::text[],
        ${deliveries.map((d) => d.triggeredAt?.toISOString() ?? null)}::timestamptz[],
        ${deliveries.map((d) => acceptedAfterUninstall(d.topic))}::boolean[]
      ) WITH ORDINALITY AS t(id, domain, "webhookId", "eventId", topic, "apiVersion", "triggeredAt", accepted, ordinal)
    ), candidate AS (
      SELECT input.*, bodies.body, shop.id AS "shopId",
        (shop."uninstalledAt" IS NOT NULL AND NOT input.accepted) AS refused
      FROM input JOIN "Shop" shop ON shop.domain = input.domain
      JOIN (VALUES ${bodyRows(deliveries)}) AS bodies(ordinal, body) ON bodies.ordinal = input.ordinal
    ), inserted AS (
      INSERT INTO "WebhookEvent"
        (id, "shopId", "webhookId", "eventId", topic, "apiVersion", "triggeredAt", body, "receivedAt")
      SELECT id, "shopId", "webhookId", "eventId", topic, "apiVersion", "triggeredAt" AT TIME ZONE 'UTC', body,
        now() AT TIME ZONE 'UTC'
      FROM candidate WHERE NOT refused
      ORDER BY "webhookId"
      ON CONFLICT ("webhookId") DO NOTHING
      RETURNING id
    )
    SELECT candidate.ordinal::int AS ordinal, candidate."shopId"::text AS "shopId", inserted.id::text AS "eventId",
      candidate.refused AS refused
    FROM candidate LEFT JOIN inserted ON inserted.id = candidate.id`;
  const results: InsertResult[] = deliveries.map(() => null);
  for (const row of rows) results[row.ordinal - 1] = { shopId: row.shopId, eventId: row.eventId, refused: row.refused };
  return results;
}

/**
 * One parameter per body: big JSON bodies sent as one text[] cost the driver and PostgreSQL a third
 * of the intake's CPU to escape and parse. The row count is padded to a power of two, so a handful
 * of statement texts (each prepared once per connection) serve every batch size.
 */
function bodyRows(deliveries: WebhookDelivery[]): Prisma.Sql {
  const slots = 2 ** Math.ceil(Math.log2(deliveries.length));
  return Prisma.join(
    Array.from({ length: slots }, (_, i) => Prisma.sql`(${i + 1}::bigint, ${deliveries[i]?.body ?? null}::text)`),
  );
}
