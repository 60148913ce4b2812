// Shopify's calculated query cost. Requested cost is worked out from the document before it
// runs (connections sized by `first`/`last`); actual cost from what the answer really holds.
//
// Rules (shopify.dev "GraphQL Admin API rate limits"): scalars and enums cost 0, objects 1,
// interfaces and unions the most expensive of their possible selections, connections 2 plus
// their size times the cost of one node, lists sized by `first`/`last` when they take them,
// and a mutation field 10 (its payload is included in that price).
import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  isAbstractType,
  isCompositeType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

export const MUTATION_FIELD_COST = 10;
const CONNECTION_BASE_COST = 2;

interface CostContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  /** Coerced variable values. */
  variables: Record<string, unknown>;
}

export function requestedQueryCost(input: CostInput): number {
  const context: CostContext = input;
  const root = rootType(input.schema, input.operation);
  if (input.operation.operation === "mutation") {
    return [...collect(context, root, input.operation.selectionSet).values()].length * MUTATION_FIELD_COST;
  }
  return selectionCost(context, root, input.operation.selectionSet);
}

export function actualQueryCost(input: CostInput, data: Record<string, unknown> | null | undefined): number {
  const context: CostContext = input;
  const root = rootType(input.schema, input.operation);
  if (input.operation.operation === "mutation") {
    // A mutation that ran is charged in full; one that never started (null) costs nothing more.
    const fields = [...collect(context, root, input.operation.selectionSet).keys()];
    return fields.filter((key) => data?.[key] !== undefined).length * MUTATION_FIELD_COST;
  }
  return data ? actualSelectionCost(context, root, input.operation.selectionSet, data) : 0;
}

function rootType(schema: GraphQLSchema, operation: OperationDefinitionNode): GraphQLObjectType {
  const root = operation.operation === "mutation" ? schema.getMutationType() : schema.getQueryType();
  if (!root) throw new Error(`The schema has no ${operation.operation} type`);
  return root;
}

interface CollectedField {
  parentType: GraphQLCompositeType;
  definition: GraphQLField<unknown, unknown>;
  nodes: FieldNode[];
}

type FieldGroups = Map<string, Map<string, CollectedField>>;

/** Fields by response key; fields under a fragment on another type are grouped by that type. */
function collectGroups(
  context: CostContext,
  parentType: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  groups: FieldGroups = new Map(),
  groupType: GraphQLCompositeType = parentType,
): FieldGroups {
  for (const selection of selectionSet.selections) {
    if (!included(context, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (name.startsWith("__")) continue;
      const definition = fieldsOf(groupType)[name];
      if (!definition) continue;
      const key = selection.alias?.value ?? name;
      const group = groups.get(groupType.name) ?? new Map<string, CollectedField>();
      groups.set(groupType.name, group);
      const existing = group.get(key);
      if (existing) existing.nodes.push(selection);
      else group.set(key, { parentType: groupType, definition, nodes: [selection] });
      continue;
    }
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : context.fragments[selection.name.value];
    if (!fragment) continue;
    const conditionName = fragment.typeCondition?.name.value;
    const condition = conditionName ? context.schema.getType(conditionName) : groupType;
    // A fragment on the type itself (or on an interface a concrete type implements) adds to the
    // same group; one on a narrower type is a separate possibility.
    const target =
      !condition || !isCompositeType(condition) || isObjectType(groupType) || condition === groupType
        ? groupType
        : condition;
    collectGroups(context, parentType, fragment.selectionSet, groups, target);
  }
  return groups;
}

/** All fields by response key, whatever fragment they came from. */
function collect(
  context: CostContext,
  parentType: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
): Map<string, CollectedField> {
  const merged = new Map<string, CollectedField>();
  for (const group of collectGroups(context, parentType, selectionSet).values()) {
    for (const [key, field] of group) {
      const existing = merged.get(key);
      if (existing) existing.nodes.push(...field.nodes);
      else merged.set(key, { ...field, nodes: [...field.nodes] });
    }
  }
  return merged;
}

function selectionCost(context: CostContext, parentType: GraphQLCompositeType, selectionSet: SelectionSetNode): number {
  const groups = collectGroups(context, parentType, selectionSet);
  const sum = (group: Map<string, CollectedField> | undefined) =>
    [...(group?.values() ?? [])].reduce((total, field) => total + fieldCost(context, field), 0);
  const base = sum(groups.get(parentType.name));
  const alternatives = [...groups.entries()].filter(([name]) => name !== parentType.name).map(([, g]) => sum(g));
  return base + Math.max(0, ...alternatives);
}

function fieldCost(context: CostContext, field: CollectedField): number {
  const type = getNamedType(field.definition.type);
  if (isLeafType(type) || !isCompositeType(type)) return 0;
  const selectionSet = mergedSelectionSet(field.nodes);
  const size = pageSize(context, field);
  if (isConnection(type)) return CONNECTION_BASE_COST + (size ?? 0) * connectionNodeCost(context, type, selectionSet);
  const one = 1 + selectionCost(context, type, selectionSet);
  return isList(field) && size !== undefined ? size * one : one;
}

/** Cost of one item of a connection: its node with everything selected under it. */
function connectionNodeCost(context: CostContext, connection: GraphQLObjectType, selectionSet: SelectionSetNode) {
  let viaEdges = 0;
  let viaNodes = 0;
  for (const field of collect(context, connection, selectionSet).values()) {
    const itemType = getNamedType(field.definition.type);
    if (!isCompositeType(itemType)) continue;
    const childSelection = mergedSelectionSet(field.nodes);
    if (field.definition.name === "edges")
      viaEdges = Math.max(viaEdges, selectionCost(context, itemType, childSelection));
    if (field.definition.name === "nodes")
      viaNodes = Math.max(viaNodes, 1 + selectionCost(context, itemType, childSelection));
  }
  return Math.max(viaEdges, viaNodes);
}

function actualSelectionCost(
  context: CostContext,
  parentType: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  data: Record<string, unknown>,
): number {
  let total = 0;
  for (const [key, field] of collect(context, parentType, selectionSet)) {
    if (data[key] !== undefined) total += actualFieldCost(context, field, data[key]);
  }
  return total;
}

function actualFieldCost(context: CostContext, field: CollectedField, value: unknown): number {
  const type = getNamedType(field.definition.type);
  if (value === null || isLeafType(type) || !isCompositeType(type)) return 0;
  const selectionSet = mergedSelectionSet(field.nodes);
  if (isConnection(type)) return CONNECTION_BASE_COST + actualConnectionItemsCost(context, type, selectionSet, value);
  const one = (item: unknown) =>
    item === null || typeof item !== "object"
      ? 0
      : 1 + actualSelectionCost(context, type, selectionSet, item as Record<string, unknown>);
  return Array.isArray(value) ? value.reduce((sum: number, item) => sum + one(item), 0) : one(value);
}

/** What the returned items of a connection cost, item by item, whether read via edges or nodes. */
function actualConnectionItemsCost(
  context: CostContext,
  connection: GraphQLObjectType,
  selectionSet: SelectionSetNode,
  value: unknown,
): number {
  const perItem: number[] = [];
  const record = value as Record<string, unknown>;
  for (const [key, field] of collect(context, connection, selectionSet)) {
    const items = record[key];
    const itemType = getNamedType(field.definition.type);
    if (!Array.isArray(items) || !isCompositeType(itemType)) continue;
    const childSelection = mergedSelectionSet(field.nodes);
    items.forEach((item, index) => {
      if (item === null || typeof item !== "object") return;
      const cost = actualSelectionCost(context, itemType, childSelection, item as Record<string, unknown>);
      const itemCost = field.definition.name === "nodes" ? 1 + cost : cost;
      perItem[index] = Math.max(perItem[index] ?? 0, itemCost);
    });
  }
  return perItem.reduce((sum, cost) => sum + (cost ?? 0), 0);
}

function isConnection(type: GraphQLNamedType): type is GraphQLObjectType {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const fields = type.getFields();
  return "pageInfo" in fields && ("edges" in fields || "nodes" in fields);
}

function isList(field: CollectedField): boolean {
  return isListType(getNullableType(field.definition.type));
}

function pageSize(context: CostContext, field: CollectedField): number | undefined {
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(field.definition, field.nodes[0], context.variables);
  } catch {
    return undefined;
  }
  const size = args.first ?? args.last;
  return typeof size === "number" && size >= 0 ? size : undefined;
}

function mergedSelectionSet(nodes: readonly FieldNode[]): SelectionSetNode {
  return { kind: Kind.SELECTION_SET, selections: nodes.flatMap((node) => node.selectionSet?.selections ?? []) };
}

function fieldsOf(type: GraphQLCompositeType): Record<string, GraphQLField<unknown, unknown>> {
  return isAbstractType(type) && !("getFields" in type) ? {} : (type as GraphQLObjectType).getFields();
}

function included(context: CostContext, node: Parameters<typeof getDirectiveValues>[1]): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, context.variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, context.variables)?.if !== false;
}
