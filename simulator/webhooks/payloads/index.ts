// The body Shopify would send for a store change, built when the change happens (Shopify
// snapshots the resource at event time, so later changes do not leak into earlier webhooks).
import { findRecord, type ShopState } from "../../store/store";
import type { StoreChange } from "../../store/types";
import { deletedPayload, inventoryLevelPayload, locationPayload, productPayload } from "./catalog";
import { customerWebhookPayload } from "./customers";
import { fulfillmentPayload, OrderEditTracker, orderPayload, refundPayload } from "./orders";

export { customersDataRequestPayload, customersRedactPayload, shopPayload, shopRedactPayload } from "./shop";

export type WebhookBody = Record<string, unknown>;

export class StoreWebhookPayloads {
  private readonly edits = new OrderEditTracker();

  /** Must see every change of every shop, delivered or not, so orders/edited can say what changed. */
  observe(state: ShopState, change: StoreChange): void {
    const order = state.orders.get(change.subjectId);
    if (order) this.edits.observe(order);
  }

  /** The body for `change`, or null when the simulator builds none for its topic (or the subject is gone). */
  build(state: ShopState, change: StoreChange): WebhookBody | null {
    if (change.topic === "products/delete") return deletedPayload(change.subjectId);
    const record = findRecord(state, change.subjectId);
    if (!record) return null;
    switch (record.__typename) {
      case "Order":
        return change.topic === "orders/edited" ? this.edits.editPayload(state, record) : orderPayload(state, record);
      case "Refund":
        return refundPayload(state, record);
      case "Fulfillment":
        return fulfillmentPayload(state, record);
      case "InventoryLevel":
        return inventoryLevelPayload(state, record);
      case "Product":
        return productPayload(state, record);
      case "Customer":
        return customerWebhookPayload(state, record);
      case "Location":
        return locationPayload(state, record);
      case "FulfillmentOrder":
        // fulfillment_orders/* bodies use gids and a small subset of fields.
        return {
          fulfillment_order: {
            id: record.id,
            status: record.status.toLowerCase(),
            fulfillment_holds: record.holds.map((hold) => ({
              reason: hold.reason.toLowerCase(),
              reason_notes: hold.reasonNotes,
            })),
          },
        };
      default:
        return null;
    }
  }
}
