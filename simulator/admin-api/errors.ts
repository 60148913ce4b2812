// Error answers in the shapes Shopify's Admin API uses. Shopify runs graphql-ruby, so static
// validation errors carry graphql-ruby's wording and codes (e.g. "Field 'foo' doesn't exist on
// type 'Order'", code `undefinedField`); graphql-js finds the same problems, and this module
// rewrites its errors into those shapes.
import {
  type ASTNode,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  Lexer,
  print,
  Source,
  TokenKind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from "graphql";
import type { ThrottleStatus } from "./throttle";

export const RATE_LIMITS_DOCUMENTATION = "https://shopify.dev/api/usage/rate-limits";

/** An error a resolver raises on purpose; `code` lands in `extensions.code`. */
export class AdminApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "AdminApiError";
  }
}

/** A valid field, argument or input the simulator does not implement: never a silent null. */
export function notSimulated(what: string): AdminApiError {
  return new AdminApiError(`${what} is not simulated`, "NOT_SIMULATED");
}

export interface ShopifyError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

export function throttledError(): ShopifyError {
  return { message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMITS_DOCUMENTATION } };
}

export function maxCostExceededError(cost: number, maxCost: number): ShopifyError {
  return {
    message:
      `Query cost is ${cost}, which exceeds the single query max cost limit (${maxCost}).\n\n` +
      "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
      "cost of a query is calculated.\n\n" +
      "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
      "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n",
    extensions: { code: "MAX_COST_EXCEEDED", cost, maxCost, documentation: RATE_LIMITS_DOCUMENTATION },
  };
}

export type CostExtension = {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
};

const TOKEN_NAMES: Partial<Record<string, string>> = {
  [TokenKind.BANG]: "BANG",
  [TokenKind.DOLLAR]: "VAR_SIGN",
  [TokenKind.AMP]: "AMP",
  [TokenKind.PAREN_L]: "LPAREN",
  [TokenKind.PAREN_R]: "RPAREN",
  [TokenKind.SPREAD]: "ELLIPSIS",
  [TokenKind.COLON]: "COLON",
  [TokenKind.EQUALS]: "EQUALS",
  [TokenKind.AT]: "DIR_SIGN",
  [TokenKind.BRACKET_L]: "LBRACKET",
  [TokenKind.BRACKET_R]: "RBRACKET",
  [TokenKind.BRACE_L]: "LCURLY",
  [TokenKind.PIPE]: "PIPE",
  [TokenKind.BRACE_R]: "RCURLY",
  [TokenKind.NAME]: "IDENTIFIER",
  [TokenKind.INT]: "INT",
  [TokenKind.FLOAT]: "FLOAT",
  [TokenKind.STRING]: "STRING",
  [TokenKind.BLOCK_STRING]: "STRING",
};

/** A syntax error as graphql-ruby words it: `Parse error on "}" (RCURLY) at [1, 10]`. */
export function parseError(query: string, error: GraphQLError): ShopifyError {
  const location = error.locations?.[0] ?? { line: 1, column: 1 };
  const position = error.positions?.[0] ?? 0;
  let token: { kind: string; value: string } | null = null;
  try {
    const lexer = new Lexer(new Source(query));
    let current = lexer.advance();
    while (current.kind !== TokenKind.EOF && current.end <= position) current = lexer.advance();
    token = { kind: current.kind, value: current.value ?? current.kind };
  } catch {
    token = { kind: "UNKNOWN_CHAR", value: query.charAt(position) };
  }
  const message =
    token.kind === TokenKind.EOF
      ? "Unexpected end of document"
      : `Parse error on ${JSON.stringify(token.value)} (${TOKEN_NAMES[token.kind] ?? token.kind}) at [${location.line}, ${location.column}]`;
  return { message, locations: [location] };
}

interface NodeInfo {
  path: string[];
  /** The argument a value node sits in, with its field (or directive) and declared type. */
  argument?: { name: string; owner: string; ownerKind: "Field" | "Directive"; type: string; node: ASTNode };
  variableDefinition?: string;
}

/** Where each node of the document is, in graphql-ruby's terms (for paths and messages). */
function describeNodes(schema: GraphQLSchema, document: DocumentNode): Map<ASTNode, NodeInfo> {
  const info = new Map<ASTNode, NodeInfo>();
  const path: string[] = [];
  const typeInfo = new TypeInfo(schema);
  let argument: NodeInfo["argument"];
  let variableDefinition: string | undefined;
  const owners: { name: string; kind: "Field" | "Directive" }[] = [];
  const pushes = new Set<ASTNode>();
  const pushPath = (node: ASTNode, segment: string) => {
    path.push(segment);
    pushes.add(node);
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      enter(node) {
        switch (node.kind) {
          case "OperationDefinition":
            pushPath(node, node.name ? `${node.operation} ${node.name.value}` : node.operation);
            break;
          case "FragmentDefinition":
            pushPath(node, `fragment ${node.name.value}`);
            break;
          case "Field":
            owners.push({ name: node.name.value, kind: "Field" });
            pushPath(node, node.alias?.value ?? node.name.value);
            break;
          case "Directive":
            owners.push({ name: node.name.value, kind: "Directive" });
            break;
          case "InlineFragment":
            pushPath(node, node.typeCondition ? `... on ${node.typeCondition.name.value}` : "...");
            break;
          case "FragmentSpread":
            pushPath(node, `... ${node.name.value}`);
            break;
          case "Argument": {
            const owner = owners.at(-1);
            argument = {
              name: node.name.value,
              owner: owner?.name ?? "",
              ownerKind: owner?.kind ?? "Field",
              type: String(typeInfo.getArgument()?.type ?? typeInfo.getInputType() ?? "unknown"),
              node,
            };
            pushPath(node, node.name.value);
            break;
          }
          case "ObjectField":
            pushPath(node, node.name.value);
            break;
          case "VariableDefinition":
            variableDefinition = node.variable.name.value;
            break;
        }
        info.set(node, { path: [...path], argument, variableDefinition });
      },
      leave(node) {
        if (pushes.has(node)) path.pop();
        if (node.kind === "Field" || node.kind === "Directive") owners.pop();
        if (node.kind === "Argument") argument = undefined;
        if (node.kind === "VariableDefinition") variableDefinition = undefined;
      },
    }),
  );
  return info;
}

type Rewrite = (match: RegExpExecArray, info: NodeInfo | undefined) => Omit<ShopifyError, "locations" | "path"> | null;

const REWRITES: [RegExp, Rewrite][] = [
  [
    /^Cannot query field "(.+?)" on type "(.+?)"\./,
    ([, fieldName, typeName]) => ({
      message: `Field '${fieldName}' doesn't exist on type '${typeName}'`,
      extensions: { code: "undefinedField", typeName, fieldName },
    }),
  ],
  [
    /^Unknown argument "(.+?)" on field "(?:.+?)\.(.+?)"\./,
    ([, argumentName, name]) => ({
      message: `Field '${name}' doesn't accept argument '${argumentName}'`,
      extensions: { code: "argumentNotAccepted", name, typeName: "Field", argumentName },
    }),
  ],
  [
    /^Unknown argument "(.+?)" on directive "@(.+?)"\./,
    ([, argumentName, name]) => ({
      message: `Directive '${name}' doesn't accept argument '${argumentName}'`,
      extensions: { code: "argumentNotAccepted", name, typeName: "Directive", argumentName },
    }),
  ],
  [
    /^(?:Field|Directive) "@?(.+?)" argument "(.+?)" of type "(?:.+?)" is required, but it was not provided\./,
    ([, name, argumentName]) => ({
      message: `Field '${name}' is missing required arguments: ${argumentName}`,
      extensions: { code: "missingRequiredArguments", className: "Field", name, arguments: argumentName },
    }),
  ],
  [
    /^Variable "\$(.+?)" is never used(?: in operation "(.+?)")?\./,
    ([, variableName, operation]) => ({
      message: `Variable $${variableName} is declared by ${operation ?? "anonymous query"} but not used`,
      extensions: { code: "variableNotUsed", variableName },
    }),
  ],
  [
    /^Variable "\$(.+?)" is not defined(?: by operation "(.+?)")?\./,
    ([, variableName, operation]) => ({
      message: `Variable $${variableName} is used by ${operation ?? "anonymous query"} but not declared`,
      extensions: { code: "variableNotDefined", variableName },
    }),
  ],
  [
    /^Variable "\$(.+?)" of type "(.+?)" used in position expecting type "(.+?)"\./,
    ([, variableName, typeName, expected], info) => {
      const kind = typeName.replace(/!$/, "") === expected.replace(/!$/, "") ? "Nullability" : "Type";
      const argumentName = info?.argument?.name ?? "";
      return {
        message: `${kind} mismatch on variable $${variableName} and argument ${argumentName} (${typeName} / ${expected})`,
        extensions: {
          code: "variableMismatch",
          variableName,
          typeName,
          argumentName,
          errorMessage: `${kind} mismatch`,
        },
      };
    },
  ],
  [
    /^Field "(.+?)" of type "(.+?)" must have a selection of subfields\./,
    ([, field, type]) => ({
      message: `Field must have selections (field '${field}' returns ${type.replace(/[[\]!]/g, "")} but has no selections. Did you mean '${field} { ... }'?)`,
      extensions: { code: "selectionMismatch", nodeName: `field '${field}'`, typeName: type.replace(/[[\]!]/g, "") },
    }),
  ],
  [
    /^Field "(.+?)" must not have a selection since type "(.+?)" has no subfields\./,
    ([, field, type]) => ({
      message: `Selections can't be made on scalars (field '${field}' returns ${type.replace(/[[\]!]/g, "")} but has selections)`,
      extensions: { code: "selectionMismatch", nodeName: `field '${field}'`, typeName: type.replace(/[[\]!]/g, "") },
    }),
  ],
  [
    /^Unknown type "(.+?)"\./,
    ([, typeName], info) =>
      info?.variableDefinition
        ? {
            message: `${typeName} isn't a defined input type (on $${info.variableDefinition})`,
            extensions: { code: "variableRequiresValidType", typeName, variableName: info.variableDefinition },
          }
        : {
            message: `No such type ${typeName}, so it can't be a fragment condition`,
            extensions: { code: "undefinedType", typeName },
          },
  ],
  [
    /^Unknown fragment "(.+?)"\./,
    ([, name]) => ({
      message: `Fragment ${name} was used, but not defined`,
      extensions: { code: "useAndDefineFragment", fragmentName: name },
    }),
  ],
  [
    /^Fragment "(.+?)" is never used\./,
    ([, name]) => ({
      message: `Fragment ${name} was defined, but not used`,
      extensions: { code: "useAndDefineFragment", fragmentName: name },
    }),
  ],
  [
    /^Unknown directive "@(.+?)"\./,
    ([, name]) => ({
      message: `Directive @${name} is not defined`,
      extensions: { code: "undefinedDirective", directiveName: name },
    }),
  ],
  [
    // Literal values of the wrong type, wherever inside an argument they are.
    /(?:cannot represent|^Expected value of type|^Field ".+?" of required type ".+?" was not provided|^Field ".+?" is not defined by type|^Enum ".+?" cannot represent)/,
    (_match, info) => {
      const argument = info?.argument;
      if (!argument) return null;
      const value = "value" in argument.node ? print(argument.node.value as ASTNode) : "";
      return {
        message: `Argument '${argument.name}' on ${argument.ownerKind} '${argument.owner}' has an invalid value (${value}). Expected type '${argument.type}'.`,
        extensions: { code: "argumentLiteralsIncompatible", typeName: argument.ownerKind, argumentName: argument.name },
      };
    },
  ],
];

function rewrite(message: string, info: NodeInfo | undefined): Omit<ShopifyError, "locations" | "path"> | null {
  for (const [pattern, rewriteMatch] of REWRITES) {
    const match = pattern.exec(message);
    const rewritten = match ? rewriteMatch(match, info) : null;
    if (rewritten) return rewritten;
  }
  return null;
}

/** graphql-js validation errors rewritten as Shopify (graphql-ruby) reports them. */
export function validationErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  errors: readonly GraphQLError[],
): ShopifyError[] {
  const nodes = describeNodes(schema, document);
  const result: ShopifyError[] = [];
  const missingArguments = new Map<ASTNode, ShopifyError>();
  for (const error of errors) {
    const node = error.nodes?.[0];
    const infos = (error.nodes ?? []).map((n) => nodes.get(n));
    // Some errors point at a declaration and a use; the argument is known from the use.
    const info = infos[0] && { ...infos[0], argument: infos.find((i) => i?.argument)?.argument };
    const { message, extensions } = rewrite(error.message, info) ?? {
      message: error.message,
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    };
    const shaped: ShopifyError = {
      message,
      locations: error.locations ? [...error.locations] : undefined,
      path: info?.path,
      extensions,
    };
    // graphql-ruby reports every missing argument of a field in one error.
    if (shaped.extensions?.code === "missingRequiredArguments" && node) {
      const earlier = missingArguments.get(node);
      if (earlier?.extensions) {
        earlier.extensions.arguments = `${earlier.extensions.arguments}, ${shaped.extensions.arguments}`;
        earlier.message = `Field '${earlier.extensions.name}' is missing required arguments: ${earlier.extensions.arguments}`;
        continue;
      }
      missingArguments.set(node, shaped);
    }
    result.push(shaped);
  }
  return result;
}

/**
 * A variable that does not fit its declared type, as graphql-ruby reports it:
 * "Variable $id of type ID! was provided invalid value", with the value and the problems.
 */
export function variableError(
  error: GraphQLError,
  declaredTypes: Record<string, string>,
  provided: Record<string, unknown>,
): ShopifyError {
  const name = /^Variable "\$(.+?)"/.exec(error.message)?.[1] ?? "";
  const pathText = / at "[^".]+((?:\.[^".[]+|\[\d+\])*)"/.exec(error.message)?.[1] ?? "";
  const path = [...pathText.matchAll(/\.([^.[]+)|\[(\d+)\]/g)].map((m) => (m[1] !== undefined ? m[1] : Number(m[2])));
  const detail = error.message.split("; ").slice(1).join("; ");
  let explanation = detail || error.message;
  const missingField = /^Field "(.+?)" of required type ".+?" was not provided\./.exec(detail);
  const unknownField = /^Field "(.+?)" is not defined by type "(.+?)"\./.exec(detail);
  if (missingField) {
    path.push(missingField[1]);
    explanation = "Expected value to not be null";
  } else if (unknownField) {
    path.push(unknownField[1]);
    explanation = `Field is not defined on ${unknownField[2]}`;
  } else if (/ was not provided\.$/.test(error.message) || /^Expected non-nullable type/.test(detail)) {
    explanation = "Expected value to not be null";
  }
  return {
    message: `Variable $${name} of type ${declaredTypes[name] ?? "unknown"} was provided invalid value`,
    locations: error.locations ? [...error.locations] : undefined,
    extensions: { value: provided[name] ?? null, problems: [{ path, explanation }] },
  };
}
