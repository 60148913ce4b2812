// Product, variant, inventory level and location bodies.
import { totalAvailable } from "../../store/inventory";
import type { ShopState } from "../../store/store";
import type { InventoryLevelRecord, LocationRecord, ProductRecord } from "../../store/types";
import { cents, money, restEnum, restId, restLocationAddress, restTags, restTime } from "./rest-format";

export function productPayload(state: ShopState, product: ProductRecord) {
  const zone = state.shop.ianaTimezone;
  const variants = product.variantIds.map((id) => state.variants.get(id)!);
  return {
    admin_graphql_api_id: product.id,
    body_html: "",
    created_at: restTime(product.createdAt, zone),
    handle: product.handle,
    id: restId(product.id),
    product_type: product.productType,
    published_at: product.status === "ACTIVE" ? restTime(product.createdAt, zone) : null,
    template_suffix: null,
    title: product.title,
    updated_at: restTime(product.updatedAt, zone),
    vendor: product.vendor,
    status: restEnum(product.status),
    published_scope: "web",
    tags: restTags(product.tags),
    variants: variants.map((variant) => {
      const item = state.inventoryItems.get(variant.inventoryItemId)!;
      const quantity = totalAvailable(state, item.id);
      return {
        admin_graphql_api_id: variant.id,
        barcode: variant.barcode,
        compare_at_price: null,
        created_at: restTime(variant.createdAt, zone),
        fulfillment_service: "manual",
        id: restId(variant.id),
        inventory_management: item.tracked ? "shopify" : null,
        inventory_policy: "deny",
        position: variant.position,
        price: money(cents(variant.price)),
        product_id: restId(product.id),
        sku: variant.sku,
        taxable: true,
        title: variant.title,
        updated_at: restTime(variant.updatedAt, zone),
        option1: variant.title,
        option2: null,
        option3: null,
        grams: 0,
        image_id: null,
        weight: 0,
        weight_unit: "kg",
        inventory_item_id: restId(item.id),
        inventory_quantity: quantity,
        old_inventory_quantity: quantity,
        requires_shipping: item.requiresShipping,
      };
    }),
    options: [
      {
        id: restId(product.id),
        product_id: restId(product.id),
        name: "Title",
        position: 1,
        values: variants.map((variant) => variant.title),
      },
    ],
    images: [],
    image: null,
  };
}

/** products/delete (like every delete topic) carries only the id. */
export function deletedPayload(id: string) {
  return { id: restId(id) };
}

export function inventoryLevelPayload(state: ShopState, level: InventoryLevelRecord) {
  return {
    inventory_item_id: restId(level.inventoryItemId),
    location_id: restId(level.locationId),
    available: level.quantities.available,
    updated_at: restTime(level.updatedAt, state.shop.ianaTimezone),
    admin_graphql_api_id: level.id,
  };
}

export function locationPayload(state: ShopState, location: LocationRecord) {
  const zone = state.shop.ianaTimezone;
  return {
    id: restId(location.id),
    name: location.name,
    ...restLocationAddress(location.address),
    created_at: restTime(location.createdAt, zone),
    updated_at: restTime(location.updatedAt, zone),
    legacy: false,
    active: location.isActive,
    admin_graphql_api_id: location.id,
  };
}
