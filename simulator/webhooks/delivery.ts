// Sends webhooks to the app as Shopify does: signed, retried on any non-2xx answer or timeout
// on a schedule, each attempt logged. Fault knobs add duplicates, delays, reordering and loss.
import { randomUUID } from "node:crypto";
import { faultsApplyTo, type WebhookFaults } from "./faults";
import { type PendingPost, postWebhook } from "./http-post";
import { webhookHeaders } from "./signing";

/** Shopify retries a failed delivery 8 times over about 4 hours; this is that curve. */
export const SHOPIFY_RETRY_DELAYS_MS: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128].map(
  (minutes) => minutes * 60_000,
);
/** The same curve 600 times faster (about 25 s in all), for the demo and tests. */
export const COMPRESSED_RETRY_DELAYS_MS: readonly number[] = SHOPIFY_RETRY_DELAYS_MS.map((ms) => ms / 600);

export type DeliveryState = "held" | "scheduled" | "sending" | "delivered" | "failed" | "dropped" | "cancelled";

export interface DeliveryAttempt {
  at: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDeliveryRecord {
  /** Order of creation in this simulator's log. */
  sequence: number;
  webhookId: string;
  eventId: string;
  shop: string;
  topic: string;
  apiVersion: string;
  triggeredAt: string;
  url: string | null;
  body: string;
  /** Which copy this is when the duplicates fault is on (1-based), and how many were made. */
  copy: number;
  copies: number;
  state: DeliveryState;
  attempts: DeliveryAttempt[];
}

export interface OutgoingWebhook {
  shop: string;
  topic: string;
  body: Record<string, unknown>;
  /** When the triggering event happened; now when omitted. */
  triggeredAt?: string;
}

export interface WebhookDeliveryOptions {
  /** The app's webhook URL; deliveries fail while there is none. */
  url: string | null;
  apiSecret: string;
  apiVersion: string;
  /** Waits between attempts; its length is the number of retries. */
  retryDelaysMs?: readonly number[];
  connectTimeoutMs?: number;
  timeoutMs?: number;
  faults?: WebhookFaults;
  /** Finished deliveries beyond this many are forgotten, oldest first. */
  maxLogEntries?: number;
}

export interface DeliveryFilter {
  shop?: string;
  topic?: string;
  state?: DeliveryState;
}

export interface WebhookDelivery {
  send(webhook: OutgoingWebhook): WebhookDeliveryRecord[];
  deliveries(filter?: DeliveryFilter): WebhookDeliveryRecord[];
  /** Resolves once nothing is scheduled or being sent (held deliveries do not count). */
  idle(): Promise<void>;
  faults(): WebhookFaults;
  /** Replaces the fault knobs; turning reordering off releases what it held. */
  setFaults(faults: WebhookFaults): void;
  /** Sends held deliveries now, newest first. */
  releaseHeld(): void;
  setUrl(url: string | null): void;
  /** Cancels timers and in-flight requests. */
  close(): void;
}

export function createWebhookDelivery(options: WebhookDeliveryOptions): WebhookDelivery {
  const retryDelays = options.retryDelaysMs ?? COMPRESSED_RETRY_DELAYS_MS;
  const connectTimeoutMs = options.connectTimeoutMs ?? 1_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxLogEntries = options.maxLogEntries ?? 10_000;
  let url = options.url;
  let faults: WebhookFaults = { ...options.faults };
  let sequence = 0;
  let closed = false;
  const log: WebhookDeliveryRecord[] = [];
  const held: WebhookDeliveryRecord[] = [];
  const active = new Set<WebhookDeliveryRecord>();
  const timers = new Map<WebhookDeliveryRecord, NodeJS.Timeout>();
  const inFlight = new Map<WebhookDeliveryRecord, PendingPost>();
  let idleWaiters: Array<() => void> = [];

  function settle(record: WebhookDeliveryRecord, state: DeliveryState) {
    record.state = state;
    active.delete(record);
    if (active.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  function schedule(record: WebhookDeliveryRecord, delayMs: number) {
    if (closed) return settle(record, "cancelled");
    record.state = "scheduled";
    active.add(record);
    timers.set(
      record,
      setTimeout(() => {
        timers.delete(record);
        void attempt(record);
      }, delayMs),
    );
  }

  async function attempt(record: WebhookDeliveryRecord) {
    record.state = "sending";
    const started = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    if (url) {
      record.url = url;
      const body = Buffer.from(record.body, "utf8");
      const pending = postWebhook(new URL(url), {
        headers: webhookHeaders(record, body, options.apiSecret),
        body,
        connectTimeoutMs,
        timeoutMs,
      });
      inFlight.set(record, pending);
      ({ status, error } = await pending.outcome);
      inFlight.delete(record);
    } else {
      error = "no app URL is configured";
    }
    record.attempts.push({ at: new Date(started).toISOString(), status, error, durationMs: Date.now() - started });
    if (closed) return settle(record, "cancelled");
    // Only a 2xx counts; redirects and everything else are retried like errors.
    if (status !== null && status >= 200 && status < 300) return settle(record, "delivered");
    const retry = record.attempts.length - 1;
    if (retry < retryDelays.length) schedule(record, retryDelays[retry]);
    else settle(record, "failed");
  }

  function remember(record: WebhookDeliveryRecord) {
    log.push(record);
    if (log.length <= maxLogEntries) return;
    const index = log.findIndex((entry) => !active.has(entry) && entry.state !== "held");
    if (index >= 0) log.splice(index, 1);
  }

  function releaseHeld() {
    const batch = held.splice(0, held.length).reverse();
    for (const record of batch) schedule(record, 0);
  }

  return {
    send(webhook) {
      const applies = faultsApplyTo(faults, webhook.topic);
      const copies = applies ? (faults.duplicates ?? 1) : 1;
      const base = {
        webhookId: randomUUID(),
        eventId: randomUUID(),
        shop: webhook.shop,
        topic: webhook.topic,
        apiVersion: options.apiVersion,
        triggeredAt: new Date(webhook.triggeredAt ?? Date.now()).toISOString(),
        url,
        body: JSON.stringify(webhook.body),
        copies,
      };
      const records: WebhookDeliveryRecord[] = [];
      for (let copy = 1; copy <= copies; copy++) {
        const record: WebhookDeliveryRecord = { ...base, sequence: ++sequence, copy, state: "scheduled", attempts: [] };
        records.push(record);
        remember(record);
        if (closed) record.state = "cancelled";
        else if (applies && faults.drop) record.state = "dropped";
        else if (applies && faults.outOfOrder) {
          record.state = "held";
          held.push(record);
        } else schedule(record, applies ? (faults.delayMs ?? 0) : 0);
      }
      if (faults.outOfOrder && held.length >= faults.outOfOrder) releaseHeld();
      return records;
    },
    deliveries(filter = {}) {
      return log.filter(
        (record) =>
          (!filter.shop || record.shop === filter.shop) &&
          (!filter.topic || record.topic === filter.topic) &&
          (!filter.state || record.state === filter.state),
      );
    },
    idle() {
      if (active.size === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    faults: () => ({ ...faults }),
    setFaults(next) {
      faults = { ...next };
      if (!faults.outOfOrder) releaseHeld();
    },
    releaseHeld,
    setUrl(next) {
      url = next;
    },
    close() {
      closed = true;
      for (const [record, timer] of timers) {
        clearTimeout(timer);
        settle(record, "cancelled");
      }
      timers.clear();
      for (const pending of inFlight.values()) pending.abort();
      for (const record of held.splice(0, held.length)) record.state = "cancelled";
    },
  };
}
