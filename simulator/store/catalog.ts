// Products, their variants and each variant's inventory item, stocked at the shop's locations.
import { applyQuantityDeltas, stockInventoryItem } from "./inventory";
import { type Changed, ChangeSet, newGid, nowIso, type ShopState } from "./store";
import type { InventoryItemRecord, ProductRecord, ProductStatus, StoredQuantityName, VariantRecord } from "./types";

export interface CreateVariantInput {
  title?: string;
  sku?: string | null;
  barcode?: string | null;
  price?: string;
  tracked?: boolean;
  /** Starting quantities per location id: a number sets `available`, an object sets any states. */
  inventory?: Record<string, number | Partial<Record<StoredQuantityName, number>>>;
}

export interface CreateProductInput {
  title: string;
  handle?: string;
  vendor?: string;
  productType?: string;
  status?: ProductStatus;
  tags?: string[];
  /** One "Default Title" variant when omitted, as in Shopify. */
  variants?: CreateVariantInput[];
}

export interface CreatedProduct {
  product: ProductRecord;
  variants: VariantRecord[];
}

export function createProduct(state: ShopState, input: CreateProductInput): Changed<CreatedProduct> {
  const now = nowIso(state);
  const changes = new ChangeSet(state);
  const product: ProductRecord = {
    __typename: "Product",
    id: newGid(state, "Product"),
    title: input.title,
    handle: input.handle ?? uniqueHandle(state, input.title),
    vendor: input.vendor ?? state.shop.name,
    productType: input.productType ?? "",
    status: input.status ?? "ACTIVE",
    tags: input.tags ?? [],
    variantIds: [],
    createdAt: now,
    updatedAt: now,
  };
  state.products.set(product.id, product);
  changes.add("products/create", product.id);

  const variants = (input.variants ?? [{}]).map((variantInput, index) => {
    const variant = addVariant(state, product, variantInput, index + 1);
    stockEverywhere(state, variant, variantInput, changes);
    return variant;
  });
  return changes.commit({ product, variants });
}

/** Deletes a product with its variants, inventory items and levels; orders keep their lines. */
export function deleteProduct(state: ShopState, productId: string): Changed<{ deletedProductId: string }> {
  const product = state.products.get(productId);
  if (!product) throw new Error(`Unknown product ${productId} in ${state.shop.myshopifyDomain}`);
  for (const variantId of product.variantIds) {
    const variant = state.variants.get(variantId)!;
    for (const [levelId, level] of state.inventoryLevels) {
      if (level.inventoryItemId === variant.inventoryItemId) state.inventoryLevels.delete(levelId);
    }
    state.inventoryItems.delete(variant.inventoryItemId);
    state.variants.delete(variantId);
  }
  state.products.delete(productId);
  const changes = new ChangeSet(state);
  changes.add("products/delete", productId);
  return changes.commit({ deletedProductId: productId });
}

function addVariant(
  state: ShopState,
  product: ProductRecord,
  input: CreateVariantInput,
  position: number,
): VariantRecord {
  const now = nowIso(state);
  const variantId = newGid(state, "ProductVariant");
  const item: InventoryItemRecord = {
    __typename: "InventoryItem",
    id: newGid(state, "InventoryItem"),
    variantId,
    tracked: input.tracked ?? true,
    requiresShipping: true,
    createdAt: now,
    updatedAt: now,
  };
  const variant: VariantRecord = {
    __typename: "ProductVariant",
    id: variantId,
    productId: product.id,
    title: input.title ?? "Default Title",
    sku: input.sku ?? null,
    barcode: input.barcode ?? null,
    price: input.price ?? "0.00",
    position,
    inventoryItemId: item.id,
    createdAt: now,
    updatedAt: now,
  };
  state.inventoryItems.set(item.id, item);
  state.variants.set(variant.id, variant);
  product.variantIds.push(variant.id);
  return variant;
}

/** Shopify stocks a new variant at every active location; starting quantities are applied on top. */
function stockEverywhere(state: ShopState, variant: VariantRecord, input: CreateVariantInput, changes: ChangeSet) {
  for (const location of state.locations.values()) {
    if (location.isActive) stockInventoryItem(state, variant.inventoryItemId, location.id);
  }
  for (const [locationId, quantities] of Object.entries(input.inventory ?? {})) {
    const byName = typeof quantities === "number" ? { available: quantities } : quantities;
    const deltas = Object.entries(byName).map(([name, delta]) => ({
      inventoryItemId: variant.inventoryItemId,
      locationId,
      name: name as StoredQuantityName,
      delta: delta ?? 0,
    }));
    applyQuantityDeltas(state, deltas, changes);
  }
}

function uniqueHandle(state: ShopState, title: string): string {
  const base =
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "product";
  const taken = new Set([...state.products.values()].map((p) => p.handle));
  let handle = base;
  for (let n = 1; taken.has(handle); n++) handle = `${base}-${n}`;
  return handle;
}
