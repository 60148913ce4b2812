// What the Receive page reads from Shopify: the chosen variants (with their product and
// inventory item), variants found by search or by a scanned GTIN, the shop's locations and
// its time zone.
import { AppError } from "../utils/errors";
import { gtinForms } from "../utils/gtin";
import { type AdminGraphql, adminQuery, ShopifyUnavailableError } from "./admin-graphql.server";

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

const VARIANT_FIELDS = "id title displayName sku barcode product { id title } inventoryItem { id tracked }";

const VARIANTS = `#graphql
query LotlineVariants($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on ProductVariant { ${VARIANT_FIELDS} }
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

function toCatalogVariant(node: VariantNode | null | undefined): CatalogVariant | null {
  if (!node?.id || !node.product || !node.inventoryItem) return null;
  return {
    variantId: node.id,
    productId: node.product.id,
    inventoryItemId: node.inventoryItem.id,
    sku: node.sku || null,
    barcode: node.barcode || null,
    productTitle: node.product.title,
    variantTitle: node.title,
    displayName: node.displayName,
    tracked: node.inventoryItem.tracked,
  };
}

/** The variants in the order asked for; null where Shopify has no such variant (deleted, or not a variant id). */
export async function fetchVariants(graphql: AdminGraphql, variantIds: string[]): Promise<(CatalogVariant | null)[]> {
  const found = new Map<string, CatalogVariant>();
  const unique = [...new Set(variantIds)];
  for (let start = 0; start < unique.length; start += VARIANT_PAGE) {
    const ids = unique.slice(start, start + VARIANT_PAGE);
    const data = await adminQuery<{ nodes: (VariantNode | null)[] }>(graphql, VARIANTS, { ids });
    for (const node of data.nodes) {
      const variant = toCatalogVariant(node);
      if (variant) found.set(variant.variantId, variant);
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

/** How many variants a search answers at most. */
export const VARIANT_SEARCH_LIMIT = 20;

// Characters Shopify's search syntax gives a meaning (field separator, escapes, grouping,
// quotes, wildcard); a merchant's search box never means them, so they are dropped.
const SEARCH_SYNTAX = /[\\:()"'*]/g;

/** A word a merchant typed as a search term: no syntax characters, no leading "-" (which would negate it). */
function searchWord(word: string): string {
  return word.replace(SEARCH_SYNTAX, "").replace(/^-+/, "");
}

/**
 * Variants whose SKU or barcode starts with the text, or whose product title starts with its
 * first word and contains the others. Shopify's search has no OR across fields that every API
 * version accepts the same way, so each field is one aliased search in a single request.
 */
export async function searchVariants(graphql: AdminGraphql, text: string): Promise<CatalogVariant[]> {
  const words = text.trim().split(/\s+/).map(searchWord).filter(Boolean);
  if (words.length === 0) return [];
  const parts: string[] = [];
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  if (words.length === 1) {
    // SKUs and barcodes have no spaces: only a single word can be one.
    variables.sku = `sku:${words[0]}*`;
    variables.barcode = `barcode:${words[0]}*`;
    declarations.push("$sku: String!", "$barcode: String!");
    parts.push(
      `bySku: productVariants(first: ${VARIANT_SEARCH_LIMIT}, query: $sku, sortKey: SKU) { nodes { ${VARIANT_FIELDS} } }`,
      `byBarcode: productVariants(first: ${VARIANT_SEARCH_LIMIT}, query: $barcode) { nodes { ${VARIANT_FIELDS} } }`,
    );
  }
  variables.title = `title:${words[0]}*`;
  declarations.push("$title: String!");
  parts.push(
    `byTitle: products(first: 10, query: $title, sortKey: TITLE) { nodes { variants(first: 10) { nodes { ${VARIANT_FIELDS} } } } }`,
  );
  const query = `#graphql
query LotlineVariantSearch(${declarations.join(", ")}) {
  ${parts.join("\n  ")}
}`;
  const data = await adminQuery<{
    bySku?: { nodes: VariantNode[] };
    byBarcode?: { nodes: VariantNode[] };
    byTitle: { nodes: { variants: { nodes: VariantNode[] } }[] };
  }>(graphql, query, variables);

  const rest = words.slice(1).map((word) => word.toLowerCase());
  const byTitle = data.byTitle.nodes
    .flatMap((product) => product.variants.nodes)
    .filter((node) => rest.every((word) => node.product.title.toLowerCase().includes(word)));
  return uniqueVariants([...(data.bySku?.nodes ?? []), ...(data.byBarcode?.nodes ?? []), ...byTitle]).slice(
    0,
    VARIANT_SEARCH_LIMIT,
  );
}

/**
 * The variants whose barcode is this GTIN, written as the merchant may have stored it: as the
 * 14 digits of AI (01), or without the leading zeros that pad a GTIN-13, -12 or -8 to 14.
 */
export async function findVariantsByGtin(graphql: AdminGraphql, gtin: string): Promise<CatalogVariant[]> {
  const forms = gtinForms(gtin);
  if (forms.length === 0) return [];
  const variables: Record<string, unknown> = {};
  const parts = forms.map((form, i) => {
    variables[`b${i}`] = `barcode:${form}`;
    return `b${i}: productVariants(first: 5, query: $b${i}) { nodes { ${VARIANT_FIELDS} } }`;
  });
  const query = `#graphql
query LotlineVariantsByGtin(${forms.map((_, i) => `$b${i}: String!`).join(", ")}) {
  ${parts.join("\n  ")}
}`;
  const data = await adminQuery<Record<string, { nodes: VariantNode[] }>>(graphql, query, variables);
  return uniqueVariants(forms.flatMap((_, i) => data[`b${i}`]?.nodes ?? []));
}

function uniqueVariants(nodes: (VariantNode | null)[]): CatalogVariant[] {
  const seen = new Map<string, CatalogVariant>();
  for (const node of nodes) {
    const variant = toCatalogVariant(node);
    if (variant && !seen.has(variant.variantId)) seen.set(variant.variantId, variant);
  }
  return [...seen.values()];
}

const SHOP_TIME_ZONE = `#graphql
query LotlineShopTimeZone { shop { ianaTimezone } }`;

/** The shop's IANA time zone (lot codes carry the receiving day as the merchant sees it). */
export async function fetchShopTimeZone(graphql: AdminGraphql): Promise<string> {
  const data = await adminQuery<{ shop: { ianaTimezone: string | null } }>(graphql, SHOP_TIME_ZONE);
  return data.shop.ianaTimezone || "UTC";
}

/**
 * The shop's location names by id, for pages that show stored location ids; empty when Shopify
 * cannot answer now, so those pages still render (with codes instead of names).
 */
export async function fetchLocationNames(graphql: AdminGraphql): Promise<Map<string, string>> {
  try {
    const locations = await fetchLocations(graphql);
    return new Map(locations.map((location) => [location.id, location.name]));
  } catch (error) {
    if (error instanceof ShopifyUnavailableError || error instanceof AppError) return new Map();
    throw error;
  }
}

/** The shop's time zone for showing times; UTC when Shopify cannot answer now. */
export async function fetchShopTimeZoneOrUtc(graphql: AdminGraphql): Promise<string> {
  try {
    return await fetchShopTimeZone(graphql);
  } catch (error) {
    if (error instanceof ShopifyUnavailableError || error instanceof AppError) return "UTC";
    throw error;
  }
}
