// The machine's PostgreSQL and Redis, under names of the benchmark's own: a migrated database
// and a queue prefix per run, both removed afterwards whatever happened.
import { existsSync } from "node:fs";
import { Redis } from "ioredis";
import pg from "pg";
import { openDatabase } from "../../app/db/adapter.server";
import { applyPendingMigrations } from "../../app/db/migrations.server";
import { buildApp } from "../../simulator/demo/stack";

export const ADMIN_DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";

export interface BenchServices {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  cleanUp(): Promise<void>;
}

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(use: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.end();
  }
}

/** A fresh, migrated database and an unused queue prefix for one benchmark run. */
export async function provisionBenchServices(bench: string): Promise<BenchServices> {
  const name = `lotline_bench_${bench.replace(/\W/g, "_")}_${process.pid}`;
  const queuePrefix = `lotline-bench-${bench}-${process.pid}`;
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const database = openDatabase({ databaseUrl: databaseUrl(name) });
  try {
    await applyPendingMigrations(database.adapter);
  } finally {
    await database.close();
  }
  return {
    databaseUrl: databaseUrl(name),
    redisUrl: BENCH_REDIS_URL,
    queuePrefix,
    cleanUp: async () => {
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      await deleteRedisKeys(`{${queuePrefix}}*`);
    },
  };
}

export async function deleteRedisKeys(pattern: string): Promise<void> {
  const redis = new Redis(BENCH_REDIS_URL);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

/** The production build the app serves; built only when there is none. */
export async function ensureBuild(): Promise<void> {
  if (!existsSync("build/server/index.js")) await buildApp();
}

/** The PostgreSQL server processes serving a database right now (for CPU accounting). */
export async function databaseBackendPids(databaseUrl: string): Promise<number[]> {
  const name = new URL(databaseUrl).pathname.slice(1);
  return withAdmin(async (admin) => {
    const { rows } = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1", [name]);
    return rows.map((row) => row.pid);
  });
}
