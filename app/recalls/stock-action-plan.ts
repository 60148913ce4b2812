// The bookkeeping of "stop the stock": what each step changed in Shopify, recorded per lot and per
// order as the job goes, so a retried job skips what is done and a revert undoes exactly that.
// Pure: the job (stock-actions.server.ts) reads and writes these records; the recall page reads
// the summary.

export type RecallActionKind = "quarantine_stock" | "hold_orders" | "tag_orders";
export type RecallActionDirection = "apply" | "revert";
export type RecallActionStatus = "applying" | "applied" | "reverting" | "reverted" | "failed";

export const RECALL_ACTION_KINDS: readonly RecallActionKind[] = ["quarantine_stock", "hold_orders", "tag_orders"];

/** The order tag that shows staff an order is held for a recall. */
export const RECALL_HOLD_TAG = "recall-hold";

/** Longer than a job's retries take (~4 minutes): a step still "applying" after this has stopped. */
export const STUCK_AFTER_MS = 15 * 60_000;

/** Shopify caps a hold's notes; longer notes are cut, not refused. */
const MAX_REASON_NOTES = 255;

export function recallTag(recallNumber: number): string {
  return `recall:${recallNumber}`;
}

/** One handle per recall: Shopify keeps it unique per app and fulfillment order, which makes a hold idempotent. */
export function holdHandle(recallNumber: number): string {
  return `lotline-recall-${recallNumber}`;
}

/** What the warehouse sees on the held fulfillment order. */
export function holdReasonNotes(recall: { number: number; title: string }, lotCodes: readonly string[]): string {
  const lots = lotCodes.length === 1 ? `lot ${lotCodes[0]}` : `lots ${lotCodes.join(", ")}`;
  const notes = `Held by Lotline for recall #${recall.number} (${recall.title}): contains ${lots}. Do not ship.`;
  return notes.length <= MAX_REASON_NOTES ? notes : `${notes.slice(0, MAX_REASON_NOTES - 1)}…`;
}

/** Units to move to quality control: what the lot has left, but never more than Shopify has available. */
export function plannedQuarantine(lotAvailable: number, shopifyAvailable: number): number {
  return Math.max(0, Math.min(lotAvailable, shopifyAvailable));
}

/**
 * `pending`/`reverting`: the quantity is decided and the Shopify call may or may not have happened
 * (a retry sends the same input under the same idempotency key). `applied`: it is in Shopify now.
 */
export type EntryState = "pending" | "applied" | "reverting" | "reverted" | "skipped" | "failed";

interface EntryBase {
  state: EntryState;
  /** The request generation that last worked on the entry. */
  generation: number;
  /** Why the last attempt did not work (Shopify's words), or why nothing was done. */
  error: string | null;
}

export interface LotEntry extends EntryBase {
  lotId: string;
  code: string;
  inventoryItemId: string;
  locationId: string;
  /** Units in quality_control because of this action (what a revert moves back). */
  quantity: number;
  /** Units the revert in progress moves back (decided once, kept for the retry). */
  releaseQuantity?: number;
  /** Units Lotline holds back from allocation for this quarantine (the lot's quarantined count). */
  held?: number;
  /** Shopify idempotency key of the move in progress (pending/reverting), kept for the retry. */
  key?: string;
  adjustmentGroupId?: string | null;
}

export interface HoldRef {
  fulfillmentOrderId: string;
  holdId: string;
}

export interface OrderEntry extends EntryBase {
  orderRefId: string;
  shopifyOrderId: string;
  name: string;
  /** Holds Lotline placed and has not released (hold_orders). */
  holds: HoldRef[];
  /** Whether the action's tag is on the order in Shopify. */
  tagged: boolean;
}

export interface ActionResult {
  lots: Record<string, LotEntry>;
  orders: Record<string, OrderEntry>;
}

export function emptyResult(): ActionResult {
  return { lots: {}, orders: {} };
}

/** The stored JSON as an ActionResult; anything unreadable counts as nothing done. */
export function readActionResult(value: unknown): ActionResult {
  const record = (value ?? {}) as Partial<ActionResult>;
  return {
    lots: isObject(record.lots) ? (record.lots as Record<string, LotEntry>) : {},
    orders: isObject(record.orders) ? (record.orders as Record<string, OrderEntry>) : {},
  };
}

function isObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether the entry still has something of ours in Shopify (what a revert must undo). */
export function holdsSomething(entry: LotEntry | OrderEntry): boolean {
  // Pending: the move to quality control may have happened; only replaying it tells.
  if ("quantity" in entry) return entry.state === "applied" || entry.state === "reverting" || entry.state === "pending";
  return entry.holds.length > 0 || entry.tagged;
}

/**
 * Whether the job of `generation` still has work on the entry. A retry of the same generation
 * skips what it finished or already saw fail (Shopify would refuse the same call again); a new
 * request (the merchant's "try again") takes up failures and undone entries.
 */
export function needsWork(
  entry: LotEntry | OrderEntry | undefined,
  direction: RecallActionDirection,
  generation: number,
): boolean {
  if (direction === "apply") {
    if (!entry || entry.state === "pending") return true;
    // Units already in quality control must not move twice, whatever a failed revert left behind.
    if ("quantity" in entry && holdsSomething(entry)) return false;
    if (entry.state === "applied" && entry.error === null) return false;
    return entry.generation !== generation;
  }
  if (!entry || !holdsSomething(entry)) return false;
  if (entry.state === "reverting") return true;
  return !(entry.generation === generation && entry.error !== null);
}

export interface ActionSummary {
  /** Lots or orders the action holds in Shopify now. */
  inEffect: number;
  /** Lots or orders with nothing to do (no stock left, nothing left to ship). */
  skipped: number;
  failures: { label: string; reason: string }[];
  /** Units in quality control because of the action (quarantine_stock). */
  quarantinedUnits: number;
}

/** What the recall page shows under the step. */
export function summarizeAction(result: ActionResult): ActionSummary {
  const entries = [...Object.values(result.lots), ...Object.values(result.orders)];
  const label = (entry: LotEntry | OrderEntry) => ("code" in entry ? `Lot ${entry.code}` : `Order ${entry.name}`);
  return {
    inEffect: entries.filter(holdsSomething).length,
    skipped: entries.filter((entry) => entry.state === "skipped").length,
    failures: entries
      .filter((entry) => entry.error !== null && entry.state !== "skipped")
      .map((entry) => ({ label: label(entry), reason: entry.error ?? "" })),
    quarantinedUnits: Object.values(result.lots)
      .filter(holdsSomething)
      .reduce((sum, entry) => sum + entry.quantity, 0),
  };
}

/**
 * How the job of `generation` ends. Apply: "applied" when anything took effect or there was
 * nothing to do, failures listed; "failed" when every attempt failed. Revert: "reverted" only when
 * nothing of ours is left in Shopify, otherwise "failed" (the merchant can revert again).
 */
export function finalStatus(
  result: ActionResult,
  direction: RecallActionDirection,
  generation: number,
): { status: RecallActionStatus; error: string | null } {
  const entries = [...Object.values(result.lots), ...Object.values(result.orders)];
  const failed = entries.filter(
    (entry) => entry.generation === generation && entry.error !== null && entry.state !== "skipped",
  );
  const error = failed.length === 0 ? null : describeFailures(failed);
  if (direction === "revert") {
    return entries.some(holdsSomething) ? { status: "failed", error } : { status: "reverted", error: null };
  }
  const worked = entries.some((entry) => entry.state === "applied");
  if (failed.length > 0 && !worked) return { status: "failed", error };
  return { status: "applied", error };
}

function describeFailures(failed: (LotEntry | OrderEntry)[]): string {
  const names = failed.map((entry) => ("code" in entry ? `lot ${entry.code}` : `order ${entry.name}`));
  const shown = names.slice(0, 5).join(", ");
  const more = names.length > 5 ? ` and ${names.length - 5} more` : "";
  const what = failed.length === 1 ? "1 change" : `${failed.length} changes`;
  return `Shopify refused ${what} (${shown}${more}). See the reasons listed, fix them in Shopify, then try again.`;
}

/**
 * Whether the merchant may ask for `direction` now; a message naming what to do instead when not.
 * One request at a time: a step being applied or undone cannot be asked for again until it ends.
 */
export function checkActionRequest(
  current: { status: RecallActionStatus; result: ActionResult; requestedAt: Date } | null,
  direction: RecallActionDirection,
  now: Date,
): { ok: true } | { ok: false; message: string } {
  // A job that ran out of retries leaves the step mid-way; after a while the merchant may ask again
  // (the new request's job resumes half-made moves under their original keys, so nothing doubles).
  const running = now.getTime() - (current?.requestedAt.getTime() ?? 0) < STUCK_AFTER_MS;
  if ((current?.status === "applying" || current?.status === "reverting") && running) {
    const doing = current.status === "applying" ? "being applied" : "being undone";
    return { ok: false, message: `This step is still ${doing} in Shopify. Wait for it to finish, then try again.` };
  }
  if (direction === "apply") {
    if (current?.status === "applied" && summarizeAction(current.result).failures.length === 0) {
      return { ok: false, message: "This step is already applied in Shopify. Undo it first to apply it again." };
    }
    return { ok: true };
  }
  const inEffect =
    current !== null &&
    [...Object.values(current.result.lots), ...Object.values(current.result.orders)].some(holdsSomething);
  if (!inEffect) {
    const message =
      current === null
        ? "This step was never applied in Shopify, so there is nothing to undo."
        : current.status === "reverted"
          ? "This step is already undone in Shopify."
          : "This step changed nothing in Shopify, so there is nothing to undo.";
    return { ok: false, message };
  }
  return { ok: true };
}
