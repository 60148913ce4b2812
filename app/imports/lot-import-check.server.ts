// Checking a lot import against the shop: one read of Shopify's catalog and locations for the
// whole file (never one per row), then the codes each row gets and whether the shop already has
// them. The dry run and the import job both check through here, so they judge rows alike.
import type { Db, Prisma } from "../db.server";
import type { ReceiveVariant } from "../domain/receiving";
import { retrieveCodeTemplates } from "../receiving/code-templates.server";
import { locationCode } from "../receiving/receive-form";
import { type AdminGraphql, adminQuery, ShopifyUnavailableError } from "../shopify/admin-graphql.server";
import { type CatalogVariant, fetchLocations, fetchShopTimeZone, fetchVariants } from "../shopify/catalog.server";
import type { LotCsvRow } from "./lot-csv";
import {
  conflictsWithShop,
  type IssuedImportRow,
  issueLotImportCodes,
  type LotImportContext,
  type PlannedImportRow,
  type RowError,
  serialKey,
  sortErrors,
  toVariantGid,
} from "./lot-import-rows";

type Reader = Db | Prisma.TransactionClient;

/** What the rows are checked with: the variants they name, the shop's locations, template and time zone. */
export async function loadImportContext(
  db: Db,
  input: { shopId: string; actor: string; graphql: AdminGraphql; rows: readonly LotCsvRow[]; now?: Date },
): Promise<LotImportContext> {
  const [variants, locations, timeZone, templates] = await Promise.all([
    resolveImportVariants(input.graphql, input.rows),
    fetchLocations(input.graphql),
    fetchShopTimeZone(input.graphql),
    retrieveCodeTemplates(db, input.shopId),
  ]);
  return {
    shopId: input.shopId,
    actor: input.actor,
    variants,
    locations: locations.map((location) => ({
      id: location.id,
      name: location.name,
      code: templates.locationCodes[location.id] ?? locationCode(location.name),
    })),
    lotTemplate: templates.lotTemplate,
    timeZone: knownTimeZone(timeZone),
    now: input.now ?? new Date(),
  };
}

const SKU_PAGE = `#graphql
query LotlineImportSkus($after: String) {
  productVariants(first: 250, after: $after) {
    nodes { id sku }
    pageInfo { hasNextPage endCursor }
  }
}`;

/**
 * The variants the file names. Shopify cannot look up many SKUs in one search, so the shop's
 * variant list is read once (ids and SKUs only, 250 a page), and the matches are then fetched
 * in full with `fetchVariants`, together with the rows' variant ids.
 */
export async function resolveImportVariants(
  graphql: AdminGraphql,
  rows: readonly LotCsvRow[],
): Promise<ReceiveVariant[]> {
  const wantedSkus = new Set(rows.map((row) => row.values.sku.toLowerCase()).filter(Boolean));
  const ids = new Set(
    rows
      .map((row) => row.values.variant_id)
      .filter(Boolean)
      .map(toVariantGid),
  );
  if (wantedSkus.size > 0) {
    let after: string | null = null;
    for (;;) {
      const data: {
        productVariants: {
          nodes: { id: string; sku: string | null }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      } = await withThrottleRetry(() => adminQuery(graphql, SKU_PAGE, { after }));
      for (const node of data.productVariants.nodes) {
        if (node.sku && wantedSkus.has(node.sku.toLowerCase())) ids.add(node.id);
      }
      if (!data.productVariants.pageInfo.hasNextPage || !data.productVariants.pageInfo.endCursor) break;
      after = data.productVariants.pageInfo.endCursor;
    }
  }
  const valid = [...ids].filter((id) => /^gid:\/\/shopify\/ProductVariant\/\d+$/.test(id));
  if (valid.length === 0) return [];
  const variants = await withThrottleRetry(() => fetchVariants(graphql, valid));
  return variants.filter((variant): variant is CatalogVariant => variant !== null).map(receiveVariant);
}

/** The first number each counter would hand out now, without taking it (for the dry run). */
export async function peekSequenceNumbers(
  db: Reader,
  shopId: string,
  demand: ReadonlyMap<string, number>,
): Promise<Map<string, number>> {
  const scopes = [...demand.keys()];
  const rows = scopes.length
    ? await db.codeSequence.findMany({ where: { shopId, scope: { in: scopes } }, select: { scope: true, value: true } })
    : [];
  const last = new Map(rows.map((row) => [row.scope, row.value]));
  return new Map(scopes.map((scope) => [scope, (last.get(scope) ?? 0) + 1]));
}

/** Issues the rows' codes from `firstNumber` and names every code or serial number the shop already has. */
export async function issueAndCheckCodes(
  db: Reader,
  shopId: string,
  planned: readonly PlannedImportRow[],
  firstNumber: ReadonlyMap<string, number>,
): Promise<{ issued: IssuedImportRow[]; errors: RowError[] }> {
  const { issued, errors } = issueLotImportCodes(planned, firstNumber);
  const existing = await existingCodes(db, shopId, issued);
  const conflicts = conflictsWithShop(issued, existing);
  const bad = new Set(conflicts.map((error) => error.line));
  return { issued: issued.filter((row) => !bad.has(row.line)), errors: sortErrors([...errors, ...conflicts]) };
}

// Keeps each IN (...) list well under PostgreSQL's limit on bind parameters.
const LOOKUP_CHUNK = 5_000;

async function existingCodes(db: Reader, shopId: string, rows: readonly IssuedImportRow[]) {
  const lotCodes = new Set<string>();
  const codes = rows.map((row) => row.lotCode);
  for (let start = 0; start < codes.length; start += LOOKUP_CHUNK) {
    const found = await db.lot.findMany({
      where: { shopId, code: { in: codes.slice(start, start + LOOKUP_CHUNK) } },
      select: { code: true },
    });
    for (const lot of found) lotCodes.add(lot.code);
  }

  const serials = new Map<string, string>();
  const byProduct = new Map<string, string[]>();
  for (const row of rows) {
    if (row.serials.length === 0) continue;
    const productId = row.plan.lines[0].variant.productId;
    byProduct.set(productId, [...(byProduct.get(productId) ?? []), ...row.serials]);
  }
  for (const [productId, list] of byProduct) {
    for (let start = 0; start < list.length; start += LOOKUP_CHUNK) {
      const found = await db.serialNumber.findMany({
        where: { shopId, productId, serial: { in: list.slice(start, start + LOOKUP_CHUNK) } },
        select: { serial: true, lot: { select: { code: true } } },
      });
      for (const serial of found) serials.set(serialKey(productId, serial.serial), serial.lot.code);
    }
  }
  return { lotCodes, serials };
}

const THROTTLE_RETRIES = 5;

/** A big catalog can drain Shopify's rate-limit bucket; wait for it to refill rather than fail the file. */
async function withThrottleRetry<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof ShopifyUnavailableError) || error.reason !== "throttled" || attempt >= THROTTLE_RETRIES)
        throw error;
      await new Promise((resolve) => setTimeout(resolve, 2_000 * (attempt + 1)));
    }
  }
}

function receiveVariant(variant: CatalogVariant): ReceiveVariant {
  return {
    variantId: variant.variantId,
    productId: variant.productId,
    inventoryItemId: variant.inventoryItemId,
    sku: variant.sku,
    productTitle: variant.productTitle,
    barcode: variant.barcode,
  };
}

function knownTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}
