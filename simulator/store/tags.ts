// Tags on orders, customers and products: trimmed, unique regardless of case, as in Shopify.
import { type Changed, ChangeSet, nowIso, type ShopState } from "./store";
import type { CustomerRecord, OrderRecord, ProductRecord, WebhookTopic } from "./types";

export type TaggableRecord = OrderRecord | CustomerRecord | ProductRecord;

const UPDATE_TOPIC: Record<TaggableRecord["__typename"], WebhookTopic> = {
  Order: "orders/updated",
  Customer: "customers/update",
  Product: "products/update",
};

/** Splits comma-separated entries, trims, drops blanks and case-insensitive duplicates. */
export function normalizeTags(tags: readonly string[]): string[] {
  const result: string[] = [];
  const seen = new Set<string>();
  for (const tag of tags.flatMap((entry) => entry.split(","))) {
    const trimmed = tag.trim();
    if (trimmed === "" || seen.has(trimmed.toLowerCase())) continue;
    seen.add(trimmed.toLowerCase());
    result.push(trimmed);
  }
  return result;
}

export function findTaggable(state: ShopState, id: string): TaggableRecord | undefined {
  return state.orders.get(id) ?? state.customers.get(id) ?? state.products.get(id);
}

/** Adds tags; a record that already has them is left untouched (no update, no webhook). */
export function addTags(state: ShopState, record: TaggableRecord, tags: readonly string[]): Changed<TaggableRecord> {
  const existing = new Set(record.tags.map((t) => t.toLowerCase()));
  const added = normalizeTags(tags).filter((tag) => !existing.has(tag.toLowerCase()));
  return saveTags(state, record, added.length > 0 ? [...record.tags, ...added] : null);
}

export function removeTags(state: ShopState, record: TaggableRecord, tags: readonly string[]): Changed<TaggableRecord> {
  const removing = new Set(normalizeTags(tags).map((t) => t.toLowerCase()));
  const kept = record.tags.filter((tag) => !removing.has(tag.toLowerCase()));
  return saveTags(state, record, kept.length !== record.tags.length ? kept : null);
}

function saveTags(state: ShopState, record: TaggableRecord, tags: string[] | null): Changed<TaggableRecord> {
  const changes = new ChangeSet(state);
  if (tags) {
    record.tags = tags;
    record.updatedAt = nowIso(state);
    changes.add(UPDATE_TOPIC[record.__typename], record.id);
  }
  return changes.commit(record);
}
