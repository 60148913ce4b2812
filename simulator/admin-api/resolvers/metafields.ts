// Reading metafields on any owner (`metafield`, `metafields`) and metafield definitions, plus
// fields every resource shares (`legacyResourceId`).
import {
  findMetafield,
  findMetafieldDefinition,
  metafieldDigest,
  metafieldsOf,
  resolveNamespace,
} from "../../store/metafields";
import { findRecord, type ShopState } from "../../store/store";
import type { MetafieldDefinitionRecord, MetafieldRecord } from "../../store/types";
import { metafieldJsonValue } from "../metafield-types";
import { byId, connectionArgs, listConnection, numericId } from "./common";
import { type ResolverMap, withArgs } from "./framework";

export const metafieldResolvers: ResolverMap = {
  LegacyInteroperability: {
    legacyResourceId: (source: { id: string }) => String(numericId(source.id)),
  },
  HasMetafields: {
    metafield: withArgs(
      ["namespace", "key"],
      (owner: { id: string }, args, { state, appId }) =>
        findMetafield(state, owner.id, resolveNamespace(appId, args.namespace), args.key) ?? null,
    ),
    metafields: withArgs(connectionArgs("namespace", "keys"), (owner: { id: string }, args, context) => {
      const namespace = args.namespace != null ? resolveNamespace(context.appId, args.namespace) : null;
      // `keys` entries are "namespace.key"; the namespace part may be `$app`.
      const keys = (args.keys as string[] | null | undefined)?.map((entry) => {
        const dot = entry.lastIndexOf(".");
        return `${resolveNamespace(context.appId, entry.slice(0, dot))}.${entry.slice(dot + 1)}`;
      });
      const metafields = metafieldsOf(context.state, owner.id).filter(
        (m) => (namespace === null || m.namespace === namespace) && (!keys || keys.includes(`${m.namespace}.${m.key}`)),
      );
      return listConnection(metafields, args, context, { resource: "metafields" });
    }),
  },
  QueryRoot: {
    metafieldDefinition: withArgs(["id", "identifier"], (_s, args, { state, appId }) => {
      if (args.id) return byId(state.metafieldDefinitions, args.id);
      const { ownerType, namespace, key } = args.identifier ?? {};
      return findMetafieldDefinition(state, ownerType, resolveNamespace(appId, namespace), key) ?? null;
    }),
    metafieldDefinitions: withArgs(connectionArgs("ownerType", "namespace", "key"), (_s, args, context) => {
      const namespace = args.namespace != null ? resolveNamespace(context.appId, args.namespace) : null;
      const definitions = [...context.state.metafieldDefinitions.values()].filter(
        (d) =>
          d.ownerType === args.ownerType &&
          (namespace === null || d.namespace === namespace) &&
          (args.key == null || d.key === args.key),
      );
      return listConnection(definitions, args, context, { resource: "metafield definitions" });
    }),
  },
  Metafield: {
    compareDigest: (metafield: MetafieldRecord) => metafieldDigest(metafield),
    jsonValue: (metafield: MetafieldRecord) => metafieldJsonValue(metafield.type, metafield.value),
    owner: (metafield: MetafieldRecord, _args, { state }) => findRecord(state, metafield.ownerId),
    sizeInBytes: (metafield: MetafieldRecord) => Buffer.byteLength(metafield.value, "utf8"),
    definition: (metafield: MetafieldRecord, _args, { state }) =>
      findMetafieldDefinition(state, metafield.ownerType, metafield.namespace, metafield.key) ?? null,
  },
  MetafieldDefinition: {
    type: (definition: MetafieldDefinitionRecord) => ({
      name: definition.type,
      category: definition.type.startsWith("list.") ? "LIST" : definition.type.toUpperCase(),
      supportsDefinitionMigrations: false,
    }),
    access: (definition: MetafieldDefinitionRecord) => ({
      admin: definition.access.admin,
      storefront: definition.access.storefront ?? "NONE",
      customerAccount: definition.access.customerAccount ?? "NONE",
    }),
    validations: () => [],
    useAsCollectionCondition: () => false,
    validationStatus: () => "ALL_VALID",
    metafieldsCount: (definition: MetafieldDefinitionRecord, _args, { state }) =>
      metafieldsUnder(state, definition).length,
    metafields: withArgs(connectionArgs(), (definition: MetafieldDefinitionRecord, args, context) =>
      listConnection(metafieldsUnder(context.state, definition), args, context, { resource: "metafields" }),
    ),
  },
};

function metafieldsUnder(state: ShopState, definition: MetafieldDefinitionRecord): MetafieldRecord[] {
  return [...state.metafields.values()].filter(
    (m) => m.ownerType === definition.ownerType && m.namespace === definition.namespace && m.key === definition.key,
  );
}
