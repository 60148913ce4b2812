// inventoryAdjustQuantities and inventoryMoveQuantities with Shopify's checks: reasons, quantity
// names, ledger document rules, compare-and-swap (`changeFromQuantity`, which must be given,
// even as null) and the mandatory `@idempotent` key.
import { applyQuantityDeltas, findInventoryLevel, type QuantityDelta, quantityOf } from "../../store/inventory";
import { ChangeSet, newGid, nowIso, type ShopState } from "../../store/store";
import {
  type InventoryAdjustmentGroupRecord,
  type InventoryChangeRecord,
  ON_HAND_COMPONENTS,
  type StoredQuantityName,
} from "../../store/types";
import { AdminApiError } from "../errors";
import type { Args, ResolverMap } from "./framework";
import { runIdempotent } from "./idempotency";

/** The reasons Shopify accepts for quantity changes. */
export const INVENTORY_REASONS = [
  "correction",
  "cycle_count_available",
  "damaged",
  "movement_canceled",
  "movement_created",
  "movement_received",
  "movement_updated",
  "other",
  "promotion",
  "quality_control",
  "received",
  "reservation_created",
  "reservation_deleted",
  "reservation_updated",
  "restock",
  "safety_stock",
  "shrinkage",
];

/** Names an app may adjust or move; `committed` and `on_hand` are Shopify's to compute. */
const WRITABLE_NAMES: readonly StoredQuantityName[] = [
  "available",
  "damaged",
  "incoming",
  "quality_control",
  "reserved",
  "safety_stock",
];

const QUANTITY_LIMIT = 2_000_000_000;

type InventoryUserError = { field: string[] | null; message: string; code: string };

interface InventoryPayload {
  inventoryAdjustmentGroup: InventoryAdjustmentGroupRecord | null;
  userErrors: InventoryUserError[];
}

function isValidUri(uri: string): boolean {
  if (!URL.canParse(uri)) return false;
  // A gid needs its app, entity and id.
  return !uri.startsWith("gid://") || /^gid:\/\/[^/]+\/[^/]+\/[^/]+$/.test(uri);
}

/** Shopify's rules for a ledger document on one side of a change. */
function ledgerDocumentProblem(name: string, uri: string | null | undefined): { code: string; message: string } | null {
  if (name === "available") {
    return uri == null
      ? null
      : {
          code: "INVALID_AVAILABLE_DOCUMENT",
          message: "A ledger document URI is not allowed when adjusting available.",
        };
  }
  if (uri == null) {
    return {
      code: "INVALID_QUANTITY_DOCUMENT",
      message: "A ledger document URI is required except when adjusting available.",
    };
  }
  if (uri.startsWith("gid://shopify/")) {
    return {
      code: "INTERNAL_LEDGER_DOCUMENT",
      message: "Internal (gid://shopify/) ledger documents are not allowed to be adjusted via API.",
    };
  }
  return isValidUri(uri)
    ? null
    : { code: "INVALID_LEDGER_DOCUMENT", message: "The specified ledger document is invalid." };
}

/** `changeFromQuantity` is nullable but must be present: null opts out of compare-and-swap. */
function requireChangeFromQuantity(inputs: Args[], where: string) {
  if (inputs.some((input) => !Object.hasOwn(input, "changeFromQuantity"))) {
    throw new AdminApiError(
      `${where}.changeFromQuantity must be provided: pass the quantity you expect, or null to skip the compare-and-swap check.`,
      "BAD_REQUEST",
    );
  }
}

interface Terminal {
  inventoryItemId: string;
  locationId: string;
  name: string;
  changeFromQuantity: number | null;
  ledgerDocumentUri?: string | null;
}

/** Where a terminal's fields sit in the input, for user error `field` paths. */
interface TerminalPaths {
  /** The terminal itself (holds locationId, ledgerDocumentUri, changeFromQuantity). */
  terminal: string[];
  item: string[];
  name: string[];
}

/** Checks one side of a change against the store. */
function terminalErrors(state: ShopState, terminal: Terminal, paths: TerminalPaths): InventoryUserError[] {
  const path = paths.terminal;
  const errors: InventoryUserError[] = [];
  if (!state.inventoryItems.has(terminal.inventoryItemId)) {
    return [
      {
        field: paths.item,
        message: "The specified inventory item could not be found.",
        code: "INVALID_INVENTORY_ITEM",
      },
    ];
  }
  const location = state.locations.get(terminal.locationId);
  if (!location?.isActive) {
    return [
      {
        field: [...path, "locationId"],
        message: "The specified location could not be found.",
        code: "INVALID_LOCATION",
      },
    ];
  }
  const level = findInventoryLevel(state, terminal.inventoryItemId, terminal.locationId);
  if (!level) {
    return [
      {
        field: [...path, "locationId"],
        message: "The specified inventory item is not stocked at the location.",
        code: "INVALID_LOCATION",
      },
    ];
  }
  if (!(WRITABLE_NAMES as readonly string[]).includes(terminal.name)) {
    return [{ field: paths.name, message: "The specified quantity name is invalid.", code: "INVALID_QUANTITY_NAME" }];
  }
  const ledgerProblem = ledgerDocumentProblem(terminal.name, terminal.ledgerDocumentUri);
  if (ledgerProblem) errors.push({ field: [...path, "ledgerDocumentUri"], ...ledgerProblem });
  const current = quantityOf(level, terminal.name as StoredQuantityName);
  if (terminal.changeFromQuantity !== null && terminal.changeFromQuantity !== current) {
    errors.push({
      field: [...path, "changeFromQuantity"],
      message: "The changeFromQuantity argument no longer matches the persisted quantity.",
      code: "CHANGE_FROM_QUANTITY_STALE",
    });
  }
  return errors;
}

function commonErrors(input: Args, referenceRequired: boolean): InventoryUserError[] {
  const errors: InventoryUserError[] = [];
  if (!INVENTORY_REASONS.includes(input.reason)) {
    errors.push({ field: ["input", "reason"], message: "The specified reason is invalid.", code: "INVALID_REASON" });
  }
  const reference = input.referenceDocumentUri;
  if ((referenceRequired || reference != null) && (typeof reference !== "string" || !isValidUri(reference))) {
    errors.push({
      field: ["input", "referenceDocumentUri"],
      message: "The specified reference document is invalid.",
      code: "INVALID_REFERENCE_DOCUMENT",
    });
  }
  return errors;
}

function quantityLimitError(after: number, field: string[]): InventoryUserError | null {
  if (after > QUANTITY_LIMIT)
    return { field, message: "The quantity can't be higher than 2,000,000,000.", code: "INVALID_QUANTITY_TOO_HIGH" };
  if (after < -QUANTITY_LIMIT)
    return { field, message: "The quantity can't be lower than -2,000,000,000.", code: "INVALID_QUANTITY_TOO_LOW" };
  return null;
}

function recordGroup(state: ShopState, input: Args, changes: InventoryChangeRecord[]): InventoryAdjustmentGroupRecord {
  const group: InventoryAdjustmentGroupRecord = {
    __typename: "InventoryAdjustmentGroup",
    id: newGid(state, "InventoryAdjustmentGroup"),
    reason: input.reason,
    referenceDocumentUri: input.referenceDocumentUri ?? null,
    createdAt: nowIso(state),
    changes,
  };
  state.adjustmentGroups.set(group.id, group);
  return group;
}

/** Shopify lists the on-hand effect next to each change of an on-hand state. */
function withOnHand(state: ShopState, changes: InventoryChangeRecord[]): InventoryChangeRecord[] {
  const onHand = new Map<string, InventoryChangeRecord>();
  for (const change of changes) {
    if (!ON_HAND_COMPONENTS.includes(change.name as StoredQuantityName)) continue;
    const key = `${change.inventoryItemId}|${change.locationId}`;
    const level = findInventoryLevel(state, change.inventoryItemId, change.locationId)!;
    const entry = onHand.get(key) ?? { ...change, name: "on_hand", delta: 0, ledgerDocumentUri: null };
    entry.delta += change.delta;
    entry.quantityAfterChange = quantityOf(level, "on_hand");
    onHand.set(key, entry);
  }
  return [...changes, ...[...onHand.values()].filter((entry) => entry.delta !== 0)];
}

function failure(code: string, message: string): InventoryPayload {
  return { inventoryAdjustmentGroup: null, userErrors: [{ field: null, message, code }] };
}

const IDEMPOTENCY_ERRORS = {
  mismatch: () =>
    failure(
      "IDEMPOTENCY_KEY_PARAMETER_MISMATCH",
      "The same idempotency key cannot be used with different operation parameters.",
    ),
  previousAttemptFailed: () =>
    failure(
      "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED",
      "A previous request with this idempotency key failed. Retry with a new idempotency key.",
    ),
};

export const inventoryMutationResolvers: ResolverMap = {
  Mutation: {
    inventoryAdjustQuantities: {
      args: ["input"],
      resolve: (_s, args, context, info) => {
        const input = args.input as Args;
        const changes = input.changes as Args[];
        requireChangeFromQuantity(changes, "InventoryChangeInput");
        return runIdempotent(info, args, context, IDEMPOTENCY_ERRORS, () => adjustQuantities(context.state, input));
      },
    },
    inventoryMoveQuantities: {
      args: ["input"],
      resolve: (_s, args, context, info) => {
        const input = args.input as Args;
        const changes = input.changes as Args[];
        requireChangeFromQuantity(
          changes.flatMap((change) => [change.from, change.to]),
          "InventoryMoveQuantityTerminalInput",
        );
        return runIdempotent(info, args, context, IDEMPOTENCY_ERRORS, () => moveQuantities(context.state, input));
      },
    },
  },
  InventoryAdjustmentGroup: {
    changes: {
      args: ["inventoryItemIds", "locationIds", "quantityNames"],
      resolve: (group: InventoryAdjustmentGroupRecord, args, { state }) =>
        group.changes
          .filter(
            (c) =>
              (!args.inventoryItemIds || args.inventoryItemIds.includes(c.inventoryItemId)) &&
              (!args.locationIds || args.locationIds.includes(c.locationId)) &&
              (!args.quantityNames || args.quantityNames.includes(c.name)),
          )
          .map((c) => ({
            ...c,
            item: state.inventoryItems.get(c.inventoryItemId) ?? null,
            location: state.locations.get(c.locationId) ?? null,
          })),
    },
    app: (_group, _args, { appId }) => ({
      __typename: "App",
      id: `gid://shopify/App/${appId}`,
      title: "Simulated app",
      handle: "simulated-app",
      apiKey: `simulated-app-${appId}`,
    }),
    staffMember: () => null,
  },
};

function adjustQuantities(state: ShopState, input: Args): InventoryPayload {
  const name = input.name as string;
  const changes = input.changes as Args[];
  const errors = commonErrors(input, false);
  if (!(WRITABLE_NAMES as readonly string[]).includes(name)) {
    errors.push({
      field: ["input", "name"],
      message: "The specified quantity name is invalid.",
      code: "INVALID_QUANTITY_NAME",
    });
  }
  const ledgerUris = new Set(changes.map((change) => change.ledgerDocumentUri ?? null));
  if (ledgerUris.size > 1) {
    errors.push({
      field: ["input", "changes"],
      message:
        "All changes must have the same ledger document URI or, in the case of adjusting available, no ledger document URI.",
      code: "MAX_ONE_LEDGER_DOCUMENT",
    });
  }
  if (errors.length === 0) {
    changes.forEach((change, index) => {
      const path = ["input", "changes", String(index)];
      const terminalProblems = terminalErrors(state, { ...change, name } as Terminal, {
        terminal: path,
        item: [...path, "inventoryItemId"],
        name: ["input", "name"],
      });
      errors.push(...terminalProblems);
      const level = findInventoryLevel(state, change.inventoryItemId, change.locationId);
      if (terminalProblems.length === 0 && level) {
        const limit = quantityLimitError(quantityOf(level, name as StoredQuantityName) + change.delta, [
          ...path,
          "delta",
        ]);
        if (limit) errors.push(limit);
      }
    });
  }
  if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };

  const changeSet = new ChangeSet(state);
  const deltas: QuantityDelta[] = changes.map((change) => ({
    inventoryItemId: change.inventoryItemId,
    locationId: change.locationId,
    name: name as StoredQuantityName,
    delta: change.delta,
    ledgerDocumentUri: change.ledgerDocumentUri ?? null,
  }));
  const applied = applyQuantityDeltas(state, deltas, changeSet);
  const group = recordGroup(state, input, withOnHand(state, applied));
  changeSet.commit(group);
  return { inventoryAdjustmentGroup: group, userErrors: [] };
}

function moveQuantities(state: ShopState, input: Args): InventoryPayload {
  const changes = input.changes as Args[];
  const errors = commonErrors(input, true);
  const ledgerUris = new Set(
    changes
      .flatMap((change) => [change.from.ledgerDocumentUri, change.to.ledgerDocumentUri])
      .filter((uri) => uri != null),
  );
  if (ledgerUris.size > 2) {
    errors.push({
      field: ["input", "changes"],
      message: "Only a maximum of 2 ledger document URIs across all changes is allowed.",
      code: "MAXIMUM_LEDGER_DOCUMENT_URIS",
    });
  }
  changes.forEach((change, index) => {
    const path = ["input", "changes", String(index)];
    if (change.from.locationId !== change.to.locationId) {
      errors.push({
        field: [...path, "to", "locationId"],
        message: "The quantities can't be moved between different locations.",
        code: "DIFFERENT_LOCATIONS",
      });
      return;
    }
    if (change.from.name === change.to.name) {
      errors.push({
        field: [...path, "to", "name"],
        message: "The quantity names for each change can't be the same.",
        code: "SAME_QUANTITY_NAME",
      });
      return;
    }
    if (change.quantity < 0) {
      errors.push({
        field: [...path, "quantity"],
        message: "The quantity can't be negative.",
        code: "INVALID_QUANTITY_NEGATIVE",
      });
      return;
    }
    for (const side of ["from", "to"] as const) {
      const terminal = { ...change[side], inventoryItemId: change.inventoryItemId } as Terminal;
      const problems = terminalErrors(state, terminal, {
        terminal: [...path, side],
        item: [...path, "inventoryItemId"],
        name: [...path, side, "name"],
      });
      // Item and location problems are the same on both sides; report them once.
      errors.push(
        ...problems.filter((p) => side === "from" || !["INVALID_INVENTORY_ITEM", "INVALID_LOCATION"].includes(p.code)),
      );
      if (problems.some((p) => ["INVALID_INVENTORY_ITEM", "INVALID_LOCATION"].includes(p.code))) return;
    }
    const level = findInventoryLevel(state, change.inventoryItemId, change.from.locationId)!;
    const after = quantityOf(level, change.to.name as StoredQuantityName) + change.quantity;
    const limit = quantityLimitError(after, [...path, "quantity"]);
    if (limit) errors.push(limit);
  });
  if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };

  const changeSet = new ChangeSet(state);
  const deltas: QuantityDelta[] = changes.flatMap((change) => [
    {
      inventoryItemId: change.inventoryItemId,
      locationId: change.from.locationId,
      name: change.from.name,
      delta: -change.quantity,
      ledgerDocumentUri: change.from.ledgerDocumentUri ?? null,
    },
    {
      inventoryItemId: change.inventoryItemId,
      locationId: change.to.locationId,
      name: change.to.name,
      delta: change.quantity,
      ledgerDocumentUri: change.to.ledgerDocumentUri ?? null,
    },
  ]);
  const applied = applyQuantityDeltas(state, deltas, changeSet);
  const group = recordGroup(state, input, withOnHand(state, applied));
  changeSet.commit(group);
  return { inventoryAdjustmentGroup: group, userErrors: [] };
}
