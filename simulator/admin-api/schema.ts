// The real Admin GraphQL schema (introspection from Shopify's dev-mcp package), loaded once
// per process: the simulator validates every request against it and executes on it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

export const ADMIN_API_VERSION = "2026-10";

const here = path.dirname(fileURLToPath(import.meta.url));
// Vendored with its notice in schema-data/; SHOPIFY_ADMIN_SCHEMA points elsewhere if needed.
const DEFAULT_SCHEMA_PATH = path.resolve(here, "schema-data", `admin_${ADMIN_API_VERSION}.json.gz`);

let cached: { path: string; schema: GraphQLSchema } | undefined;

export function adminSchemaPath(): string {
  return process.env.SHOPIFY_ADMIN_SCHEMA ?? DEFAULT_SCHEMA_PATH;
}

export function loadAdminSchema(): GraphQLSchema {
  const schemaPath = adminSchemaPath();
  if (cached?.path === schemaPath) return cached.schema;
  let raw: Buffer;
  try {
    raw = readFileSync(schemaPath);
  } catch (error) {
    throw new Error(
      `Cannot read the Admin API schema at ${schemaPath} (set SHOPIFY_ADMIN_SCHEMA to its path): ${(error as Error).message}`,
    );
  }
  const text = schemaPath.endsWith(".gz") ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
  const parsed = JSON.parse(text) as { data?: IntrospectionQuery } & Partial<IntrospectionQuery>;
  const introspection = parsed.data ?? (parsed as IntrospectionQuery);
  cached = { path: schemaPath, schema: buildClientSchema(introspection, { assumeValid: true }) };
  return cached.schema;
}
