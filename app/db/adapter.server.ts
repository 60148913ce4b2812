// Chooses the PostgreSQL driver adapter: a real server when DATABASE_URL is set, embedded
// PGlite (Postgres compiled to WebAssembly) under DATA_DIR when it is not. The Prisma
// client and the migration engine share this, so both always talk to the same database.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { statementNamer } from "./statement-names";

export type DatabaseTarget =
  | {
      databaseUrl: string;
      poolSize?: number;
      /** Prepare repeated SQL once per connection (off behind a pooler that cannot keep them). */
      preparedStatements?: boolean;
    }
  | { dataDir: string };

export interface OpenDatabase {
  adapter: SqlMigrationAwareDriverAdapterFactory;
  /** Human-readable, without credentials: for logs and /healthz. */
  description: string;
  close(): Promise<void>;
}

// One PGlite instance per directory and process: PGlite is single-connection, and two
// instances on one directory would corrupt it. Kept on globalThis because the web server,
// Vite's module graph and the workers may each load this module separately.
const holder = globalThis as unknown as { __lotlinePglites?: Map<string, PGlite> };
holder.__lotlinePglites ??= new Map();
const pglites = holder.__lotlinePglites;

/**
 * The adapter's option is typed as always naming, but pg runs a query without a name (undefined)
 * unprepared, exactly as with no generator at all: unnamed is how rare SQL stays unprepared.
 */
function namer(): (query: { sql: string }) => string {
  return statementNamer() as (query: { sql: string }) => string;
}

export function openDatabase(target: DatabaseTarget): OpenDatabase {
  if ("databaseUrl" in target) {
    const url = new URL(target.databaseUrl);
    // Our own pool, so close() can end it (the adapter leaves an external pool alone).
    const prepare = target.preparedStatements !== false;
    const pool = new pg.Pool({
      connectionString: target.databaseUrl,
      max: target.poolSize ?? 10,
      // Prepared statements skip the parse; each run still gets a plan for its own values (a plan
      // made once for any value picked far slower ones for the lot and allocation statements).
      // Sent only with them: some poolers refuse startup options.
      ...(prepare ? { options: "-c plan_cache_mode=force_custom_plan" } : {}),
    });
    return {
      adapter: new PrismaPg(pool, prepare ? { statementNameGenerator: namer() } : {}),
      description: `postgresql://${url.host}${url.pathname}`,
      close: () => pool.end(),
    };
  }
  const dir = path.resolve(target.dataDir, "pglite");
  let client = pglites.get(dir);
  if (!client || client.closed) {
    mkdirSync(dir, { recursive: true });
    client = new PGlite({ dataDir: dir });
    pglites.set(dir, client);
  }
  const opened = client;
  return {
    adapter: new EmbeddedAdapterFactory(opened),
    description: `pglite:${path.relative(process.cwd(), dir) || dir}`,
    close: async () => {
      pglites.delete(dir);
      if (!opened.closed) await opened.close();
    },
  };
}

export function databaseTargetFromEnv(config: {
  DATABASE_URL?: string;
  DATA_DIR: string;
  WORKER_CONCURRENCY?: number;
  DATABASE_PREPARED_STATEMENTS?: "on" | "off";
}): DatabaseTarget {
  if (!config.DATABASE_URL) return { dataDir: config.DATA_DIR };
  return {
    databaseUrl: config.DATABASE_URL,
    // Each concurrent job holds a connection for its transaction; a few more serve the rest
    // (sweeps, the web process's requests), so jobs never queue for a connection.
    poolSize: Math.max(10, (config.WORKER_CONCURRENCY ?? 0) + 4),
    preparedStatements: config.DATABASE_PREPARED_STATEMENTS !== "off",
  };
}

/**
 * PGlite's Prisma adapter with two repairs the migration engine depends on: scripts are
 * awaited (the published adapter fires `exec` and forgets it, so a failing migration would
 * be recorded as applied), and each shadow database is a fresh in-memory one that is
 * closed when the engine lets go of it.
 */
export class EmbeddedAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "lotline-pglite";
  private readonly inner: PrismaPGlite;

  constructor(private readonly client: PGlite) {
    this.inner = new PrismaPGlite(client);
  }

  async connect(): Promise<SqlDriverAdapter> {
    return awaitScripts(await this.inner.connect(), this.client);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const shadow = new PGlite();
    const adapter = awaitScripts(await new PrismaPGlite(shadow).connect(), shadow);
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await dispose();
      await shadow.close();
    };
    return adapter;
  }
}

function awaitScripts(adapter: SqlDriverAdapter, client: PGlite): SqlDriverAdapter {
  adapter.executeScript = async (script: string) => {
    try {
      await client.exec(script);
    } catch (error) {
      // Shaped as a PostgreSQL error so the engine reports the database's own message.
      const pgError = error as { code?: string; severity?: string; message: string; detail?: string; hint?: string };
      throw new DriverAdapterError({
        kind: "postgres",
        code: pgError.code ?? "XX000",
        severity: pgError.severity ?? "ERROR",
        message: pgError.message,
        detail: pgError.detail,
        column: undefined,
        hint: pgError.hint,
      });
    }
  };
  return adapter;
}
