// The queue contract shared by producers (routes, sweeps) and consumers (workers): queue
// names, job names, payload schemas and default options. Payloads carry ids, never rows.
import type { JobsOptions } from "bullmq";
import { z } from "zod";

export const QUEUE_NAMES = ["webhooks", "shopify-writeback", "maintenance", "bulk", "mail"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

const id = z.uuid();

export const JOBS = {
  /** Process one recorded webhook delivery. */
  "webhooks.process": {
    queue: "webhooks",
    payload: z.object({ shopId: id, webhookEventId: id }),
    jobId: (p: { webhookEventId: string }) => `webhook-${p.webhookEventId}`,
  },
  /**
   * Record one delivery that arrived while Postgres was unavailable, then queue it as usual. The
   * one job that carries a body: Redis is where the delivery is durable until Postgres is back.
   */
  "webhooks.record": {
    queue: "webhooks",
    payload: z.object({
      shopDomain: z.string().min(1),
      topic: z.string().min(1),
      webhookId: z.string().min(1),
      eventId: z.string().nullable(),
      apiVersion: z.string().nullable(),
      triggeredAt: z.iso.datetime().nullable(),
      body: z.string(),
    }),
    // BullMQ refuses ":" in custom ids; a redelivery while Postgres is away maps to the same job.
    jobId: (p: { webhookId: string }) => `webhook-record-${p.webhookId.replaceAll(":", "_")}`,
  },
  /** Raise Shopify `available` for one receipt (idempotent per receipt; outcome recorded on it). */
  "receipts.write-back": {
    queue: "shopify-writeback",
    payload: z.object({ shopId: id, receiptId: id }),
    jobId: (p: { receiptId: string }) => `receipt-write-back-${p.receiptId}`,
  },
  /** Enqueue receipt write-backs that were saved while Redis was unavailable. */
  "maintenance.sweep-write-backs": {
    queue: "maintenance",
    payload: z.object({ olderThanSeconds: z.number().int().min(0) }),
    jobId: () => undefined,
  },
  /** Enqueue webhook deliveries that were recorded while Redis was unavailable. */
  "maintenance.sweep-webhooks": {
    queue: "maintenance",
    payload: z.object({ olderThanSeconds: z.number().int().min(0) }),
    jobId: () => undefined,
  },
  /** Hourly: queue `lots.expire` for every installed shop (each shop's day turns at its own midnight). */
  "maintenance.expire-lots": {
    queue: "maintenance",
    payload: z.object({}),
    jobId: () => undefined,
  },
  /** Mark one shop's lots past expiry as expired (one job per shop and hour; re-runs change nothing). */
  "lots.expire": {
    queue: "maintenance",
    payload: z.object({ shopId: id, runHour: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}$/) }),
    jobId: (p: { shopId: string; runHour: string }) => `expire-lots-${p.shopId}-${p.runHour}`,
  },
  /** Move an expired lot's available stock to quality control in Shopify (once per lot). */
  "lots.quarantine-expired": {
    queue: "shopify-writeback",
    payload: z.object({ shopId: id, lotId: id }),
    jobId: (p: { lotId: string }) => `quarantine-expired-${p.lotId}`,
  },
  /** Move units a return put into quarantine from Shopify `available` to `quality_control` (once per ledger row). */
  "lots.quarantine-returned": {
    queue: "shopify-writeback",
    payload: z.object({ shopId: id, lotEventId: id }),
    jobId: (p: { lotEventId: string }) => `quarantine-returned-${p.lotEventId}`,
  },
  /** Move units the merchant released from quarantine from Shopify `quality_control` back to `available` (once per ledger row). */
  "lots.release-quarantine": {
    queue: "shopify-writeback",
    payload: z.object({ shopId: id, lotEventId: id }),
    jobId: (p: { lotEventId: string }) => `release-quarantine-${p.lotEventId}`,
  },
  /** Read one order from the Admin API and bring Lotline's copy and allocations up to date. */
  "orders.sync": {
    queue: "webhooks",
    payload: z.object({
      shopId: id,
      orderId: z.string().startsWith("gid://shopify/Order/"),
      reason: z.enum(["stale", "unknown", "reconcile", "manual", "flow"]),
    }),
    jobId: () => undefined,
  },
  /** Write one order's lot tags and allocations metafield to Shopify, as of `version` or newer. */
  "orders.write-back": {
    queue: "shopify-writeback",
    payload: z.object({ shopId: id, orderRefId: id, version: z.number().int().min(0) }),
    jobId: (p: { orderRefId: string; version: number }) => `order-write-back-${p.orderRefId}-${p.version}`,
  },
  /** Queue order write-backs whose newest allocation version has not reached Shopify (lost enqueues). */
  "maintenance.sweep-order-write-backs": {
    queue: "maintenance",
    payload: z.object({ olderThanSeconds: z.number().int().min(0) }),
    jobId: () => undefined,
  },
  /** Every 15 minutes: queue `orders.reconcile` for every installed shop. */
  "maintenance.reconcile-orders": {
    queue: "maintenance",
    payload: z.object({}),
    jobId: () => undefined,
  },
  /** Find one shop's orders changed in Shopify since the last sweep that Lotline has not seen. */
  "orders.reconcile": {
    queue: "maintenance",
    payload: z.object({ shopId: id, slot: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}$/) }),
    jobId: (p: { shopId: string; slot: string }) => `reconcile-orders-${p.shopId}-${p.slot}`,
  },
  /** Compare Shopify's on-hand count of one item at one location with Lotline's lots. */
  "inventory.reconcile-level": {
    queue: "maintenance",
    payload: z.object({ shopId: id, inventoryItemId: z.string(), locationId: z.string() }),
    jobId: () => undefined,
  },
  /** Import the valid rows of a checked CSV of lots, reporting progress on the import. */
  "lots.import": {
    queue: "bulk",
    payload: z.object({ shopId: id, importId: id }),
    jobId: (p: { importId: string }) => `lot-import-${p.importId}`,
  },
  /** Build a sent recall's recipients and notice messages, then queue one send job per chunk. */
  "recalls.fan-out": {
    queue: "mail",
    payload: z.object({ shopId: id, recallId: id }),
    jobId: (p: { recallId: string }) => `recall-fan-out-${p.recallId}`,
  },
  /** Send the pending messages of one chunk of a recall (notice = sequence 0, reminders 1, 2, ...). */
  "recalls.send-chunk": {
    queue: "mail",
    payload: z.object({
      shopId: id,
      recallId: id,
      sequence: z.number().int().min(0),
      chunk: z.number().int().min(0),
    }),
    jobId: (p: { recallId: string; sequence: number; chunk: number }) =>
      `recall-send-${p.recallId}-${p.sequence}-${p.chunk}`,
  },
  /** Every 10 minutes: reminders to recipients who have not acknowledged, and stranded sends re-queued. */
  "maintenance.recall-reminders": {
    queue: "maintenance",
    payload: z.object({}),
    jobId: () => undefined,
  },
  /** Apply or revert one "stop the stock" step of a recall in Shopify (once per request). */
  "recalls.apply-action": {
    queue: "shopify-writeback",
    payload: z.object({ shopId: id, recallActionId: id, generation: z.number().int().min(1) }),
    jobId: (p: { recallActionId: string; generation: number }) => `recall-action-${p.recallActionId}-${p.generation}`,
  },
  /** Fire the "Lot recalled" Shopify Flow trigger for a sent recall (once per recall). */
  "recalls.flow-trigger": {
    queue: "shopify-writeback",
    payload: z.object({ shopId: id, recallId: id }),
    jobId: (p: { recallId: string }) => `recall-flow-${p.recallId}`,
  },
  /**
   * Fire one of Lotline's Shopify Flow triggers about one subject (a lot, an order) on one
   * occasion, if the shop has a workflow using it enabled (once per subject and occasion).
   */
  "flow.fire-trigger": {
    queue: "shopify-writeback",
    payload: z.object({
      shopId: id,
      trigger: z.enum(["lot-expiring-soon", "order-needs-attention"]),
      subjectId: id,
      occasion: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    }),
    jobId: (p: { trigger: string; subjectId: string; occasion: string }) =>
      `flow-${p.trigger}-${p.subjectId}-${p.occasion}`,
  },
  /** Build one traceability export file, reporting progress on its ExportJob row. */
  "exports.run": {
    queue: "bulk",
    payload: z.object({ shopId: id, exportJobId: id }),
    jobId: (p: { exportJobId: string }) => `export-${p.exportJobId}`,
  },
  /** Daily: delete export files past their 7 days. */
  "maintenance.purge-exports": {
    queue: "maintenance",
    payload: z.object({}),
    jobId: () => undefined,
  },
} as const satisfies Record<string, JobDefinition>;

interface JobDefinition {
  queue: QueueName;
  payload: z.ZodType;
  /** Deterministic id from the business key, so a second enqueue is a no-op. */
  jobId: (payload: never) => string | undefined;
}

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]["payload"]>;

/** Retry policy, written down once: ~8 attempts over ~4 minutes, then visible as failed. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

/**
 * BullMQ key prefix. The braces are a Redis Cluster hash tag: every key of every queue
 * hashes to one slot, which BullMQ's multi-key scripts require on a cluster.
 */
export function queuePrefix(name: string): string {
  return `{${name}}`;
}

export function parsePayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  return JOBS[name].payload.parse(data) as JobPayload<N>;
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}
