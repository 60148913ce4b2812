// Turns store changes into webhook deliveries: only for topics the app subscribes to and
// shops where it is installed, with the body built at the moment of the change.
import type { Store } from "../store/store";
import type { WebhookDelivery } from "./delivery";
import { StoreWebhookPayloads } from "./payloads";

/** Shopify's mandatory privacy topics: every app gets them, installed or not. */
export const COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"] as const;

export interface StoreWebhooksOptions {
  /** Topics the app subscribes to (its shopify.app.toml). */
  topics: ReadonlySet<string>;
  isInstalled(shop: string): boolean;
}

/** Subscribes to the store; returns the unsubscribe function. */
export function connectStoreWebhooks(store: Store, delivery: WebhookDelivery, options: StoreWebhooksOptions) {
  const payloads = new StoreWebhookPayloads();
  return store.subscribe((change) => {
    const state = store.shops.get(change.shop);
    if (!state) return;
    const wanted = options.topics.has(change.topic) && options.isInstalled(change.shop);
    const body = wanted ? payloads.build(state, change) : null;
    payloads.observe(state, change);
    if (body) delivery.send({ shop: change.shop, topic: change.topic, body, triggeredAt: change.occurredAt });
  });
}
