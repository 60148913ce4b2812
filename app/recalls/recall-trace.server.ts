// The forward trace of a recall: which units went to which orders and customers, from the
// allocations (or, for a serial range, the serial numbers). Set-based SQL, a fixed handful of
// queries whatever the size, so a lot with 100,000 affected order lines traces in well under a second.
import type { Db, Prisma as PrismaTypes } from "../db.server";
import { Prisma } from "../generated/prisma/client.ts";
import { AppError } from "../utils/errors";
import { parseSerialRange } from "./recall-input";

export interface RecallTraceLot {
  lotId: string;
  code: string;
  productTitle: string;
  sku: string | null;
  locationId: string;
  expiresAt: Date | null;
  shipped: number;
  allocatedUnshipped: number;
  inStock: number;
  quarantined: number;
}

export interface RecallTrace {
  lots: RecallTraceLot[];
  /** Orders with any affected unit, shipped or not. */
  orders: number;
  /** Customers with at least one shipped affected unit: the people to notify. 0 = no one to notify. */
  customers: number;
  reachable: number;
  /** Orders with affected units not shipped yet (to hold, not to mail). */
  unshippedOrders: number;
  /** Customers to notify without an address Lotline can use, first UNREACHABLE_LIST_LIMIT of them. */
  unreachable: { orderName: string; customerName: string | null }[];
  unreachableCount: number;
  /** The first SAMPLE_LIMIT customers to notify, oldest order first, for the preview. */
  sample: { customerName: string | null; email: string | null; orderNames: string[]; units: number }[];
}

export const UNREACHABLE_LIST_LIMIT = 100;
export const SAMPLE_LIMIT = 20;

type Queryable = Db | PrismaTypes.TransactionClient;

interface TraceTarget {
  id: string;
  shopId: string;
  /** Read up front: a literal list lets the planner use Allocation's statistics for these lots. */
  lotIds: string[];
  serialProductId: string | null;
  serialFrom: string | null;
  serialTo: string | null;
}

export async function traceRecall(db: Queryable, shopId: string, recallId: string): Promise<RecallTrace> {
  const target = await findTraceTarget(db, shopId, recallId);
  const affected = affectedUnitsSql(target);
  const inStock =
    target.serialProductId && target.serialFrom && target.serialTo
      ? Prisma.sql`(SELECT count(*)::int FROM "SerialNumber" s
           WHERE s."shopId" = lot."shopId" AND s."lotId" = lot.id AND s."productId" = ${target.serialProductId}
             AND s."orderLineId" IS NULL AND ${serialRangeCondition(target.serialFrom, target.serialTo)})`
      : Prisma.sql`GREATEST(lot."onHandQuantity" - lot."allocatedQuantity", 0)`;

  const [lots, [people]] = await Promise.all([
    db.$queryRaw<RecallTraceLot[]>`
      WITH affected AS (${affected}),
      per_lot AS (
        SELECT lot_id, sum(shipped)::int AS shipped, sum(quantity - shipped)::int AS unshipped
        FROM affected GROUP BY lot_id
      )
      SELECT lot.id AS "lotId", lot.code, lot."productTitle", lot.sku, lot."locationId", lot."expiresAt",
             COALESCE(per_lot.shipped, 0) AS shipped, COALESCE(per_lot.unshipped, 0) AS "allocatedUnshipped",
             ${inStock} AS "inStock", LEAST(lot."quarantinedQuantity", ${inStock}) AS quarantined
      FROM "RecallLot" rl
      JOIN "Lot" lot ON lot.id = rl."lotId" AND lot."shopId" = rl."shopId"
      LEFT JOIN per_lot ON per_lot.lot_id = lot.id
      WHERE rl."shopId" = ${shopId}::uuid AND rl."recallId" = ${target.id}::uuid
      ORDER BY lot.code`,
    withRoomToGroup(
      db,
      (q) =>
        q.$queryRaw<
          {
            orders: number;
            unshippedOrders: number;
            customers: number;
            reachable: number;
            unreachable: { order_names: string[]; name: string | null }[];
            sample: { name: string | null; email: string | null; order_names: string[]; units: number }[];
          }[]
        >`
      WITH affected AS (${affectedUnitsSql(target)}),
      ${perLineCte(target)},
      -- Counting needs only each order's customer key and whether it has an address: narrow rows.
      -- Names, addresses and order lists are read for the few customers the preview lists.
      per_order AS (
        SELECT o.id AS order_id, o."processedAt" AS processed_at, pl.shipped, pl.unshipped,
          ${CUSTOMER_KEY} AS customer_key, ${REACHABLE_EMAIL} IS NOT NULL AS has_email
        FROM per_line pl
        JOIN "OrderRef" o ON o.id = pl.order_id AND o."shopId" = ${target.shopId}::uuid
      ),
      people AS (
        SELECT customer_key, bool_or(has_email) AS reachable, min(processed_at) AS first_order_at
        FROM per_order WHERE shipped > 0 GROUP BY customer_key
      ),
      listed AS (
        (SELECT customer_key, first_order_at, false AS is_sample FROM people WHERE NOT reachable
         ORDER BY first_order_at, customer_key LIMIT ${UNREACHABLE_LIST_LIMIT})
        UNION ALL
        (SELECT customer_key, first_order_at, true AS is_sample FROM people
         ORDER BY first_order_at, customer_key LIMIT ${SAMPLE_LIMIT})
      ),
      listed_orders AS (
        SELECT listed.customer_key, listed.is_sample, listed.first_order_at, p.order_id, p.shipped
        FROM listed JOIN per_order p ON p.customer_key = listed.customer_key AND p.shipped > 0
      ),
      details AS (
        SELECT listed.customer_key, listed.is_sample, listed.first_order_at,
          (array_agg(${REACHABLE_EMAIL} ORDER BY o."processedAt" DESC) FILTER (WHERE ${REACHABLE_EMAIL} IS NOT NULL))[1] AS email,
          (array_agg(o."customerName" ORDER BY o."processedAt" DESC) FILTER (WHERE o."customerName" IS NOT NULL))[1] AS name,
          array_agg(o.name ORDER BY o."processedAt", o.name) AS order_names,
          sum(listed.shipped)::int AS units
        FROM listed_orders listed
        -- By primary key for the few listed orders (a join here would hash every order of the shop).
        JOIN "OrderRef" o ON o.id = listed.order_id
          AND o.id = ANY(ARRAY(SELECT order_id FROM listed_orders)) AND o."shopId" = ${target.shopId}::uuid
        GROUP BY listed.customer_key, listed.is_sample, listed.first_order_at
      )
      SELECT
        (SELECT count(*)::int FROM per_order) AS orders,
        (SELECT count(*)::int FROM per_order WHERE unshipped > 0) AS "unshippedOrders",
        (SELECT count(*)::int FROM people) AS customers,
        (SELECT count(*)::int FROM people WHERE reachable) AS reachable,
        (SELECT COALESCE(json_agg(u ORDER BY u.first_order_at, u.customer_key), '[]'::json) FROM (
           SELECT order_names, name, first_order_at, customer_key FROM details WHERE NOT is_sample) u) AS unreachable,
        (SELECT COALESCE(json_agg(s ORDER BY s.first_order_at, s.customer_key), '[]'::json) FROM (
           SELECT name, email, order_names, units, first_order_at, customer_key FROM details WHERE is_sample) s) AS sample`,
    ),
  ]);

  return {
    lots: lots.map((lot) => ({ ...lot, inStock: Number(lot.inStock), quarantined: Number(lot.quarantined) })),
    orders: people.orders,
    customers: people.customers,
    reachable: people.reachable,
    unshippedOrders: people.unshippedOrders,
    unreachable: people.unreachable.map((row) => ({ orderName: row.order_names.join(", "), customerName: row.name })),
    unreachableCount: people.customers - people.reachable,
    sample: people.sample.map((row) => ({
      customerName: row.name,
      email: row.email,
      orderNames: row.order_names,
      units: row.units,
    })),
  };
}

/**
 * Runs one big grouping query with enough working memory to group 100,000 orders in memory
 * (with PostgreSQL's default 4 MB the grouping spills to disk). SET LOCAL ends with the
 * transaction; inside a caller's transaction the caller's settings stand.
 */
async function withRoomToGroup<T>(db: Queryable, query: (q: Queryable) => Promise<T>): Promise<T> {
  if (!("$transaction" in db)) return query(db);
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SET LOCAL work_mem = '64MB'`);
    return query(tx);
  });
}

/** Orders with affected units (unshippedOnly: with units still to ship), for holds and tags. */
export async function listAffectedOrderIds(
  db: Queryable,
  shopId: string,
  recallId: string,
  options: { unshippedOnly?: boolean } = {},
): Promise<{ orderRefId: string; shopifyOrderId: string; name: string }[]> {
  const target = await findTraceTarget(db, shopId, recallId);
  return db.$queryRaw<{ orderRefId: string; shopifyOrderId: string; name: string }[]>`
    WITH affected AS (${affectedUnitsSql(target)})
    SELECT o.id AS "orderRefId", o."shopifyOrderId", o.name
    FROM affected af
    JOIN "OrderLineRef" l ON l.id = af.line_id AND l."shopId" = ${shopId}::uuid
    JOIN "OrderRef" o ON o.id = l."orderRefId" AND o."shopId" = ${shopId}::uuid
    GROUP BY o.id
    HAVING ${options.unshippedOnly ? Prisma.sql`sum(af.quantity - af.shipped) > 0` : Prisma.sql`true`}
    ORDER BY o."processedAt", o.name`;
}

export async function findTraceTarget(db: Queryable, shopId: string, recallId: string): Promise<TraceTarget> {
  const recall = /^[0-9a-f-]{36}$/i.test(recallId)
    ? await db.recall.findFirst({
        where: { id: recallId, shopId },
        select: {
          id: true,
          shopId: true,
          serialProductId: true,
          serialFrom: true,
          serialTo: true,
          lots: { select: { lotId: true } },
        },
      })
    : null;
  if (!recall) {
    throw new AppError("NOT_FOUND", "This recall does not exist in your shop. Open it again from the Recalls list.");
  }
  const { lots, ...rest } = recall;
  return { ...rest, lotIds: lots.map((row) => row.lotId) };
}

/**
 * Rows (lot_id, line_id, quantity, shipped): the recall's units per order line and lot. Whole lots
 * read the allocations; a serial range counts the range's serial numbers on each line, shipped as
 * far as the line's allocation (or fulfilment) says.
 */
export function affectedUnitsSql(target: TraceTarget): Prisma.Sql {
  if (target.serialProductId && target.serialFrom && target.serialTo) {
    return Prisma.sql`
      SELECT s."lotId" AS lot_id, s."orderLineId" AS line_id, count(*)::int AS quantity,
             LEAST(count(*)::int, COALESCE(max(a."shippedQuantity"), max(l."fulfilledQuantity"), 0))::int AS shipped
      FROM "SerialNumber" s
      JOIN "OrderLineRef" l ON l.id = s."orderLineId" AND l."shopId" = s."shopId"
      LEFT JOIN "Allocation" a ON a."orderLineId" = s."orderLineId" AND a."lotId" = s."lotId"
      WHERE s."shopId" = ${target.shopId}::uuid AND s."productId" = ${target.serialProductId}
        AND s."orderLineId" IS NOT NULL AND ${serialRangeCondition(target.serialFrom, target.serialTo)}
      GROUP BY s."lotId", s."orderLineId"`;
  }
  return Prisma.sql`
    SELECT a."lotId" AS lot_id, a."orderLineId" AS line_id, a.quantity, a."shippedQuantity" AS shipped
    FROM "Allocation" a
    WHERE a."shopId" = ${target.shopId}::uuid AND a."lotId" = ANY(${target.lotIds}::uuid[])
      AND (a.quantity > 0 OR a."shippedQuantity" > 0)`;
}

/**
 * CTEs of `orderCtes` plus `per_customer` (one row per customer to notify, keyed as the
 * contract says: customer id, else lower-cased email, else the order). A redacted or missing
 * address leaves `email` null: unreachable, listed, never dropped. Shared by the trace and the
 * fan-out so the preview's counts are the recipients that get made.
 */
export function customerCtes(target: TraceTarget): Prisma.Sql {
  return Prisma.sql`
    ${orderCtes(target)},
    per_customer AS (
      SELECT customer_key,
        max(customer_id) AS customer_id,
        (array_agg(email ORDER BY processed_at DESC) FILTER (WHERE email IS NOT NULL))[1] AS email,
        (array_agg(name ORDER BY processed_at DESC) FILTER (WHERE name IS NOT NULL))[1] AS name,
        (array_agg(locale ORDER BY processed_at DESC) FILTER (WHERE locale IS NOT NULL))[1] AS locale,
        array_agg(order_name ORDER BY processed_at, order_name) AS order_names,
        array_agg(order_id::text ORDER BY processed_at, order_name) AS order_ids,
        min(processed_at) AS first_order_at,
        sum(shipped)::int AS units
      FROM per_order WHERE shipped > 0
      GROUP BY customer_key
    )`;
}

/** CTEs `affected`, `per_line` and `per_order` (one row per affected order, with its customer key and address). */
export function orderCtes(target: TraceTarget): Prisma.Sql {
  return Prisma.sql`
    affected AS (${affectedUnitsSql(target)}),
    ${perLineCte(target)},
    per_order AS (
      SELECT o.id AS order_id, o.name AS order_name, o."processedAt" AS processed_at, o."customerId" AS customer_id,
        ${CUSTOMER_KEY} AS customer_key, ${REACHABLE_EMAIL} AS email,
        o."customerName" AS name, o."customerLocale" AS locale, pl.shipped, pl.unshipped
      FROM per_line pl
      JOIN "OrderRef" o ON o.id = pl.order_id AND o."shopId" = ${target.shopId}::uuid
    )`;
}

/** `per_line`: the affected units folded into orders (narrow rows, before any wide order row is read). */
function perLineCte(target: TraceTarget): Prisma.Sql {
  return Prisma.sql`
    per_line AS (
      SELECT l."orderRefId" AS order_id, sum(af.shipped)::int AS shipped, sum(af.quantity - af.shipped)::int AS unshipped
      FROM affected af
      JOIN "OrderLineRef" l ON l.id = af.line_id AND l."shopId" = ${target.shopId}::uuid
      GROUP BY l."orderRefId"
    )`;
}

/** The recipient key of the contract, for an OrderRef `o`: customer id, else lower-cased email, else the order. */
const CUSTOMER_KEY = Prisma.sql`CASE WHEN o."customerId" IS NOT NULL THEN 'customer:' || o."customerId"
  WHEN NULLIF(btrim(o."customerEmail"), '') IS NOT NULL THEN 'email:' || lower(btrim(o."customerEmail"))
  ELSE 'order:' || o.id::text END`;

/** The address a notice can go to, for an OrderRef `o`; null when missing, malformed or redacted. */
const REACHABLE_EMAIL = Prisma.sql`(CASE WHEN o."redactedAt" IS NULL AND o."customerEmail" LIKE '%_@_%'
  THEN btrim(o."customerEmail") END)`;

/** SQL condition "s.serial is in the range", matching `isSerialInRange` in recall-input.ts. */
export function serialRangeCondition(from: string, to: string): Prisma.Sql {
  const range = parseSerialRange(from, to);
  if (range.kind === "text") {
    return Prisma.sql`(s.serial COLLATE "C" >= ${range.from} AND s.serial COLLATE "C" <= ${range.to})`;
  }
  const prefixLength = range.prefix.length;
  // The CASE keeps the cast away from serials whose tail is not a number (AND does not order evaluation).
  const tail = Prisma.sql`substr(s.serial, ${prefixLength + 1}::int)`;
  return Prisma.sql`(left(s.serial, ${prefixLength}::int) = ${range.prefix}
    AND (CASE WHEN ${tail} ~ '^[0-9]+$' THEN ${tail}::numeric END)
      BETWEEN ${range.low.toString()}::numeric AND ${range.high.toString()}::numeric)`;
}
