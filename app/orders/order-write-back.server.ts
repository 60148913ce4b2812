// Writes an order's lot tags and allocations metafield to Shopify, as of the newest allocation
// version, and records on the order what was written (or, in words the merchant can act on, why
// not). Idempotent: an order whose written version is current is not sent again, tags are added
// and removed against what Lotline wrote last, and the metafield is compare-and-set.
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";
import { retrieveShopSettings } from "../settings/shop-settings.server";
import { type AdminGraphql, ShopifyUnavailableError } from "../shopify/admin-graphql.server";
import { RetryLaterError, rateLimitedAdminGraphql } from "../shopify/rate-limited-admin.server";
import { AppError } from "../utils/errors";
import { logger } from "../utils/logger.server";
import { type OrderLock, redisOrderLock } from "./write-back-lock.server";
import { type LineToWrite, ORDER_TAG_LIMIT, type OrderWriteBackPlan, planOrderWriteBack } from "./write-back-plan";
import {
  describeShopifyErrors,
  isMissingOrder,
  isStaleDigest,
  readOrderLots,
  writeOrderLots,
} from "./write-back-shopify.server";

export type OrderWriteBackOutcome = "written" | "up-to-date" | "gone" | "shop-uninstalled";

export interface OrderWriteBackCollaborators {
  /** The Admin function for a shop (workers: the process's rate-limited client). */
  adminGraphql: (shopDomain: string) => Promise<AdminGraphql>;
  lock?: OrderLock;
  now?: () => Date;
}

// Above this many lot tags, the merchant's own tags are counted first so the total stays within 250.
const TAGS_WORTH_COUNTING = 25;

type LoadedOrder = NonNullable<Awaited<ReturnType<typeof loadOrder>>>;

export async function writeBackOrder(
  db: Db,
  payload: JobPayload<"orders.write-back">,
  collaborators: OrderWriteBackCollaborators = { adminGraphql: rateLimitedAdminGraphql },
): Promise<OrderWriteBackOutcome> {
  const lock = collaborators.lock ?? redisOrderLock;
  const held = await lock(payload.orderRefId, () => writeOrder(db, payload, collaborators));
  if (!held) throw new RetryLaterError("Another write-back of this order is running", 1_000);
  return held.value;
}

async function writeOrder(
  db: Db,
  payload: JobPayload<"orders.write-back">,
  collaborators: OrderWriteBackCollaborators,
): Promise<OrderWriteBackOutcome> {
  const log = logger.child({ shopId: payload.shopId, orderRefId: payload.orderRefId });
  const order = await loadOrder(db, payload);
  if (!order) {
    log.info("order write-back skipped: the order is not Lotline's any more");
    return "gone";
  }
  if (order.shop.uninstalledAt) {
    log.info({ order: order.name }, "order write-back skipped: Lotline is uninstalled from the shop");
    return "shop-uninstalled";
  }
  // Read at the start; a change made while this runs raises it again and queues its own job.
  const version = order.writeBackVersion;
  if (order.writtenBackVersion >= version) return "up-to-date";

  const { orderTagPrefix } = await retrieveShopSettings(db, order.shopId);
  const recordError = (message: string) =>
    db.orderRef.updateMany({
      where: { id: order.id, shopId: order.shopId, writtenBackVersion: { lt: version } },
      data: { writeBackError: message },
    });

  let written: { plan: OrderWriteBackPlan; digest: string | null };
  try {
    const graphql = await collaborators.adminGraphql(order.shop.domain);
    written = await writeToShopify(graphql, order, orderTagPrefix);
  } catch (error) {
    if (error instanceof RetryLaterError) throw error;
    if (error instanceof AppError) {
      await recordError(error.message);
      throw error;
    }
    if (error instanceof ShopifyUnavailableError) {
      await recordError(`${error.message}. Lotline will try again.`);
    }
    throw error;
  }

  const { plan, digest } = written;
  const note = plan.limits.length > 0 ? plan.limits.join(" ") : null;
  if (note) log.warn({ order: order.name, limits: plan.limits }, "order written to Shopify in part: Shopify's limits");
  // Only ever raising the written version: a slower job for an older version changes nothing.
  await db.orderRef.updateMany({
    where: { id: order.id, shopId: order.shopId, writtenBackVersion: { lt: version } },
    data: {
      writtenBackVersion: version,
      writtenTags: plan.tags,
      metafieldDigest: digest,
      writeBackDoneAt: collaborators.now?.() ?? new Date(),
      writeBackError: note,
    },
  });
  return "written";
}

function loadOrder(db: Db, payload: { shopId: string; orderRefId: string }) {
  return db.orderRef.findFirst({
    where: { id: payload.orderRefId, shopId: payload.shopId },
    select: {
      id: true,
      shopId: true,
      shopifyOrderId: true,
      name: true,
      writeBackVersion: true,
      writtenBackVersion: true,
      writtenTags: true,
      metafieldDigest: true,
      shop: { select: { domain: true, uninstalledAt: true } },
      lines: {
        select: {
          shopifyLineItemId: true,
          allocations: {
            select: {
              quantity: true,
              shippedQuantity: true,
              returnedQuantity: true,
              lot: { select: { code: true, expiresAt: true, bestBefore: true } },
            },
          },
          serialNumbers: { select: { serial: true } },
        },
      },
    },
  });
}

function linesOf(order: LoadedOrder): LineToWrite[] {
  return order.lines.map((line) => ({
    shopifyLineItemId: line.shopifyLineItemId,
    allocations: line.allocations.map((allocation) => ({
      code: allocation.lot.code,
      expiresAt: allocation.lot.expiresAt,
      bestBefore: allocation.lot.bestBefore,
      quantity: allocation.quantity,
      shippedQuantity: allocation.shippedQuantity,
      returnedQuantity: allocation.returnedQuantity,
    })),
    serials: line.serialNumbers.map((unit) => unit.serial),
  }));
}

async function writeToShopify(
  graphql: AdminGraphql,
  order: LoadedOrder,
  tagPrefix: string,
): Promise<{ plan: OrderWriteBackPlan; digest: string | null }> {
  const lines = linesOf(order);
  let plan = planOrderWriteBack({ tagPrefix, lines, writtenTags: order.writtenTags });
  if (plan.tags.length > TAGS_WORTH_COUNTING) {
    const current = await readOrderLots(graphql, order.shopifyOrderId);
    if (!current) throw missingOrder(order);
    const ours = new Set(order.writtenTags.map((tag) => tag.toLowerCase()));
    const merchantTags = current.tags.filter((tag) => !ours.has(tag.toLowerCase())).length;
    plan = planOrderWriteBack({
      tagPrefix,
      lines,
      writtenTags: order.writtenTags,
      tagBudget: ORDER_TAG_LIMIT - merchantTags,
    });
  }

  // Nothing allocated and nothing written before: no metafield to create.
  const setMetafield = Object.keys(plan.metafield).length > 0 || order.metafieldDigest !== null;
  const result = await writeOrderLots(graphql, {
    orderId: order.shopifyOrderId,
    addTags: plan.addTags,
    removeTags: plan.removeTags,
    metafield: setMetafield ? { value: plan.metafieldValue, compareDigest: order.metafieldDigest } : undefined,
  });
  if (isMissingOrder(result.tagErrors) || isMissingOrder(result.metafieldErrors)) throw missingOrder(order);
  if (result.tagErrors.length > 0) {
    throw new AppError(
      "INVALID_DATA",
      `Shopify refused the lot tags of order ${order.name}: ${describeShopifyErrors(result.tagErrors)}`,
    );
  }
  if (!setMetafield) return { plan, digest: order.metafieldDigest };
  if (isStaleDigest(result.metafieldErrors)) {
    return { plan, digest: await resolveDigestConflict(graphql, order, plan) };
  }
  if (result.metafieldErrors.length > 0) throw refusedMetafield(order, result.metafieldErrors);
  return { plan, digest: result.metafieldDigest };
}

/**
 * The metafield changed since Lotline last wrote it (an answer lost after Shopify applied it,
 * or someone else wrote it). Re-read it: if it already says what Lotline means to write, keep
 * its digest; otherwise write once more against the digest just read.
 */
async function resolveDigestConflict(
  graphql: AdminGraphql,
  order: LoadedOrder,
  plan: OrderWriteBackPlan,
): Promise<string | null> {
  const current = await readOrderLots(graphql, order.shopifyOrderId);
  if (!current) throw missingOrder(order);
  if (current.metafield && sameJson(current.metafield.value, plan.metafieldValue)) {
    return current.metafield.compareDigest;
  }
  const retried = await writeOrderLots(graphql, {
    orderId: order.shopifyOrderId,
    addTags: [],
    removeTags: [],
    metafield: { value: plan.metafieldValue, compareDigest: current.metafield?.compareDigest ?? null },
  });
  if (isStaleDigest(retried.metafieldErrors)) {
    // Not permanent: the job is retried with backoff and reads the metafield afresh.
    throw new AppError(
      "CONFLICT",
      `The lot allocations of order ${order.name} kept changing in Shopify while Lotline wrote them; Lotline will try again.`,
    );
  }
  if (isMissingOrder(retried.metafieldErrors)) throw missingOrder(order);
  if (retried.metafieldErrors.length > 0) throw refusedMetafield(order, retried.metafieldErrors);
  return retried.metafieldDigest;
}

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

function missingOrder(order: LoadedOrder): AppError {
  return new AppError(
    "NOT_FOUND",
    `Order ${order.name} no longer exists in Shopify, so its lot tags and allocations could not be written.`,
  );
}

function refusedMetafield(order: LoadedOrder, errors: Parameters<typeof describeShopifyErrors>[0]): AppError {
  return new AppError(
    "INVALID_DATA",
    `Shopify refused the lot allocations of order ${order.name}: ${describeShopifyErrors(errors)}`,
  );
}
