// Metafields, metafield definitions and app-reserved namespaces (`$app` is `app--<appId>`).
import { createHash } from "node:crypto";
import { parseGid } from "./ids";
import { newGid, nowIso, type ShopState } from "./store";
import type { FlowTriggerRecord, MetafieldDefinitionRecord, MetafieldOwnerType, MetafieldRecord } from "./types";

const OWNER_TYPES: Record<string, MetafieldOwnerType> = {
  Customer: "CUSTOMER",
  Location: "LOCATION",
  Order: "ORDER",
  Product: "PRODUCT",
  ProductVariant: "PRODUCTVARIANT",
  Shop: "SHOP",
};

/** The owner type of a gid that can carry metafields here, or null (line items cannot). */
export function metafieldOwnerType(ownerId: string): MetafieldOwnerType | null {
  const parsed = parseGid(ownerId);
  return parsed ? (OWNER_TYPES[parsed.type] ?? null) : null;
}

/** `$app` and `$app:sub` become this app's reserved namespace; an omitted namespace means `$app`. */
export function resolveNamespace(appId: number, namespace: string | null | undefined): string {
  const value = namespace ?? "$app";
  if (value === "$app") return `app--${appId}`;
  if (value.startsWith("$app:")) return `app--${appId}--${value.slice("$app:".length)}`;
  return value;
}

/** Shopify's compareDigest: a digest of the stored value, so a writer can detect a concurrent change. */
export function metafieldDigest(metafield: Pick<MetafieldRecord, "type" | "value">): string {
  return createHash("sha256").update(`${metafield.type}\u0000${metafield.value}`).digest("hex");
}

export function findMetafield(
  state: ShopState,
  ownerId: string,
  namespace: string,
  key: string,
): MetafieldRecord | undefined {
  for (const metafield of state.metafields.values()) {
    if (metafield.ownerId === ownerId && metafield.namespace === namespace && metafield.key === key) return metafield;
  }
  return undefined;
}

export function metafieldsOf(state: ShopState, ownerId: string): MetafieldRecord[] {
  return [...state.metafields.values()].filter((metafield) => metafield.ownerId === ownerId);
}

export interface MetafieldWrite {
  ownerId: string;
  /** Already resolved (no `$app`). */
  namespace: string;
  key: string;
  type: string;
  value: string;
}

/** Creates or replaces one metafield. Metafield writes do not touch the owner's `updatedAt`. */
export function writeMetafield(state: ShopState, write: MetafieldWrite): MetafieldRecord {
  const ownerType = metafieldOwnerType(write.ownerId);
  if (!ownerType) throw new Error(`${write.ownerId} cannot own metafields`);
  const now = nowIso(state);
  const existing = findMetafield(state, write.ownerId, write.namespace, write.key);
  if (existing) {
    existing.type = write.type;
    existing.value = write.value;
    existing.updatedAt = now;
    return existing;
  }
  const metafield: MetafieldRecord = {
    __typename: "Metafield",
    id: newGid(state, "Metafield"),
    ownerType,
    ...write,
    createdAt: now,
    updatedAt: now,
  };
  state.metafields.set(metafield.id, metafield);
  return metafield;
}

export function findMetafieldDefinition(
  state: ShopState,
  ownerType: string,
  namespace: string,
  key: string,
): MetafieldDefinitionRecord | undefined {
  for (const definition of state.metafieldDefinitions.values()) {
    if (definition.ownerType === ownerType && definition.namespace === namespace && definition.key === key) {
      return definition;
    }
  }
  return undefined;
}

export type MetafieldDefinitionWrite = Omit<MetafieldDefinitionRecord, "__typename" | "id">;

export function createMetafieldDefinition(
  state: ShopState,
  input: MetafieldDefinitionWrite,
): MetafieldDefinitionRecord {
  const definition: MetafieldDefinitionRecord = {
    __typename: "MetafieldDefinition",
    id: newGid(state, "MetafieldDefinition"),
    ...input,
  };
  state.metafieldDefinitions.set(definition.id, definition);
  return definition;
}

export function recordFlowTrigger(state: ShopState, trigger: Omit<FlowTriggerRecord, "receivedAt">): FlowTriggerRecord {
  const record = { ...trigger, receivedAt: nowIso(state) };
  state.flowTriggers.push(record);
  return record;
}
