// Allocation, the pure part: which lots one order line should hold units of, FEFO then FIFO,
// and why a shortfall could not be covered. Applying a plan (locks, quantities, ledger) is the
// allocation service's job; nothing here touches the database.

export type PlannerLotStatus = "active" | "quarantined" | "recalled" | "expired" | "depleted";

/** A calendar day in the shop's time zone. */
export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

export interface CandidateLot {
  id: string;
  /** Calendar date (a DATE column travels as UTC midnight); null for lots that do not expire. */
  expiresAt: Date | null;
  receivedAt: Date;
  status: PlannerLotStatus;
  /** On hand − allocated − quarantined, across every order. */
  available: number;
  locationId: string;
}

export interface CurrentAllocation {
  lotId: string;
  /** Units held or shipped. */
  quantity: number;
  shippedQuantity: number;
  /** Chosen by the merchant: additions never go to it, and it is released only as a last resort. */
  pinned: boolean;
}

export interface AllocationRules {
  today: CalendarDay;
  /** Units with fewer days of shelf life left are never allocated (0: any unexpired unit). */
  minShelfLifeDays: number;
}

export interface PlanInput extends AllocationRules {
  /** Units the line should hold in total, shipped ones included. */
  needed: number;
  /** The line's fulfilment location; null while Shopify has not assigned one. */
  locationId: string | null;
  /** How the merchant knows the location, for reasons ("Warehouse"). */
  locationName?: string | null;
  allocations: CurrentAllocation[];
  /** Every lot of the line's variant (any location, any status), including those it already holds. */
  lots: CandidateLot[];
}

export interface AllocationChange {
  lotId: string;
  /** Positive: units added; negative: units released. */
  delta: number;
}

export interface AllocationPlan {
  changes: AllocationChange[];
  /** Units held or shipped once the changes are applied. */
  allocated: number;
  /** Units still not covered (0 when the line is covered). */
  shortfall: number;
  /** Why the shortfall could not be covered, in words a merchant can act on; null when covered. */
  reason: string | null;
}

export type ExclusionKind =
  | "location"
  | "expired"
  | "shelf_life"
  | "quarantined"
  | "recalled"
  | "depleted"
  | "no_stock";

export interface Exclusion {
  kind: ExclusionKind;
  message: string;
}

const DAY_MS = 86_400_000;

function dayNumber(day: CalendarDay): number {
  return Date.UTC(day.year, day.month - 1, day.day) / DAY_MS;
}

function dateDayNumber(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** FEFO, then FIFO: earliest expiry first, lots without expiry after all that have one, then receipt, then id. */
export function compareLotsFefo(a: CandidateLot, b: CandidateLot): number {
  if (a.expiresAt && b.expiresAt && a.expiresAt.getTime() !== b.expiresAt.getTime()) {
    return a.expiresAt.getTime() - b.expiresAt.getTime();
  }
  if (a.expiresAt && !b.expiresAt) return -1;
  if (!a.expiresAt && b.expiresAt) return 1;
  if (a.receivedAt.getTime() !== b.receivedAt.getTime()) return a.receivedAt.getTime() - b.receivedAt.getTime();
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Why the rules keep this lot from being allocated (ignoring its stock), or null if it may be.
 * A lot expiring today counts as expired; with a minimum shelf life of N days, the lot must
 * expire on today + N or later.
 */
export function ruleExclusion(lot: CandidateLot, rules: AllocationRules): Exclusion | null {
  if (lot.status === "quarantined") return { kind: "quarantined", message: "quarantined" };
  if (lot.status === "recalled") return { kind: "recalled", message: "recalled" };
  if (lot.status === "depleted") return { kind: "depleted", message: "sold out (depleted)" };
  if (lot.status === "expired") {
    return { kind: "expired", message: lot.expiresAt ? `expired on ${isoDay(lot.expiresAt)}` : "expired" };
  }
  if (!lot.expiresAt) return null;
  const daysLeft = dateDayNumber(lot.expiresAt) - dayNumber(rules.today);
  if (daysLeft <= 0) {
    return { kind: "expired", message: daysLeft === 0 ? "expires today" : `expired on ${isoDay(lot.expiresAt)}` };
  }
  if (daysLeft < rules.minShelfLifeDays) {
    return {
      kind: "shelf_life",
      message: `expires ${isoDay(lot.expiresAt)}: ${daysLeft} days of shelf life left, ${rules.minShelfLifeDays} required`,
    };
  }
  return null;
}

/** Why this lot cannot take units for a line at `locationId` now, or null if it can. */
export function lotExclusion(
  lot: CandidateLot,
  rules: AllocationRules & { locationId: string | null },
): Exclusion | null {
  if (lot.locationId !== rules.locationId) return { kind: "location", message: "at another location" };
  const excluded = ruleExclusion(lot, rules);
  if (excluded) return excluded;
  if (lot.available <= 0) return { kind: "no_stock", message: "no units left that other orders do not hold" };
  return null;
}

/**
 * The additions (FEFO) or releases (latest expiry first) that bring the line to `needed` units.
 * Unshipped units held at a location the line no longer ships from (its fulfilment moved) are
 * released first, unless the merchant pinned them.
 */
export function planAllocation(input: PlanInput): AllocationPlan {
  const lotsById = new Map(input.lots.map((lot) => [lot.id, lot]));
  const moved: AllocationChange[] = [];
  const allocations = input.allocations.map((allocation) => {
    const lot = lotsById.get(allocation.lotId);
    const unshipped = allocation.quantity - allocation.shippedQuantity;
    if (!input.locationId || allocation.pinned || !lot || lot.locationId === input.locationId || unshipped <= 0) {
      return allocation;
    }
    moved.push({ lotId: allocation.lotId, delta: -unshipped });
    return { ...allocation, quantity: allocation.shippedQuantity };
  });
  const plan = planAtLocation({ ...input, allocations }, lotsById);
  return moved.length > 0 ? { ...plan, changes: [...moved, ...plan.changes] } : plan;
}

function planAtLocation(input: PlanInput, lotsById: Map<string, CandidateLot>): AllocationPlan {
  const held = input.allocations.reduce((sum, allocation) => sum + allocation.quantity, 0);
  const needed = Math.max(0, Math.floor(input.needed));

  if (held > needed) {
    const changes = planRelease(input.allocations, lotsById, held - needed);
    const released = changes.reduce((sum, change) => sum - change.delta, 0);
    return { changes, allocated: held - released, shortfall: 0, reason: null };
  }
  if (held === needed) return { changes: [], allocated: held, shortfall: 0, reason: null };

  const pinnedLots = new Set(input.allocations.filter((a) => a.pinned).map((a) => a.lotId));
  const usable = input.lots
    .filter((lot) => !pinnedLots.has(lot.id) && lotExclusion(lot, input) === null)
    .sort(compareLotsFefo);
  let missing = needed - held;
  const changes: AllocationChange[] = [];
  for (const lot of usable) {
    if (missing === 0) break;
    const take = Math.min(missing, lot.available);
    changes.push({ lotId: lot.id, delta: take });
    missing -= take;
  }
  const allocated = needed - missing;
  return {
    changes,
    allocated,
    shortfall: missing,
    reason: missing > 0 ? `${allocated} of ${needed} units allocated: ${describeBlocker(input)}` : null,
  };
}

/** Releases `excess` unshipped units: unpinned allocations first, each group from the latest expiry back. */
function planRelease(
  allocations: CurrentAllocation[],
  lotsById: Map<string, CandidateLot>,
  excess: number,
): AllocationChange[] {
  const latestFirst = (a: CurrentAllocation, b: CurrentAllocation) => {
    const lotA = lotsById.get(a.lotId);
    const lotB = lotsById.get(b.lotId);
    // A lot the caller did not describe sorts as one without expiry, received last.
    if (!lotA || !lotB) return lotA ? 1 : lotB ? -1 : 0;
    return compareLotsFefo(lotB, lotA);
  };
  const order = [
    ...allocations.filter((a) => !a.pinned).sort(latestFirst),
    ...allocations.filter((a) => a.pinned).sort(latestFirst),
  ];
  const changes: AllocationChange[] = [];
  let left = excess;
  for (const allocation of order) {
    if (left === 0) break;
    const release = Math.min(left, allocation.quantity - allocation.shippedQuantity);
    if (release <= 0) continue;
    changes.push({ lotId: allocation.lotId, delta: -release });
    left -= release;
  }
  return changes;
}

const STATUS_WORDS: Partial<Record<ExclusionKind, string>> = {
  expired: "expired",
  quarantined: "quarantined",
  recalled: "recalled",
};

/** Names what blocked the rest of a line: no location, no lot there, the rules, or plain stock. */
function describeBlocker(input: PlanInput): string {
  if (!input.locationId) return "Shopify has not assigned the line to a location yet";
  const where = input.locationName || "the line's location";
  const here = input.lots.filter((lot) => lot.locationId === input.locationId);
  if (here.length === 0) {
    return input.lots.length > 0
      ? `no lot of this product at ${where} (its lots are at other locations)`
      : `no lot of this product at ${where}`;
  }
  const allowed = here.filter((lot) => ruleExclusion(lot, input) === null);
  if (allowed.length > 0) {
    return `not enough stock at ${where}: its lots are sold out or held for other orders`;
  }
  const kinds = new Set(here.map((lot) => ruleExclusion(lot, input)?.kind));
  if (kinds.has("shelf_life")) {
    return `no lot at ${where} with ${input.minShelfLifeDays}+ days of shelf life left has stock`;
  }
  const words = [...kinds].map((kind) => (kind ? STATUS_WORDS[kind] : undefined)).filter(Boolean);
  if (words.length > 0) return `only ${words.join(", ")} lots at ${where}`;
  return `every lot at ${where} is sold out`;
}
