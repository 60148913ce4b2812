// One Admin GraphQL request against the simulated store, answered as Shopify answers it:
// parse and validate against the real schema, price the query, charge the shop's leaky
// bucket, execute, refund the difference, and report `extensions.cost` every time.
import {
  type DocumentNode,
  executeSync,
  type FragmentDefinitionNode,
  type GraphQLError,
  getOperationAST,
  getVariableValues,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  validate,
} from "graphql";
import type { ShopState, Store } from "../store/store";
import type { StoreChange } from "../store/types";
import { actualQueryCost, requestedQueryCost } from "./cost";
import {
  AdminApiError,
  type CostExtension,
  maxCostExceededError,
  parseError,
  type ShopifyError,
  throttledError,
  validationErrors,
  variableError,
} from "./errors";
import { createFieldResolver, type ResolverContext, resolveType } from "./resolvers/framework";
import { resolvers } from "./resolvers/index";
import { loadAdminSchema } from "./schema";
import { createLeakyBucket, type LeakyBucket, PLAN_LIMITS, SINGLE_QUERY_MAX_COST } from "./throttle";

export interface AdminGraphqlRequest {
  store: Store;
  /** The shop's myshopify domain. */
  shop: string;
  query: unknown;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  /** Request time in milliseconds; the store's clock when omitted. */
  now?: number;
}

export interface AdminGraphqlResponse {
  status: number;
  body: Record<string, unknown>;
  /** What the request changed in the store (for webhooks), in order. */
  changes: StoreChange[];
}

const fieldResolver = createFieldResolver(resolvers);

// One bucket per shop for the app talking to the store, kept beside the shop's state.
const buckets = new WeakMap<ShopState, LeakyBucket>();

function bucketFor(state: ShopState, now: number): LeakyBucket {
  let bucket = buckets.get(state);
  if (!bucket) {
    bucket = createLeakyBucket(() => PLAN_LIMITS[state.shop.plan], now);
    buckets.set(state, bucket);
  }
  return bucket;
}

export function executeAdminGraphql(request: AdminGraphqlRequest): AdminGraphqlResponse {
  const state = request.store.shops.get(request.shop);
  if (!state) throw new Error(`No simulated shop ${request.shop}`);
  const now = request.now ?? request.store.clock();
  const bucket = bucketFor(state, now);
  const cost = (requested: number, actual: number | null): { cost: CostExtension } => ({
    cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status(now) },
  });
  const failed = (errors: ShopifyError[], requested = 0, actual: number | null = 0): AdminGraphqlResponse => ({
    status: 200,
    body: { errors, extensions: cost(requested, actual) },
    changes: [],
  });

  const { query } = request;
  if (typeof query !== "string" || query.trim() === "") {
    return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } }, changes: [] };
  }
  const schema = loadAdminSchema();
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return failed([parseError(query, error as GraphQLError)]);
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) return failed(validationErrors(schema, document, invalid));

  const operation = getOperationAST(document, request.operationName ?? undefined);
  if (!operation) {
    const message = request.operationName
      ? `No operation named "${request.operationName}"`
      : "An operation name is required";
    return failed([{ message }]);
  }
  if (operation.operation === "subscription")
    return failed([{ message: "Schema is not configured for subscriptions" }]);

  const provided = request.variables ?? {};
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], provided);
  if (coerced.errors)
    return failed(coerced.errors.map((error) => variableError(error, declaredTypes(operation), provided)));

  const costInput = { schema, operation, fragments: fragmentsOf(document), variables: coerced.coerced };
  const requested = requestedQueryCost(costInput);
  if (requested > SINGLE_QUERY_MAX_COST) {
    return failed([maxCostExceededError(requested, SINGLE_QUERY_MAX_COST)], requested, null);
  }
  if (!bucket.tryTake(requested, now)) return failed([throttledError()], requested, null);

  const changes: StoreChange[] = [];
  const stopListening = request.store.subscribe((change) => {
    if (change.shop === request.shop) changes.push(change);
  });
  const contextValue: ResolverContext = { state, appId: request.store.appId, now };
  let result: ReturnType<typeof executeSync>;
  try {
    result = executeSync({
      schema,
      document,
      operationName: request.operationName ?? undefined,
      variableValues: provided,
      contextValue,
      rootValue: {},
      fieldResolver,
      typeResolver: resolveType,
    });
  } finally {
    stopListening();
  }
  const actual = actualQueryCost(costInput, result.data as Record<string, unknown> | null);
  bucket.refund(requested - actual, now);
  const body: Record<string, unknown> = { data: result.data ?? null };
  if (result.errors?.length) body.errors = result.errors.map(executionError);
  body.extensions = cost(requested, actual);
  return { status: 200, body, changes };
}

function executionError(error: GraphQLError): ShopifyError {
  const original = error.originalError;
  const code = original instanceof AdminApiError ? original.code : "INTERNAL_SERVER_ERROR";
  return {
    message: error.message,
    locations: error.locations ? [...error.locations] : undefined,
    path: error.path ? [...error.path] : undefined,
    extensions: { code },
  };
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return fragments;
}

function declaredTypes(operation: OperationDefinitionNode): Record<string, string> {
  return Object.fromEntries(
    (operation.variableDefinitions ?? []).map((definition) => [definition.variable.name.value, print(definition.type)]),
  );
}
