// Webhook topics Lotline knows, in Shopify's header form ("orders/create").

/** Shopify's mandatory privacy topics: processed even after the app was uninstalled. */
export const COMPLIANCE_TOPICS = new Set(["customers/data_request", "customers/redact", "shop/redact"]);

/** Lifecycle topics handled at intake as well, because they change who may act. */
export const UNINSTALLED_TOPIC = "app/uninstalled";

/** Accepted from a shop that has uninstalled Lotline: its privacy requests and a repeated uninstall. */
export function acceptedAfterUninstall(topic: string): boolean {
  return COMPLIANCE_TOPICS.has(topic) || topic === UNINSTALLED_TOPIC;
}
