// What the Receive page reads from Shopify: the chosen variants (with their product and
// inventory item) and the shop's locations.
import { type AdminGraphql, adminQuery } from "./admin-graphql.server";

export interface CatalogVariant {
  variantId: string;
  productId: string;
  inventoryItemId: string;
  sku: string | null;
  barcode: string | null;
  productTitle: string;
  variantTitle: string;
  displayName: string;
  /** Shopify only counts stock of tracked items; receiving into an untracked one changes nothing there. */
  tracked: boolean;
}

export interface CatalogLocation {
  id: string;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
  city: string | null;
  countryCode: string | null;
}

const VARIANTS = `#graphql
query LotlineVariants($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on ProductVariant {
      id
      title
      displayName
      sku
      barcode
      product { id title }
      inventoryItem { id tracked }
    }
  }
}`;

const LOCATIONS = `#graphql
query LotlineLocations($after: String) {
  locations(first: 100, after: $after, includeInactive: false) {
    nodes { id name isActive fulfillsOnlineOrders address { city countryCode } }
    pageInfo { hasNextPage endCursor }
  }
}`;

// `nodes` takes at most 250 ids; smaller pages keep each query cheap.
const VARIANT_PAGE = 100;

interface VariantNode {
  id?: string;
  title: string;
  displayName: string;
  sku: string | null;
  barcode: string | null;
  product: { id: string; title: string };
  inventoryItem: { id: string; tracked: boolean };
}

/** The variants in the order asked for; null where Shopify has no such variant (deleted, or not a variant id). */
export async function fetchVariants(graphql: AdminGraphql, variantIds: string[]): Promise<(CatalogVariant | null)[]> {
  const found = new Map<string, CatalogVariant>();
  const unique = [...new Set(variantIds)];
  for (let start = 0; start < unique.length; start += VARIANT_PAGE) {
    const ids = unique.slice(start, start + VARIANT_PAGE);
    const data = await adminQuery<{ nodes: (VariantNode | null)[] }>(graphql, VARIANTS, { ids });
    for (const node of data.nodes) {
      if (!node?.id || !node.product || !node.inventoryItem) continue;
      found.set(node.id, {
        variantId: node.id,
        productId: node.product.id,
        inventoryItemId: node.inventoryItem.id,
        sku: node.sku || null,
        barcode: node.barcode || null,
        productTitle: node.product.title,
        variantTitle: node.title,
        displayName: node.displayName,
        tracked: node.inventoryItem.tracked,
      });
    }
  }
  return variantIds.map((id) => found.get(id) ?? null);
}

/** The shop's active locations, by name. */
export async function fetchLocations(graphql: AdminGraphql): Promise<CatalogLocation[]> {
  const locations: CatalogLocation[] = [];
  let after: string | null = null;
  for (;;) {
    const data: {
      locations: {
        nodes: {
          id: string;
          name: string;
          isActive: boolean;
          fulfillsOnlineOrders: boolean;
          address: { city: string | null; countryCode: string | null } | null;
        }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    } = await adminQuery(graphql, LOCATIONS, { after });
    for (const node of data.locations.nodes) {
      locations.push({
        id: node.id,
        name: node.name,
        isActive: node.isActive,
        fulfillsOnlineOrders: node.fulfillsOnlineOrders,
        city: node.address?.city ?? null,
        countryCode: node.address?.countryCode ?? null,
      });
    }
    if (!data.locations.pageInfo.hasNextPage || !data.locations.pageInfo.endCursor) break;
    after = data.locations.pageInfo.endCursor;
  }
  return locations.sort((a, b) => a.name.localeCompare(b.name));
}
