// What a topic handler gets: one recorded delivery of one shop, parsed. Handlers live with
// their feature (orders, catalog, inventory, compliance); process.server.ts dispatches to them.
import type { Db } from "../db.server";

export interface HandlerContext {
  db: Db;
  shopId: string;
  shopDomain: string;
  /** The parsed body, in Shopify's REST webhook shape. */
  payload: unknown;
  /** The delivery: its inbox row id, topic and when Shopify says the event happened. */
  event: { id: string; topic: string; triggeredAt: Date | null };
}

/**
 * A handler may mark its event processed inside its own transaction (`markEventsProcessed`) and
 * return MARKED_PROCESSED, sparing the dispatcher's separate UPDATE; otherwise the dispatcher marks
 * it after.
 */
export type TopicHandler = (context: HandlerContext) => Promise<unknown>;

/** What a handler returns when it marked its event processed in its own transaction. */
export const MARKED_PROCESSED = "marked-processed";

export type TopicHandlers = Record<string, TopicHandler>;
