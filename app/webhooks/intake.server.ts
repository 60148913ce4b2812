// The durable inbox: a delivery is recorded before it is acknowledged — in Postgres, or, while
// Postgres cannot take it, as a job in Redis that a worker records once Postgres is back — then
// queued for a worker. A redelivery (same webhook id) is recognised and has no effect.
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";
import { markUninstalled } from "../models/shop.server";
import { logger } from "../utils/logger.server";
import { insertDelivery } from "./delivery-batch.server";
import { markEnqueued } from "./enqueued-marks.server";
import { UNINSTALLED_TOPIC } from "./topics";

export interface WebhookDelivery {
  shopDomain: string;
  topic: string;
  webhookId: string;
  eventId?: string | null;
  apiVersion?: string | null;
  triggeredAt?: Date | null;
  body: string;
}

export type IntakeOutcome = "recorded" | "duplicate" | "unknown-shop" | "ignored-uninstalled";

export type EnqueueWebhook = (input: { shopId: string; webhookEventId: string }) => Promise<unknown>;

/** Records the delivery in Postgres and queues it; throws only when Postgres cannot take it. */
export async function receiveWebhook(
  db: Db,
  enqueue: EnqueueWebhook,
  delivery: WebhookDelivery,
): Promise<IntakeOutcome> {
  const recorded = await insertDelivery(db, delivery);
  if (!recorded) return "unknown-shop";
  if (!recorded.eventId) return recorded.refused ? "ignored-uninstalled" : "duplicate";

  if (delivery.topic === UNINSTALLED_TOPIC) await markUninstalled(db, delivery.shopDomain);

  try {
    await enqueue({ shopId: recorded.shopId, webhookEventId: recorded.eventId });
    markEnqueued(db, recorded.eventId);
  } catch (error) {
    // Recorded is enough to acknowledge: the sweeper enqueues it once Redis is back.
    logger.warn(
      { err: error, shopId: recorded.shopId, webhookId: delivery.webhookId },
      "webhook recorded but not queued",
    );
  }
  return "recorded";
}

export type AcceptOutcome = IntakeOutcome | "buffered";

/** Neither Postgres nor Redis could take the delivery: Shopify must retry it. */
export class IntakeUnavailableError extends Error {
  constructor(
    readonly databaseError: unknown,
    readonly redisError: unknown,
  ) {
    super("Neither the database nor Redis could record the webhook");
    this.name = "IntakeUnavailableError";
  }
}

export interface IntakeTargets {
  db: Db;
  enqueueProcessing: EnqueueWebhook;
  /** Keeps the whole delivery in Redis (a `webhooks.record` job) while Postgres is away. */
  bufferDelivery: (delivery: JobPayload<"webhooks.record">) => Promise<unknown>;
  /** A database that hangs rather than refuses must not outlast Shopify's 5-second wait. */
  databaseTimeoutMs?: number;
}

/** Makes the delivery durable in Postgres, or failing that in Redis; throws IntakeUnavailableError if neither. */
export async function acceptWebhook(delivery: WebhookDelivery, targets: IntakeTargets): Promise<AcceptOutcome> {
  let databaseError: unknown;
  try {
    return await withTimeout(
      receiveWebhook(targets.db, targets.enqueueProcessing, delivery),
      targets.databaseTimeoutMs ?? 2_000,
    );
  } catch (error) {
    databaseError = error;
  }
  try {
    await targets.bufferDelivery(bufferedDelivery(delivery));
  } catch (redisError) {
    throw new IntakeUnavailableError(databaseError, redisError);
  }
  logger.warn(
    { err: databaseError, shop: delivery.shopDomain, webhookId: delivery.webhookId },
    "database unavailable: webhook kept in Redis until it can be recorded",
  );
  return "buffered";
}

function bufferedDelivery(delivery: WebhookDelivery): JobPayload<"webhooks.record"> {
  return {
    shopDomain: delivery.shopDomain,
    topic: delivery.topic,
    webhookId: delivery.webhookId,
    eventId: delivery.eventId ?? null,
    apiVersion: delivery.apiVersion ?? null,
    triggeredAt: delivery.triggeredAt?.toISOString() ?? null,
    body: delivery.body,
  };
}

/** Worker side of the buffer: record the delivery now that Postgres answers, and queue it as usual. */
export function recordBufferedWebhook(
  db: Db,
  enqueue: EnqueueWebhook,
  buffered: JobPayload<"webhooks.record">,
): Promise<IntakeOutcome> {
  return receiveWebhook(db, enqueue, {
    ...buffered,
    triggeredAt: buffered.triggeredAt ? new Date(buffered.triggeredAt) : null,
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the database within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timedOut]).finally(() => clearTimeout(timer));
}

/** Re-queues deliveries that were recorded but never queued (Redis was away). */
export async function requeueStrandedWebhooks(db: Db, enqueue: EnqueueWebhook, olderThan: Date): Promise<number> {
  const stranded = await db.webhookEvent.findMany({
    where: { status: "received", receivedAt: { lt: olderThan } },
    select: { id: true, shopId: true },
    orderBy: { receivedAt: "asc" },
    take: 1000,
  });
  for (const event of stranded) {
    await enqueue({ shopId: event.shopId, webhookEventId: event.id });
    await db.webhookEvent.updateMany({
      where: { id: event.id, status: "received" },
      data: { status: "enqueued", enqueuedAt: new Date() },
    });
  }
  return stranded.length;
}

/**
 * Re-queues deliveries marked queued whose job Redis no longer has: a Redis that restarts without
 * persistence, or fails over to a replica that was behind, forgets its queues. A job that still
 * exists in any state is left alone.
 */
export async function requeueLostWebhooks(
  db: Db,
  enqueue: EnqueueWebhook,
  isQueued: (webhookEventId: string) => Promise<boolean>,
  olderThan: Date,
): Promise<number> {
  let requeued = 0;
  let after: string | undefined;
  for (;;) {
    const page = await db.webhookEvent.findMany({
      where: { status: "enqueued", enqueuedAt: { lt: olderThan }, ...(after ? { id: { gt: after } } : {}) },
      select: { id: true, shopId: true },
      orderBy: { id: "asc" },
      take: 500,
    });
    if (!page.length) return requeued;
    after = page[page.length - 1].id;
    const queued = await Promise.all(page.map((event) => isQueued(event.id)));
    for (const [index, event] of page.entries()) {
      if (queued[index]) continue;
      await enqueue({ shopId: event.shopId, webhookEventId: event.id });
      requeued += 1;
    }
  }
}
