// Products, variants, inventory items, inventory levels and their named quantities.
import { findInventoryLevel, quantityOf, totalAvailable } from "../../store/inventory";
import type { ShopState } from "../../store/store";
import {
  type InventoryItemRecord,
  type InventoryLevelRecord,
  type ProductRecord,
  QUANTITY_NAMES,
  type QuantityName,
  type VariantRecord,
} from "../../store/types";
import { AdminApiError } from "../errors";
import type { SearchFields } from "../search-query";
import { byId, connectionArgs, listConnection, numericId, type SortValues } from "./common";
import { type ResolverMap, withArgs } from "./framework";

const variantSearch: SearchFields<VariantRecord> = {
  sku: { kind: "text", read: (v) => v.sku },
  barcode: { kind: "text", read: (v) => v.barcode },
  title: { kind: "text", read: (v) => v.title },
  id: { kind: "id", read: (v) => v.id },
  product_id: { kind: "id", read: (v) => v.productId },
  updated_at: { kind: "time", read: (v) => v.updatedAt },
  created_at: { kind: "time", read: (v) => v.createdAt },
};

function productSearch(state: ShopState): SearchFields<ProductRecord> {
  const variantsOf = (product: ProductRecord) => product.variantIds.map((id) => state.variants.get(id)!);
  return {
    title: { kind: "text", read: (p) => p.title },
    handle: { kind: "text", read: (p) => p.handle },
    vendor: { kind: "text", read: (p) => p.vendor },
    product_type: { kind: "text", read: (p) => p.productType },
    status: { kind: "text", read: (p) => p.status },
    tag: { kind: "tags", read: (p) => p.tags },
    id: { kind: "id", read: (p) => p.id },
    created_at: { kind: "time", read: (p) => p.createdAt },
    updated_at: { kind: "time", read: (p) => p.updatedAt },
    // A product matches when any of its variants does.
    sku: { kind: "tags", read: (p) => variantsOf(p).flatMap((v) => (v.sku ? [v.sku] : [])) },
    barcode: { kind: "tags", read: (p) => variantsOf(p).flatMap((v) => (v.barcode ? [v.barcode] : [])) },
  };
}

const inventoryItemSearch = (state: ShopState): SearchFields<InventoryItemRecord> => ({
  sku: { kind: "text", read: (item) => state.variants.get(item.variantId)?.sku ?? null },
  id: { kind: "id", read: (item) => item.id },
  created_at: { kind: "time", read: (item) => item.createdAt },
  updated_at: { kind: "time", read: (item) => item.updatedAt },
});

const PRODUCT_SORT_KEYS: SortValues<ProductRecord> = {
  TITLE: (p) => p.title.toLowerCase(),
  CREATED_AT: (p) => p.createdAt,
  UPDATED_AT: (p) => p.updatedAt,
  VENDOR: (p) => p.vendor.toLowerCase(),
  PRODUCT_TYPE: (p) => p.productType.toLowerCase(),
};

const VARIANT_SORT_KEYS: SortValues<VariantRecord> = {
  SKU: (v) => v.sku ?? "",
  TITLE: (v) => v.title.toLowerCase(),
  POSITION: (v) => v.position,
};

export const catalogResolvers: ResolverMap = {
  QueryRoot: {
    products: withArgs(connectionArgs("query", "sortKey"), (_s, args, context) =>
      listConnection([...context.state.products.values()], args, context, {
        resource: "products",
        sortKeys: PRODUCT_SORT_KEYS,
        search: productSearch(context.state),
      }),
    ),
    product: withArgs(["id"], (_s, args, { state }) => byId(state.products, args.id)),
    productVariant: withArgs(["id"], (_s, args, { state }) => byId(state.variants, args.id)),
    productVariants: withArgs(connectionArgs("query", "sortKey"), (_s, args, context) =>
      listConnection([...context.state.variants.values()], args, context, {
        resource: "product variants",
        sortKeys: VARIANT_SORT_KEYS,
        search: variantSearch,
      }),
    ),
    inventoryItem: withArgs(["id"], (_s, args, { state }) => byId(state.inventoryItems, args.id)),
    inventoryItems: withArgs(connectionArgs("query"), (_s, args, context) =>
      listConnection([...context.state.inventoryItems.values()], args, context, {
        resource: "inventory items",
        search: inventoryItemSearch(context.state),
      }),
    ),
    inventoryLevel: withArgs(["id"], (_s, args, { state }) => byId(state.inventoryLevels, args.id)),
  },
  Product: {
    variants: withArgs(connectionArgs("sortKey"), (product: ProductRecord, args, context) =>
      listConnection(
        product.variantIds.map((id) => context.state.variants.get(id)!),
        args,
        context,
        { resource: "product variants", defaultSortKey: "POSITION", sortKeys: VARIANT_SORT_KEYS },
      ),
    ),
    variantsCount: (product: ProductRecord) => ({ count: product.variantIds.length, precision: "EXACT" }),
    totalInventory: (product: ProductRecord, _args, { state }) =>
      product.variantIds.reduce((sum, id) => sum + totalAvailable(state, state.variants.get(id)!.inventoryItemId), 0),
    tracksInventory: (product: ProductRecord, _args, { state }) =>
      product.variantIds.some((id) => state.inventoryItems.get(state.variants.get(id)!.inventoryItemId)?.tracked),
    hasOnlyDefaultVariant: (product: ProductRecord, _args, { state }) =>
      product.variantIds.length === 1 && state.variants.get(product.variantIds[0])?.title === "Default Title",
    description: () => "",
    descriptionHtml: () => "",
    isGiftCard: () => false,
  },
  ProductVariant: {
    product: (variant: VariantRecord, _args, { state }) => state.products.get(variant.productId),
    inventoryItem: (variant: VariantRecord, _args, { state }) => state.inventoryItems.get(variant.inventoryItemId),
    inventoryQuantity: (variant: VariantRecord, _args, { state }) => totalAvailable(state, variant.inventoryItemId),
    displayName: (variant: VariantRecord, _args, { state }) => {
      const product = state.products.get(variant.productId)!;
      return variant.title === "Default Title" ? product.title : `${product.title} - ${variant.title}`;
    },
    selectedOptions: (variant: VariantRecord) => [{ name: "Title", value: variant.title }],
    availableForSale: (variant: VariantRecord, _args, { state }) =>
      state.products.get(variant.productId)?.status === "ACTIVE" &&
      (!state.inventoryItems.get(variant.inventoryItemId)?.tracked ||
        totalAvailable(state, variant.inventoryItemId) > 0),
    inventoryPolicy: () => "DENY",
    taxable: () => true,
  },
  InventoryItem: {
    sku: (item: InventoryItemRecord, _args, { state }) => state.variants.get(item.variantId)?.sku ?? null,
    variant: (item: InventoryItemRecord, _args, { state }) => state.variants.get(item.variantId),
    variants: withArgs(connectionArgs(), (item: InventoryItemRecord, args, context) =>
      listConnection([context.state.variants.get(item.variantId)!], args, context, { resource: "variants" }),
    ),
    duplicateSkuCount: (item: InventoryItemRecord, _args, { state }) => {
      const sku = state.variants.get(item.variantId)?.sku;
      return sku ? [...state.variants.values()].filter((v) => v.sku === sku && v.id !== item.variantId).length : 0;
    },
    inventoryLevel: withArgs(
      ["locationId", "includeInactive"],
      (item: InventoryItemRecord, args, { state }) => findInventoryLevel(state, item.id, args.locationId) ?? null,
    ),
    inventoryLevels: withArgs(connectionArgs("includeInactive"), (item: InventoryItemRecord, args, context) => {
      const levels = [...context.state.inventoryLevels.values()].filter((level) => level.inventoryItemId === item.id);
      return listConnection(levels, args, context, { resource: "inventory levels" });
    }),
    locationsCount: (item: InventoryItemRecord, _args, { state }) => ({
      count: [...state.inventoryLevels.values()].filter((level) => level.inventoryItemId === item.id).length,
      precision: "EXACT",
    }),
  },
  InventoryLevel: {
    item: (level: InventoryLevelRecord, _args, { state }) => state.inventoryItems.get(level.inventoryItemId),
    location: (level: InventoryLevelRecord, _args, { state }) => state.locations.get(level.locationId),
    isActive: () => true,
    canDeactivate: () => true,
    deactivationAlert: () => null,
    quantities: withArgs(["names"], (level: InventoryLevelRecord, args) =>
      (args.names as string[]).map((name) => {
        if (!(QUANTITY_NAMES as readonly string[]).includes(name)) {
          throw new AdminApiError(
            `'${name}' is not a valid inventory quantity name. Valid names are: ${QUANTITY_NAMES.join(", ")}.`,
            "BAD_REQUEST",
          );
        }
        return {
          __typename: "InventoryQuantity",
          id: `gid://shopify/InventoryQuantity/${numericId(level.id)}?inventory_item_id=${numericId(level.inventoryItemId)}&name=${name}`,
          name,
          quantity: quantityOf(level, name as QuantityName),
          updatedAt: level.updatedAt,
        };
      }),
    ),
  },
};
