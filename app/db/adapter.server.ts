// Chooses the PostgreSQL driver adapter: a real server when DATABASE_URL is set, embedded
// PGlite (Postgres compiled to WebAssembly) under DATA_DIR when it is not. The Prisma
// client and the migration engine share this, so both always talk to the same database.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";

export type DatabaseTarget = { databaseUrl: string; poolSize?: number } | { dataDir: string };

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

export function openDatabase(target: DatabaseTarget): OpenDatabase {
  if ("databaseUrl" in target) {
    const url = new URL(target.databaseUrl);
    // Our own pool, so close() can end it (the adapter leaves an external pool alone).
    const pool = new pg.Pool({ connectionString: target.databaseUrl, max: target.poolSize ?? 10 });
    return {
      adapter: new PrismaPg(pool),
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
    adapter: new PrismaPGlite(opened),
    description: `pglite:${path.relative(process.cwd(), dir) || dir}`,
    close: async () => {
      pglites.delete(dir);
      if (!opened.closed) await opened.close();
    },
  };
}

export function databaseTargetFromEnv(config: { DATABASE_URL?: string; DATA_DIR: string }): DatabaseTarget {
  return config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : { dataDir: config.DATA_DIR };
}
