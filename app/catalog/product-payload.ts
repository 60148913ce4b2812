// products/create and products/update bodies → the variant rows Lotline caches.
import { z } from "zod";
import { gidFor } from "../orders/order-snapshot";
import { AppError } from "../utils/errors";

const numericId = z.union([z.number(), z.string()]).nullish();

const restProduct = z.object({
  id: numericId,
  admin_graphql_api_id: z.string().optional(),
  title: z.string(),
  updated_at: z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO 8601 time"),
  variants: z.array(
    z.object({
      id: numericId,
      admin_graphql_api_id: z.string().optional(),
      inventory_item_id: numericId,
      sku: z.string().nullish(),
      title: z.string().nullish(),
      barcode: z.string().nullish(),
    }),
  ),
});

export interface CachedVariant {
  variantId: string;
  productId: string;
  inventoryItemId: string;
  sku: string | null;
  productTitle: string;
  variantTitle: string | null;
  barcode: string | null;
}

export interface ProductReading {
  productId: string;
  /** The product's updated_at: the version of every variant row it writes. */
  updatedAt: Date;
  variants: CachedVariant[];
}

/** Throws INVALID_DATA naming the field when the body is not a product. */
export function readProductPayload(body: unknown): ProductReading {
  const parsed = restProduct.safeParse(body);
  const fail = (detail: string) =>
    new AppError("INVALID_DATA", `The product webhook body is not one Lotline can read (${detail}).`);
  if (!parsed.success) {
    throw fail(parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"} ${issue.message}`).join("; "));
  }
  const product = parsed.data;
  const productId = product.admin_graphql_api_id ?? gidFor("Product", product.id);
  if (!productId) throw fail("admin_graphql_api_id or id is missing");
  const variants: CachedVariant[] = [];
  for (const variant of product.variants) {
    const variantId = variant.admin_graphql_api_id ?? gidFor("ProductVariant", variant.id);
    const inventoryItemId = gidFor("InventoryItem", variant.inventory_item_id);
    if (!variantId) throw fail("a variant has neither admin_graphql_api_id nor id");
    // Without its inventory item a variant cannot be tied to lots; an order line resolves it by a read.
    if (!inventoryItemId) continue;
    variants.push({
      variantId,
      productId,
      inventoryItemId,
      sku: variant.sku || null,
      productTitle: product.title,
      // Shopify names the only variant of a product without options "Default Title".
      variantTitle: variant.title && variant.title !== "Default Title" ? variant.title : null,
      barcode: variant.barcode || null,
    });
  }
  return { productId, updatedAt: new Date(product.updated_at), variants };
}

/** products/delete carries only the id. */
export function readDeletedProductId(body: unknown): string {
  const id = (body as { id?: unknown } | null)?.id;
  const productId = gidFor("Product", id);
  if (!productId) throw new AppError("INVALID_DATA", "The products/delete webhook body has no product id.");
  return productId;
}
