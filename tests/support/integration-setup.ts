// Per test file: a fresh database cloned from the migrated template and a Redis key prefix
// of its own, so files run in parallel without seeing each other's rows or jobs.
import pg from "pg";
import { afterAll } from "vitest";
import {
  ADMIN_DATABASE_URL,
  databaseUrl,
  TEST_REDIS_URL,
  templateDatabase,
  workerDatabase,
  workerQueuePrefix,
} from "./services";
import { TEST_APP_ENV } from "./test-env";

const worker = process.env.VITEST_POOL_ID ?? "0";
const database = workerDatabase(worker);

const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${database} TEMPLATE ${templateDatabase()}`);
await admin.end();

Object.assign(process.env, TEST_APP_ENV, {
  DATABASE_URL: databaseUrl(database),
  REDIS_URL: TEST_REDIS_URL,
  QUEUE_PREFIX: workerQueuePrefix(worker),
});

afterAll(async () => {
  const { disconnectDb } = await import("../../app/db.server");
  const { closeRedisConnections } = await import("../../app/redis.server");
  await disconnectDb();
  await closeRedisConnections();
});
