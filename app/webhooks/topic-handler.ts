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

export type TopicHandler = (context: HandlerContext) => Promise<void>;

export type TopicHandlers = Record<string, TopicHandler>;
