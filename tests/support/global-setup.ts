// Runs once per `vitest run`: checks the services, then builds a template database with
// every migration applied. Each test file clones it (CREATE DATABASE … TEMPLATE), which
// takes milliseconds and keeps files independent. It also builds the app and its UI
// extensions once for the demo and browser tests. Teardown drops this run's databases and Redis keys.
import { Redis } from "ioredis";
import pg from "pg";
import { openDatabase } from "../../app/db/adapter.server";
import { applyPendingMigrations } from "../../app/db/migrations.server";
import { buildExtensions } from "../../simulator/admin-shell/build-extensions";
import { buildApp } from "../../simulator/demo/stack";
import { ADMIN_DATABASE_URL, databaseUrl, preflight, TEST_REDIS_URL, templateDatabase, testRun } from "./services";

async function withAdmin<T>(use: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.end();
  }
}

export default async function setup(): Promise<() => Promise<void>> {
  process.env.LOTLINE_TEST_RUN = String(process.pid);
  await preflight();
  // The demo and browser tests serve the production build and the extensions' bundles; build
  // them once, before any worker. LOTLINE_TEST_SKIP_BUILD=1 skips both for a run that has no
  // demo or browser test.
  if (process.env.LOTLINE_TEST_SKIP_BUILD !== "1") await Promise.all([buildApp(), buildExtensions()]);
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${templateDatabase()}`));
  const database = openDatabase({ databaseUrl: databaseUrl(templateDatabase()) });
  try {
    await applyPendingMigrations(database.adapter);
  } finally {
    await database.close();
  }
  return async () => {
    await withAdmin(async (admin) => {
      const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
        `lotline_test_${testRun()}_%`,
      ]);
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    });
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`{lotline-test-${testRun()}-*`);
      for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
    } finally {
      redis.disconnect();
    }
  };
}
