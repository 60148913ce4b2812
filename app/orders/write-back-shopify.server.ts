// The Shopify side of an order write-back: one mutation that adds and removes Lotline's tags and
// sets the app-owned allocations metafield (compare-and-set on its digest), and the read that
// tells the merchant's tags apart and recovers from a digest conflict.
import { type AdminGraphql, adminQuery } from "../shopify/admin-graphql.server";

/** `[order.metafields.lotline.allocations]` in shopify.app.toml: Shopify stores it as app--<id>--lotline. */
export const ALLOCATIONS_METAFIELD = { namespace: "$app:lotline", key: "allocations", type: "json" } as const;

export interface ShopifyUserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}

export interface OrderWriteInput {
  orderId: string;
  addTags: string[];
  removeTags: string[];
  /** Omitted: the metafield is left as it is. */
  metafield?: { value: string; compareDigest: string | null };
}

export interface OrderWriteResult {
  tagErrors: ShopifyUserError[];
  metafieldErrors: ShopifyUserError[];
  /** Shopify's digest of the value just written (null when the metafield was not written). */
  metafieldDigest: string | null;
}

/** Writes tags and the metafield in one request; parts that are not needed are left out of it. */
export async function writeOrderLots(graphql: AdminGraphql, input: OrderWriteInput): Promise<OrderWriteResult> {
  const tagging = input.addTags.length > 0 || input.removeTags.length > 0;
  const declarations: string[] = tagging ? ["$id: ID!"] : [];
  const fields: string[] = [];
  const variables: Record<string, unknown> = tagging ? { id: input.orderId } : {};
  if (input.metafield) {
    declarations.push("$metafields: [MetafieldsSetInput!]!");
    variables.metafields = [
      {
        ownerId: input.orderId,
        ...ALLOCATIONS_METAFIELD,
        value: input.metafield.value,
        compareDigest: input.metafield.compareDigest,
      },
    ];
    fields.push(
      "setAllocations: metafieldsSet(metafields: $metafields) { metafields { compareDigest } userErrors { field message code } }",
    );
  }
  if (input.addTags.length > 0) {
    declarations.push("$add: [String!]!");
    variables.add = input.addTags;
    fields.push("addTags: tagsAdd(id: $id, tags: $add) { userErrors { field message } }");
  }
  if (input.removeTags.length > 0) {
    declarations.push("$remove: [String!]!");
    variables.remove = input.removeTags;
    fields.push("removeTags: tagsRemove(id: $id, tags: $remove) { userErrors { field message } }");
  }
  if (fields.length === 0) return { tagErrors: [], metafieldErrors: [], metafieldDigest: null };

  const query = `#graphql
mutation LotlineOrderWriteBack(${declarations.join(", ")}) {
  ${fields.join("\n  ")}
}`;
  const data = await adminQuery<{
    setAllocations?: { metafields: { compareDigest: string }[] | null; userErrors: ShopifyUserError[] } | null;
    addTags?: { userErrors: ShopifyUserError[] } | null;
    removeTags?: { userErrors: ShopifyUserError[] } | null;
  }>(graphql, query, variables);
  return {
    tagErrors: [...(data.addTags?.userErrors ?? []), ...(data.removeTags?.userErrors ?? [])],
    metafieldErrors: data.setAllocations?.userErrors ?? [],
    metafieldDigest: data.setAllocations?.metafields?.[0]?.compareDigest ?? null,
  };
}

const READ_ORDER = `#graphql
query LotlineOrderLots($id: ID!) {
  order(id: $id) {
    tags
    allocations: metafield(namespace: "${ALLOCATIONS_METAFIELD.namespace}", key: "${ALLOCATIONS_METAFIELD.key}") {
      value
      compareDigest
    }
  }
}`;

export interface OrderLotsInShopify {
  tags: string[];
  metafield: { value: string; compareDigest: string } | null;
}

/** The order's tags and allocations metafield as Shopify has them; null when the order is gone. */
export async function readOrderLots(graphql: AdminGraphql, orderId: string): Promise<OrderLotsInShopify | null> {
  const data = await adminQuery<{
    order: { tags: string[]; allocations: { value: string; compareDigest: string } | null } | null;
  }>(graphql, READ_ORDER, { id: orderId });
  if (!data.order) return null;
  return { tags: data.order.tags, metafield: data.order.allocations };
}

export function isStaleDigest(errors: ShopifyUserError[]): boolean {
  return errors.some((error) => error.code === "STALE_OBJECT");
}

export function isMissingOrder(errors: ShopifyUserError[]): boolean {
  return errors.some((error) => /does not exist/i.test(error.message));
}

export function describeShopifyErrors(errors: ShopifyUserError[]): string {
  return errors.map((error) => error.message).join("; ");
}
