// "Stop the stock": quarantine remaining units, hold unfulfilled affected orders, tag affected
// orders — each optional, each reversible, each with its result recorded. The merchant's request
// raises the step's generation and queues one job; the job records per lot / per order what it
// changed in Shopify as it goes, so a retry skips what is done and a revert undoes exactly that.
import { lockLots } from "../allocation/lot-locks.server";
import type { Db, Prisma } from "../db.server";
import { lotDocumentUri } from "../expiry/quarantine-lot.server";
import type { RecallAction } from "../generated/prisma/client.ts";
import type { JobPayload } from "../jobs/contract";
import { withAvailable } from "../models/lot.server";
import { describeShopifyErrors, type ShopifyUserError, writeOrderLots } from "../orders/write-back-shopify.server";
import { type AdminGraphql, adminQuery } from "../shopify/admin-graphql.server";
import { describeUserErrors, moveInventoryQuantities } from "../shopify/inventory.server";
import { AppError, isPermanent } from "../utils/errors";
import { logger } from "../utils/logger.server";
import { listAffectedOrderIds } from "./recall-trace.server";
import {
  type ActionResult,
  checkActionRequest,
  finalStatus,
  type HoldRef,
  holdHandle,
  holdReasonNotes,
  type LotEntry,
  needsWork,
  type OrderEntry,
  plannedQuarantine,
  RECALL_ACTION_KINDS,
  RECALL_HOLD_TAG,
  type RecallActionDirection,
  type RecallActionKind,
  readActionResult,
  recallTag,
  summarizeAction,
} from "./stock-action-plan";

export const RECALL_QUARANTINE = "recall-quarantine";
export const RECALL_QUARANTINE_RELEASED = "recall-quarantine-released";

const RECALL_NOT_FOUND = "This recall does not exist in your shop.";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type EnqueueRecallAction = (
  name: "recalls.apply-action",
  payload: JobPayload<"recalls.apply-action">,
) => Promise<unknown>;

export interface RecallActionRequest {
  shopId: string;
  recallId: string;
  kind: RecallActionKind;
  direction: RecallActionDirection;
  /** "user:<id>", as authenticateAdmin names the merchant. */
  actor: string;
}

/**
 * Asks for one step to be applied or undone in Shopify. Works on draft recalls too (stop the
 * stock first, notify later). CONFLICT when the step is mid-way or the request makes no sense
 * (undo of a step never applied, apply of one already applied); NOT_FOUND for another shop's recall.
 */
export async function requestRecallAction(
  db: Db,
  input: RecallActionRequest,
  collaborators: { enqueue: EnqueueRecallAction },
): Promise<RecallAction> {
  if (!RECALL_ACTION_KINDS.includes(input.kind)) {
    throw new AppError("INVALID_DATA", "Choose quarantine stock, hold orders or tag orders.");
  }
  if (input.direction !== "apply" && input.direction !== "revert") {
    throw new AppError("INVALID_DATA", "Choose whether to apply or undo the step.");
  }
  if (!UUID.test(input.recallId) || !UUID.test(input.shopId)) throw new AppError("NOT_FOUND", RECALL_NOT_FOUND);

  const action = await db.$transaction(async (tx) => {
    // One request at a time per recall: two clicks cannot both pass the checks below.
    const locked = await tx.$queryRaw<{ status: string }[]>`
      SELECT status::text FROM "Recall" WHERE id = ${input.recallId}::uuid AND "shopId" = ${input.shopId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new AppError("NOT_FOUND", RECALL_NOT_FOUND);
    if (locked[0].status === "closed" && input.direction === "apply") {
      throw new AppError("NOT_ALLOWED", "This recall is closed: its steps can be undone, not applied.");
    }
    const current = await tx.recallAction.findUnique({
      where: { recallId_kind: { recallId: input.recallId, kind: input.kind } },
    });
    const check = checkActionRequest(
      current && { status: current.status, result: readActionResult(current.result), requestedAt: current.requestedAt },
      input.direction,
      new Date(),
    );
    if (!check.ok) throw new AppError("CONFLICT", check.message);
    const status = input.direction === "apply" ? "applying" : "reverting";
    const saved = current
      ? await tx.recallAction.update({
          where: { id: current.id },
          data: {
            status,
            generation: current.generation + 1,
            requestedBy: input.actor,
            requestedAt: new Date(),
            completedAt: null,
            error: null,
          },
        })
      : await tx.recallAction.create({
          data: {
            shopId: input.shopId,
            recallId: input.recallId,
            kind: input.kind,
            status,
            generation: 1,
            requestedBy: input.actor,
            result: { lots: {}, orders: {} },
          },
        });
    await tx.auditEntry.create({
      data: {
        shopId: input.shopId,
        actor: input.actor,
        action: input.direction === "apply" ? "recall.action_requested" : "recall.action_revert_requested",
        subjectType: "recall",
        subjectId: input.recallId,
        details: { kind: input.kind, generation: saved.generation, recallActionId: saved.id },
      },
    });
    return saved;
  });

  try {
    await collaborators.enqueue("recalls.apply-action", {
      shopId: input.shopId,
      recallActionId: action.id,
      generation: action.generation,
    });
  } catch (error) {
    // No job means nothing would ever happen: say so on the step instead of leaving it "applying".
    logger.warn({ err: error, recallActionId: action.id }, "recall action not queued");
    const message = "Lotline could not queue this step (its job queue is unreachable). Try again in a minute.";
    await db.recallAction.updateMany({
      where: { id: action.id, generation: action.generation },
      data: { status: "failed", error: message, completedAt: new Date() },
    });
    throw new AppError("CONFLICT", message);
  }
  return action;
}

/** The recall's steps and where each stands; empty for another shop's recall. */
export async function listRecallActions(db: Db, shopId: string, recallId: string): Promise<RecallAction[]> {
  if (!UUID.test(recallId) || !UUID.test(shopId)) return [];
  return db.recallAction.findMany({ where: { shopId, recallId }, orderBy: { kind: "asc" } });
}

// ---------------------------------------------------------------------------------------------
// The job

interface RunContext {
  db: Db;
  graphql: AdminGraphql;
  action: RecallAction;
  direction: RecallActionDirection;
  recall: { id: string; shopId: string; number: number; title: string; lots: RecallLotRow[] };
  result: ActionResult;
}

interface RecallLotRow {
  id: string;
  code: string;
  inventoryItemId: string;
  locationId: string;
  onHandQuantity: number;
  allocatedQuantity: number;
  quarantinedQuantity: number;
}

/** A newer request took the step over; this job's work is no longer wanted. */
class Superseded extends Error {}

export type RecallActionOutcome =
  | { done: false; reason: "stale" | "uninstalled" }
  | { done: true; status: RecallAction["status"]; summary: ReturnType<typeof summarizeAction> };

/**
 * The job: applies or reverts one step in Shopify. A job whose generation is not the row's current
 * one does nothing. Shopify's refusals per lot/order are recorded and listed; transport failures
 * (Shopify down, throttled) throw so the job runs again and skips what it recorded as done.
 */
export async function runRecallAction(
  db: Db,
  input: JobPayload<"recalls.apply-action">,
  deps: { adminGraphql: (shopDomain: string) => Promise<AdminGraphql>; now?: () => Date },
): Promise<RecallActionOutcome> {
  const action = await db.recallAction.findFirst({
    where: { id: input.recallActionId, shopId: input.shopId },
    include: {
      shop: { select: { domain: true, uninstalledAt: true } },
      recall: {
        select: {
          id: true,
          shopId: true,
          number: true,
          title: true,
          lots: {
            select: {
              lot: {
                select: {
                  id: true,
                  code: true,
                  inventoryItemId: true,
                  locationId: true,
                  onHandQuantity: true,
                  allocatedQuantity: true,
                  quarantinedQuantity: true,
                },
              },
            },
          },
        },
      },
    },
  });
  if (!action) throw new AppError("NOT_FOUND", "The recall step this job was queued for no longer exists.");
  if (action.generation !== input.generation) return { done: false, reason: "stale" };
  if (action.status !== "applying" && action.status !== "reverting") return { done: false, reason: "stale" };
  const direction: RecallActionDirection = action.status === "applying" ? "apply" : "revert";
  if (action.shop.uninstalledAt) {
    await finish(db, action, {
      status: "failed",
      error:
        "Lotline is uninstalled from this shop, so Shopify could not be changed. Reinstall Lotline, then try again.",
    });
    return { done: false, reason: "uninstalled" };
  }

  const { shop, recall, ...row } = action;
  const context: RunContext = {
    db,
    graphql: () => Promise.reject(new Error("not connected")),
    action: row,
    direction,
    recall: { ...recall, lots: recall.lots.map(({ lot }) => lot).sort((a, b) => a.code.localeCompare(b.code)) },
    result: readActionResult(action.result),
  };
  try {
    // Inside: a shop whose access is gone fails the step visibly instead of leaving it "applying".
    context.graphql = await deps.adminGraphql(shop.domain);
    if (action.kind === "quarantine_stock") await runQuarantine(context, deps.now ?? (() => new Date()));
    else await runOrderStep(context);
  } catch (error) {
    if (error instanceof Superseded) return { done: false, reason: "stale" };
    if (isPermanent(error)) {
      await finish(db, row, { status: "failed", error: (error as Error).message });
    } else {
      // Still running: the job is retried; meanwhile the step says why it is taking long.
      await db.recallAction.updateMany({
        where: { id: row.id, generation: row.generation },
        data: { error: `Waiting for Shopify, will retry: ${(error as Error).message}` },
      });
    }
    throw error;
  }
  const ending = finalStatus(context.result, direction, row.generation);
  await finish(db, row, ending);
  await db.auditEntry.create({
    data: {
      shopId: row.shopId,
      actor: "job:recalls.apply-action",
      action: `recall.action_${ending.status}`,
      subjectType: "recall",
      subjectId: row.recallId,
      details: { kind: row.kind, generation: row.generation, ...countsOf(context.result) },
    },
  });
  return { done: true, status: ending.status, summary: summarizeAction(context.result) };
}

function countsOf(result: ActionResult) {
  const summary = summarizeAction(result);
  return { inEffect: summary.inEffect, skipped: summary.skipped, failed: summary.failures.length };
}

async function finish(
  db: Db,
  action: { id: string; generation: number },
  ending: { status: RecallAction["status"]; error: string | null },
): Promise<void> {
  await db.recallAction.updateMany({
    where: { id: action.id, generation: action.generation },
    data: { status: ending.status, error: ending.error, completedAt: new Date() },
  });
}

/** Saves the progress (and, in the same transaction, what else the step wrote) unless a newer request took over. */
async function saveProgress(
  context: RunContext,
  also?: (tx: Prisma.TransactionClient) => Promise<unknown>,
): Promise<void> {
  await context.db.$transaction(async (tx) => {
    // First, so what it adds to the result is saved with it; a superseded save rolls it back.
    await also?.(tx);
    const saved = await tx.recallAction.updateMany({
      where: { id: context.action.id, generation: context.action.generation },
      data: { result: context.result as unknown as Prisma.InputJsonValue },
    });
    if (saved.count === 0) throw new Superseded();
  });
}

// --- quarantine_stock -------------------------------------------------------------------------

const LEVEL_QUANTITIES = `#graphql
query LotlineRecallLevel($inventoryItemId: ID!, $locationId: ID!) {
  inventoryItem(id: $inventoryItemId) {
    inventoryLevel(locationId: $locationId) {
      quantities(names: ["available", "quality_control"]) { name quantity }
    }
  }
}`;

async function fetchLevel(
  graphql: AdminGraphql,
  lot: { inventoryItemId: string; locationId: string },
): Promise<{ available: number; qualityControl: number }> {
  const data = await adminQuery<{
    inventoryItem: { inventoryLevel: { quantities: { name: string; quantity: number }[] } | null } | null;
  }>(graphql, LEVEL_QUANTITIES, { inventoryItemId: lot.inventoryItemId, locationId: lot.locationId });
  const quantity = (name: string) =>
    data.inventoryItem?.inventoryLevel?.quantities.find((q) => q.name === name)?.quantity ?? 0;
  return { available: quantity("available"), qualityControl: quantity("quality_control") };
}

async function runQuarantine(context: RunContext, now: () => Date): Promise<void> {
  const { result, direction } = context;
  const generation = context.action.generation;
  // A revert undoes what was recorded, even for a lot taken off the recall since.
  const lots: RecallLotRow[] =
    direction === "apply"
      ? context.recall.lots
      : Object.values(result.lots).map((entry) => ({
          id: entry.lotId,
          code: entry.code,
          inventoryItemId: entry.inventoryItemId,
          locationId: entry.locationId,
          onHandQuantity: 0,
          allocatedQuantity: 0,
          quarantinedQuantity: 0,
        }));
  for (const lot of lots) {
    if (!needsWork(result.lots[lot.id], direction, generation)) continue;
    // A move an earlier job may or may not have made is settled first (replayed under its key).
    if (direction === "apply" || result.lots[lot.id].state === "pending") await quarantineLot(context, lot, now);
    const settled = result.lots[lot.id];
    if (direction === "revert" && (settled.state === "applied" || settled.state === "reverting")) {
      await releaseLot(context, settled, now);
    }
  }
}

async function quarantineLot(context: RunContext, lot: RecallLotRow, now: () => Date): Promise<void> {
  const { result, action } = context;
  let entry = result.lots[lot.id];
  // The quantity and key are decided once and kept, so a retry (even one of a later request, after
  // this job died mid-way) sends Shopify the same input under the same key: replayed, never doubled.
  if (entry?.state !== "pending") {
    const level = await fetchLevel(context.graphql, lot);
    const quantity = plannedQuarantine(withAvailable(lot).availableQuantity, level.available);
    entry = {
      lotId: lot.id,
      code: lot.code,
      inventoryItemId: lot.inventoryItemId,
      locationId: lot.locationId,
      quantity,
      state: quantity > 0 ? "pending" : "skipped",
      generation: action.generation,
      error: quantity > 0 ? null : "No units of this lot are available in Shopify at its location; nothing to move.",
      key: `recall-quarantine-${action.id}-${action.generation}-${lot.id}`,
    };
    result.lots[lot.id] = entry;
    await saveProgress(context);
    if (quantity === 0) return;
  }
  const moved = await moveInventoryQuantities(context.graphql, {
    inventoryItemId: lot.inventoryItemId,
    locationId: lot.locationId,
    quantity: entry.quantity,
    from: "available",
    to: "quality_control",
    reason: "quality_control",
    referenceDocumentUri: recallDocumentUri(action.recallId),
    ledgerDocumentUri: lotDocumentUri(lot.id),
    idempotencyKey: entry.key ?? `recall-quarantine-${action.id}-${entry.generation}-${lot.id}`,
  });
  if (!moved.ok) {
    result.lots[lot.id] = {
      ...entry,
      state: "failed",
      generation: action.generation,
      quantity: 0,
      error: describeUserErrors(moved.userErrors),
    };
    await saveProgress(context);
    return;
  }
  const done: LotEntry = {
    ...entry,
    state: "applied",
    generation: action.generation,
    error: null,
    adjustmentGroupId: moved.adjustmentGroupId,
  };
  result.lots[lot.id] = done;
  await saveProgress(context, async (tx) => {
    done.held = await holdBackInLotline(tx, action.shopId, lot.id, done.quantity);
    await tx.lotEvent.create({
      data: {
        shopId: action.shopId,
        lotId: lot.id,
        type: "quarantined",
        quantity: 0,
        occurredAt: now(),
        actor: action.requestedBy,
        reference: {
          kind: RECALL_QUARANTINE,
          recallId: action.recallId,
          quantity: done.quantity,
          from: "available",
          to: "quality_control",
          shopifyAdjustmentGroupId: moved.adjustmentGroupId,
        },
      },
    });
  });
}

/**
 * Lotline holds the same units back (the lot's quarantined count, under its row lock), so the
 * allocation planner stops choosing them even while the recall is a draft and the lot still active.
 * Never more than the lot has free now; answers what was held, which is what a revert gives back.
 */
async function holdBackInLotline(
  tx: Prisma.TransactionClient,
  shopId: string,
  lotId: string,
  quantity: number,
): Promise<number> {
  await lockLots(tx, shopId, [lotId]);
  const lot = await tx.lot.findFirst({ where: { id: lotId, shopId } });
  if (!lot) return 0;
  const held = Math.max(0, Math.min(quantity, withAvailable(lot).availableQuantity));
  if (held > 0) await tx.lot.update({ where: { id: lotId }, data: { quarantinedQuantity: { increment: held } } });
  return held;
}

/** Gives back what `holdBackInLotline` held (less, if the merchant released some of it since). */
async function giveBackInLotline(
  tx: Prisma.TransactionClient,
  shopId: string,
  lotId: string,
  held: number,
): Promise<void> {
  if (held <= 0) return;
  await lockLots(tx, shopId, [lotId]);
  const lot = await tx.lot.findFirst({ where: { id: lotId, shopId }, select: { quarantinedQuantity: true } });
  const quantity = Math.min(held, lot?.quarantinedQuantity ?? 0);
  if (quantity > 0)
    await tx.lot.update({ where: { id: lotId }, data: { quarantinedQuantity: { decrement: quantity } } });
}

async function releaseLot(context: RunContext, entry: LotEntry, now: () => Date): Promise<void> {
  const { result, action } = context;
  let releasing = entry;
  if (entry.state !== "reverting") {
    // Units the merchant already took out of quality control by hand are not moved back twice.
    const level = await fetchLevel(context.graphql, entry);
    releasing = {
      ...entry,
      state: "reverting",
      generation: action.generation,
      error: null,
      releaseQuantity: Math.max(0, Math.min(entry.quantity, level.qualityControl)),
      key: `recall-quarantine-release-${action.id}-${action.generation}-${entry.lotId}`,
    };
    result.lots[entry.lotId] = releasing;
    await saveProgress(context);
  }
  const quantity = releasing.releaseQuantity ?? 0;
  let adjustmentGroupId: string | null = null;
  if (quantity > 0) {
    const moved = await moveInventoryQuantities(context.graphql, {
      inventoryItemId: entry.inventoryItemId,
      locationId: entry.locationId,
      quantity,
      from: "quality_control",
      to: "available",
      reason: "quality_control",
      referenceDocumentUri: recallDocumentUri(action.recallId),
      ledgerDocumentUri: lotDocumentUri(entry.lotId),
      idempotencyKey: releasing.key ?? `recall-quarantine-release-${action.id}-${releasing.generation}-${entry.lotId}`,
    });
    if (!moved.ok) {
      // Still in quality control: the lot stays listed as quarantined, with Shopify's reason.
      result.lots[entry.lotId] = {
        ...releasing,
        state: "applied",
        generation: action.generation,
        error: describeUserErrors(moved.userErrors),
      };
      await saveProgress(context);
      return;
    }
    adjustmentGroupId = moved.adjustmentGroupId;
  }
  result.lots[entry.lotId] = {
    ...releasing,
    state: "reverted",
    generation: action.generation,
    quantity: 0,
    held: 0,
    error: null,
  };
  await saveProgress(context, async (tx) => {
    await giveBackInLotline(tx, action.shopId, entry.lotId, releasing.held ?? 0);
    await tx.lotEvent.create({
      data: {
        shopId: action.shopId,
        lotId: entry.lotId,
        type: "adjusted",
        quantity: 0,
        occurredAt: now(),
        actor: action.requestedBy,
        reference: {
          kind: RECALL_QUARANTINE_RELEASED,
          recallId: action.recallId,
          quantity,
          from: "quality_control",
          to: "available",
          shopifyAdjustmentGroupId: adjustmentGroupId,
        },
      },
    });
  });
}

function recallDocumentUri(recallId: string): string {
  return `gid://lotline/Recall/${recallId}`;
}

// --- hold_orders and tag_orders ---------------------------------------------------------------

type AffectedOrder = Awaited<ReturnType<typeof listAffectedOrderIds>>[number];

async function runOrderStep(context: RunContext): Promise<void> {
  const { result, direction, action } = context;
  const hold = action.kind === "hold_orders";
  const orders: AffectedOrder[] =
    direction === "apply"
      ? await listAffectedOrderIds(context.db, action.shopId, action.recallId, { unshippedOnly: hold })
      : Object.values(result.orders);
  const keepHoldTag = direction === "revert" && hold ? await ordersHeldByOtherRecalls(context) : new Set<string>();
  for (const order of orders) {
    const entry = result.orders[order.orderRefId];
    if (!needsWork(entry, direction, action.generation)) continue;
    const base: OrderEntry = entry ?? {
      ...order,
      state: "pending",
      generation: action.generation,
      error: null,
      holds: [],
      tagged: false,
    };
    const next =
      direction === "apply"
        ? hold
          ? await holdOrder(context, base)
          : await tagOrder(context, base)
        : await undoOrder(context, base, keepHoldTag.has(base.orderRefId));
    result.orders[order.orderRefId] = { ...next, generation: action.generation };
    await saveProgress(context);
  }
}

const ORDER_FULFILLMENT_ORDERS = `#graphql
query LotlineRecallFulfillmentOrders($id: ID!) {
  order(id: $id) {
    id
    fulfillmentOrders(first: 50) {
      nodes { id status fulfillmentHolds { id handle } }
    }
  }
}`;

interface FulfillmentOrderView {
  id: string;
  status: string;
  fulfillmentHolds: { id: string; handle: string | null }[];
}

async function fetchFulfillmentOrders(graphql: AdminGraphql, orderId: string): Promise<FulfillmentOrderView[] | null> {
  const data = await adminQuery<{ order: { fulfillmentOrders: { nodes: FulfillmentOrderView[] } } | null }>(
    graphql,
    ORDER_FULFILLMENT_ORDERS,
    { id: orderId },
  );
  return data.order ? data.order.fulfillmentOrders.nodes : null;
}

const HOLD_FULFILLMENT_ORDER = `#graphql
mutation LotlineRecallHold($id: ID!, $hold: FulfillmentOrderHoldInput!) {
  fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {
    fulfillmentHold { id }
    userErrors { field message code }
  }
}`;

const RELEASE_HOLD = `#graphql
mutation LotlineRecallReleaseHold($id: ID!, $holdIds: [ID!]) {
  fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) {
    fulfillmentOrder { id status }
    userErrors { field message code }
  }
}`;

// Fulfillment orders that can still ship (Shopify refuses a hold on the others).
const HOLDABLE = new Set(["OPEN", "IN_PROGRESS", "SCHEDULED", "ON_HOLD"]);

async function holdOrder(context: RunContext, entry: OrderEntry): Promise<OrderEntry> {
  const { graphql, recall } = context;
  const fulfillmentOrders = await fetchFulfillmentOrders(graphql, entry.shopifyOrderId);
  if (!fulfillmentOrders) return { ...entry, state: "failed", error: "The order no longer exists in Shopify." };
  const handle = holdHandle(recall.number);
  const holds: HoldRef[] = [...entry.holds];
  const errors: string[] = [];
  for (const fulfillmentOrder of fulfillmentOrders.filter((fo) => HOLDABLE.has(fo.status))) {
    if (holds.some((hold) => hold.fulfillmentOrderId === fulfillmentOrder.id)) continue;
    // Held by an earlier attempt whose progress was not saved: Shopify keeps the handle unique.
    const existing = fulfillmentOrder.fulfillmentHolds.find((hold) => hold.handle === handle);
    if (existing) {
      holds.push({ fulfillmentOrderId: fulfillmentOrder.id, holdId: existing.id });
      continue;
    }
    const data = await adminQuery<{
      fulfillmentOrderHold: { fulfillmentHold: { id: string } | null; userErrors: ShopifyUserError[] } | null;
    }>(graphql, HOLD_FULFILLMENT_ORDER, {
      id: fulfillmentOrder.id,
      hold: {
        reason: "OTHER",
        reasonNotes: holdReasonNotes(
          recall,
          recall.lots.map((lot) => lot.code),
        ),
        handle,
        notifyMerchant: false,
      },
    });
    const placed = data.fulfillmentOrderHold;
    if (placed?.fulfillmentHold)
      holds.push({ fulfillmentOrderId: fulfillmentOrder.id, holdId: placed.fulfillmentHold.id });
    else errors.push(describeShopifyErrors(placed?.userErrors ?? []) || "Shopify did not place the hold.");
  }
  if (holds.length === 0 && errors.length === 0) {
    return { ...entry, state: "skipped", error: "Nothing is left to fulfil on this order in Shopify." };
  }
  const tagging = await writeOrderLots(graphql, {
    orderId: entry.shopifyOrderId,
    addTags: [RECALL_HOLD_TAG],
    removeTags: [],
  });
  if (tagging.tagErrors.length > 0) errors.push(describeShopifyErrors(tagging.tagErrors));
  const tagged = entry.tagged || tagging.tagErrors.length === 0;
  if (errors.length > 0) return { ...entry, holds, tagged, state: "failed", error: errors.join("; ") };
  return { ...entry, holds, tagged, state: "applied", error: null };
}

async function tagOrder(context: RunContext, entry: OrderEntry): Promise<OrderEntry> {
  const tagging = await writeOrderLots(context.graphql, {
    orderId: entry.shopifyOrderId,
    addTags: [recallTag(context.recall.number)],
    removeTags: [],
  });
  if (tagging.tagErrors.length > 0) {
    return { ...entry, state: "failed", error: describeShopifyErrors(tagging.tagErrors) };
  }
  return { ...entry, tagged: true, state: "applied", error: null };
}

async function undoOrder(context: RunContext, entry: OrderEntry, keepHoldTag: boolean): Promise<OrderEntry> {
  const { graphql, action } = context;
  const errors: string[] = [];
  let holds = entry.holds;
  if (holds.length > 0) {
    const fulfillmentOrders = (await fetchFulfillmentOrders(graphql, entry.shopifyOrderId)) ?? [];
    const remaining: HoldRef[] = [];
    for (const hold of holds) {
      // A hold the merchant already released (or a fulfillment order that is gone) is undone already.
      const present = fulfillmentOrders
        .find((fo) => fo.id === hold.fulfillmentOrderId)
        ?.fulfillmentHolds.some((placed) => placed.id === hold.holdId);
      if (!present) continue;
      const data = await adminQuery<{
        fulfillmentOrderReleaseHold: { userErrors: ShopifyUserError[] } | null;
      }>(graphql, RELEASE_HOLD, { id: hold.fulfillmentOrderId, holdIds: [hold.holdId] });
      const userErrors = data.fulfillmentOrderReleaseHold?.userErrors ?? [];
      if (userErrors.length > 0) {
        remaining.push(hold);
        errors.push(describeShopifyErrors(userErrors));
      }
    }
    holds = remaining;
  }
  let tagged = entry.tagged;
  if (tagged) {
    const tag = action.kind === "hold_orders" ? RECALL_HOLD_TAG : recallTag(context.recall.number);
    if (keepHoldTag) {
      tagged = false;
    } else {
      const tagging = await writeOrderLots(graphql, { orderId: entry.shopifyOrderId, addTags: [], removeTags: [tag] });
      if (tagging.tagErrors.length > 0) errors.push(describeShopifyErrors(tagging.tagErrors));
      else tagged = false;
    }
  }
  if (errors.length > 0) return { ...entry, holds, tagged, state: "failed", error: errors.join("; ") };
  return { ...entry, holds, tagged, state: "reverted", error: null };
}

/** Orders another recall still holds: their recall-hold tag stays when this recall lets go. */
async function ordersHeldByOtherRecalls(context: RunContext): Promise<Set<string>> {
  const others = await context.db.recallAction.findMany({
    where: {
      shopId: context.action.shopId,
      kind: "hold_orders",
      recallId: { not: context.action.recallId },
      status: { in: ["applying", "applied", "reverting", "failed"] },
    },
    select: { result: true },
  });
  const held = new Set<string>();
  for (const other of others) {
    for (const entry of Object.values(readActionResult(other.result).orders)) {
      if (entry.holds.length > 0) held.add(entry.orderRefId);
    }
  }
  return held;
}
