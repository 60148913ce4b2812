// Validates the process environment once, at start-up, for both entry points (web and
// workers). A bad variable stops start-up with one line naming it and the fix.
import { existsSync } from "node:fs";
import { z } from "zod";

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
  .describe("e.g. postgresql://user:password@host:5432/lotline");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: z.string().min(1).describe("the Client ID from the Partner Dashboard"),
  SHOPIFY_API_SECRET: z.string().min(1).describe("the Client secret from the Partner Dashboard"),
  SHOPIFY_APP_URL: z.url().describe("the public https URL of this app, e.g. https://lotline.example.com"),
  SCOPES: z.string().optional(),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_PREPARED_STATEMENTS: z
    .enum(["on", "off"])
    .default("on")
    .describe("off behind a transaction-mode connection pooler that cannot keep prepared statements"),
  DATA_DIR: z.string().default(".data"),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .default("redis://127.0.0.1:6379"),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]+$/, "use lower-case letters, digits and dashes only")
    .default("lotline"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  // Webhook jobs mostly wait to join a batch (holding no connection): many at once make big batches.
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(64),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  APP_BRIDGE_URL: z.url().default("https://cdn.shopify.com/shopifycloud/app-bridge.js"),
  INVENTORY_RECONCILE_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  OPS_USER: z.string().optional().describe("the operator user for the queue dashboard at /ops/queues"),
  OPS_PASSWORD: z
    .string()
    .min(12, "use at least 12 characters")
    .optional()
    .describe("the operator password for the queue dashboard at /ops/queues"),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587")
    .optional()
    .describe("the mail server recall notices go through; unset = written as .eml files to DATA_DIR/outbox"),
  MAIL_FROM: z.string().min(3).default("Lotline recalls <recalls@localhost>"),
  LINK_SIGNING_SECRET: z
    .string()
    .min(32, "use at least 32 characters")
    .optional()
    .describe("the key that signs acknowledgement and download links; unset = derived from SHOPIFY_API_SECRET"),
  TRUST_PROXY: z
    .string()
    .regex(
      /^(true|\d+|[0-9a-fA-F.:/, ]+|loopback|linklocal|uniquelocal)$/,
      "use a number of proxies, e.g. 1, or their addresses",
    )
    .optional()
    .describe(
      "set behind a reverse proxy (the number of proxies, e.g. 1) so client addresses come from X-Forwarded-For",
    ),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvError";
  }
}

type Source = Record<string, string | undefined>;

/** Parses an environment; throws EnvError whose message is one actionable line. */
export function parseEnv(source: Source): Env {
  const parsed = parseWith(envSchema, source);
  // Half a credential would leave the dashboard silently unmounted: say so instead.
  if (Boolean(parsed.OPS_USER) !== Boolean(parsed.OPS_PASSWORD)) {
    const missing = parsed.OPS_USER ? "OPS_PASSWORD" : "OPS_USER";
    throw new EnvError(
      `${missing} is not set (set both OPS_USER and OPS_PASSWORD to open the queue dashboard at /ops/queues, or neither). Set it in the environment or in .env, see README.md "Environment".`,
    );
  }
  return parsed;
}

const databaseSchema = envSchema.pick({ DATABASE_URL: true, DATA_DIR: true });
export type DatabaseEnv = z.infer<typeof databaseSchema>;

/** Only what tools that touch the database need (db:migrate needs no Shopify keys). */
export function databaseEnv(source: Source = loadDotEnv()): DatabaseEnv {
  return parseWith(databaseSchema, source);
}

function parseWith<T extends z.ZodObject>(schema: T, source: Source): z.infer<T> {
  // Empty strings are how shells and .env files say "unset".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue.path[0]);
  const hint = envSchema.shape[name as keyof typeof envSchema.shape]?.description;
  const problem =
    issue.code === "invalid_type" && cleaned[name] === undefined ? "is not set" : `is invalid: ${issue.message}`;
  throw new EnvError(
    `${name} ${problem}${hint ? ` (${hint})` : ""}. Set it in the environment or in .env, see README.md "Environment".`,
  );
}

let cached: Env | undefined;

function loadDotEnv(): Source {
  // Variables already in the environment win over .env (loadEnvFile does not overwrite).
  if (existsSync(".env")) process.loadEnvFile(".env");
  return process.env;
}

/** The validated environment of this process; reads .env first if there is one. */
export function env(): Env {
  cached ??= parseEnv(loadDotEnv());
  return cached;
}

/** Embedded mode: no DATABASE_URL, PGlite in DATA_DIR, web and workers in one process. */
export function isEmbedded(config: Env = env()): boolean {
  return !config.DATABASE_URL;
}
