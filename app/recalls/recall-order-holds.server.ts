// Recall holds and tags on the affected orders: fulfillment holds (handle lotline-recall-<n>) with
// the recall-hold tag on orders with unshipped units, and recall:<n> on every affected order; the
// revert releases exactly the holds placed and removes the tags.
import { describeShopifyErrors, type ShopifyUserError, writeOrderLots } from "../orders/write-back-shopify.server";
import { type AdminGraphql, adminQuery } from "../shopify/admin-graphql.server";
import { listAffectedOrderIds } from "./recall-trace.server";
import {
  type HoldRef,
  holdHandle,
  holdReasonNotes,
  needsWork,
  type OrderEntry,
  RECALL_HOLD_TAG,
  readActionResult,
  recallTag,
} from "./stock-action-plan";
import { type RunContext, saveProgress } from "./stock-action-run.server";

type AffectedOrder = Awaited<ReturnType<typeof listAffectedOrderIds>>[number];

export async function runOrderStep(context: RunContext): Promise<void> {
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
