// Runs once per `vitest run`: checks the services, then builds a template database with
// every migration applied. Each test file clones it (CREATE DATABASE … TEMPLATE), which
// takes milliseconds and keeps files independent.
import pg from "pg";
import { openDatabase } from "../../app/db/adapter.server";
import { applyPendingMigrations } from "../../app/db/migrations.server";
import { ADMIN_DATABASE_URL, databaseUrl, preflight, TEMPLATE_DATABASE } from "./services";

export default async function setup(): Promise<void> {
  await preflight();
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const database = openDatabase({ databaseUrl: databaseUrl(TEMPLATE_DATABASE) });
  try {
    await applyPendingMigrations(database.adapter);
  } finally {
    await database.close();
  }
}
