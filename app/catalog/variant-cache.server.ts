// The shop's variants as Lotline caches them (VariantRef): written from products/* webhooks and
// from Admin API reads on a miss; the product's updated_at is the version, newer wins.
import type { Db, Prisma } from "../db.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { fetchVariants } from "../shopify/catalog.server";
import type { CachedVariant, ProductReading } from "./product-payload";

type Client = Db | Prisma.TransactionClient;

/** Writes one variant unless the cache already holds a newer version of it (one statement, race-free). */
async function upsertVariant(client: Client, shopId: string, variant: CachedVariant, version: Date): Promise<void> {
  await client.$executeRaw`
    INSERT INTO "VariantRef" ("shopId", "variantId", "productId", "inventoryItemId", "sku", "productTitle", "variantTitle", "barcode", "syncedAt", "deletedAt")
    VALUES (${shopId}::uuid, ${variant.variantId}, ${variant.productId}, ${variant.inventoryItemId}, ${variant.sku},
            ${variant.productTitle}, ${variant.variantTitle}, ${variant.barcode}, ${version}, NULL)
    ON CONFLICT ("shopId", "variantId") DO UPDATE SET
      "productId" = EXCLUDED."productId", "inventoryItemId" = EXCLUDED."inventoryItemId", "sku" = EXCLUDED."sku",
      "productTitle" = EXCLUDED."productTitle", "variantTitle" = EXCLUDED."variantTitle",
      "barcode" = EXCLUDED."barcode", "syncedAt" = EXCLUDED."syncedAt", "deletedAt" = NULL
    WHERE "VariantRef"."syncedAt" <= EXCLUDED."syncedAt"`;
}

/** products/create, products/update: the product's variants as of its updated_at; variants it no longer has are marked deleted. */
export async function cacheProductVariants(db: Db, shopId: string, product: ProductReading): Promise<void> {
  await db.$transaction(async (tx) => {
    for (const variant of product.variants) await upsertVariant(tx, shopId, variant, product.updatedAt);
    await tx.variantRef.updateMany({
      where: {
        shopId,
        productId: product.productId,
        variantId: { notIn: product.variants.map((variant) => variant.variantId) },
        deletedAt: null,
        syncedAt: { lte: product.updatedAt },
      },
      data: { deletedAt: product.updatedAt, syncedAt: product.updatedAt },
    });
  });
}

/**
 * products/delete: the body has no time, so the deletion is versioned at processing time; a
 * products/update delivered late (older updated_at) then cannot bring the variants back.
 */
export async function markProductDeleted(db: Db, shopId: string, productId: string, now = new Date()): Promise<void> {
  await db.variantRef.updateMany({
    where: { shopId, productId, deletedAt: null },
    data: { deletedAt: now, syncedAt: now },
  });
}

/** A variant as the cache holds it, for resolveVariants. */
export type CachedVariantRow = ResolvedVariant & { variantId: string };

export interface ResolvedVariant {
  productId: string;
  inventoryItemId: string;
  sku: string | null;
}

/**
 * The inventory item (and product) of each variant: from the cache, reading the misses from the
 * Admin API once and caching them. A deleted variant still resolves: past orders keep their item.
 * Variants Shopify no longer has are absent from the map.
 */
export async function resolveVariants(
  db: Db,
  shopId: string,
  variantIds: string[],
  adminGraphql: () => Promise<AdminGraphql>,
  now = new Date(),
  /** The cache rows of these variants, when the caller read them already (see variantCacheRows). */
  cachedRows?: CachedVariantRow[],
): Promise<Map<string, ResolvedVariant>> {
  const wanted = [...new Set(variantIds)];
  const resolved = new Map<string, ResolvedVariant>();
  if (wanted.length === 0) return resolved;
  // Raw: every order webhook runs this, and a raw read skips the client's query planning.
  const cached =
    cachedRows ??
    (await db.$queryRaw<CachedVariantRow[]>`
      SELECT "variantId", "productId", "inventoryItemId", "sku" FROM "VariantRef"
      WHERE "shopId" = ${shopId}::uuid AND "variantId" = ANY(${wanted}::text[])`);
  for (const row of cached) resolved.set(row.variantId, row);
  const missing = wanted.filter((id) => !resolved.has(id));
  if (missing.length === 0) return resolved;

  const fetched = await fetchVariants(await adminGraphql(), missing);
  for (const variant of fetched) {
    if (!variant) continue;
    const cachedVariant: CachedVariant = {
      variantId: variant.variantId,
      productId: variant.productId,
      inventoryItemId: variant.inventoryItemId,
      sku: variant.sku,
      productTitle: variant.productTitle,
      variantTitle: variant.variantTitle === "Default Title" ? null : variant.variantTitle,
      barcode: variant.barcode,
    };
    // A read shows the product as of now: any products/update older than that is already in it.
    await upsertVariant(db, shopId, cachedVariant, now);
    resolved.set(variant.variantId, variant);
  }
  return resolved;
}
