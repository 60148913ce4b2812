// How the simulator resolves fields on the real schema: an explicit resolver when there is one,
// otherwise the record's property of the same name; anything else is "<Type>.<field> is not
// simulated", as is any argument a resolver does not declare (unless it is left at its default).
import { isDeepStrictEqual } from "node:util";
import {
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLTypeResolver,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
} from "graphql";
import type { ShopState } from "../../store/store";
import { notSimulated } from "../errors";

export interface ResolverContext {
  state: ShopState;
  /** The calling app: owner of `$app` namespaces, holds and idempotency keys. */
  appId: number;
  /** Request time in milliseconds (search filters like `created_at:<now`). */
  now: number;
}

// Sources and arguments are whatever the schema and the store hand over; resolvers know them.
// biome-ignore lint/suspicious/noExplicitAny: resolver sources are heterogeneous store records
export type Source = any;
// biome-ignore lint/suspicious/noExplicitAny: arguments are coerced by graphql-js against the schema
export type Args = Record<string, any>;

export type ResolveFn = (source: Source, args: Args, context: ResolverContext, info: GraphQLResolveInfo) => unknown;

export interface FieldResolver {
  /** Arguments this resolver honours; any other argument given a non-default value is refused. */
  args?: readonly string[];
  resolve: ResolveFn;
}

export type TypeResolvers = Record<string, ResolveFn | FieldResolver>;
/** Resolvers by type name; those under an interface name serve every type implementing it. */
export type ResolverMap = Record<string, TypeResolvers>;

export const CONNECTION_ARGS = ["first", "last", "after", "before", "reverse"] as const;

export function withArgs(args: readonly string[], resolve: ResolveFn): FieldResolver {
  return { args, resolve };
}

export function mergeResolvers(...maps: ResolverMap[]): ResolverMap {
  const merged: ResolverMap = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) {
      for (const field of Object.keys(fields)) {
        if (merged[type]?.[field]) throw new Error(`Two resolvers for ${type}.${field}`);
      }
      merged[type] = { ...merged[type], ...fields };
    }
  }
  return merged;
}

export function createFieldResolver(resolvers: ResolverMap): GraphQLFieldResolver<Source, ResolverContext> {
  return (source, args, context, info) => {
    const entry =
      resolvers[info.parentType.name]?.[info.fieldName] ??
      info.parentType
        .getInterfaces()
        .map((face) => resolvers[face.name]?.[info.fieldName])
        .find((found) => found !== undefined);
    if (entry) {
      const resolver = typeof entry === "function" ? { resolve: entry } : entry;
      refuseUnsupportedArguments(info, args, resolver.args ?? []);
      return resolver.resolve(source, args, context, info);
    }
    refuseUnsupportedArguments(info, args, []);
    if (source !== null && typeof source === "object" && Object.hasOwn(source, info.fieldName)) {
      const value = source[info.fieldName];
      if (value !== undefined && fitsReturnType(value, info)) return value;
    }
    throw notSimulated(`${info.parentType.name}.${info.fieldName}`);
  };
}

/** Records carry their GraphQL type name, so interfaces and unions resolve from it. */
export const resolveType: GraphQLTypeResolver<Source, ResolverContext> = (value) => value?.__typename;

function refuseUnsupportedArguments(info: GraphQLResolveInfo, args: Args, supported: readonly string[]) {
  const definitions = info.parentType.getFields()[info.fieldName]?.args ?? [];
  for (const node of info.fieldNodes[0].arguments ?? []) {
    const name = node.name.value;
    if (supported.includes(name)) continue;
    const value = args[name];
    const definition = definitions.find((arg) => arg.name === name);
    if (value === undefined || value === null || isDeepStrictEqual(value, definition?.defaultValue)) continue;
    throw notSimulated(`Argument '${name}' of ${info.parentType.name}.${info.fieldName}`);
  }
}

/** A property only stands in for a field when its shape fits; connections always need a resolver. */
function fitsReturnType(value: unknown, info: GraphQLResolveInfo): boolean {
  const named = getNamedType(info.returnType);
  if (!isCompositeType(named)) return true;
  if (isObjectType(named) && named.name.endsWith("Connection")) return false;
  const isList = isListType(getNullableType(info.returnType));
  return value === null || Array.isArray(value) === isList;
}
