// What /healthz reports: can this process reach its database and Redis, and is the
// database schema current?

import { listPendingMigrations } from "./db/migrations.server";
import { databaseDescription, db } from "./db.server";
import { pingRedis } from "./redis.server";

export interface Health {
  ok: boolean;
  db: { ok: boolean; target: string; error?: string };
  redis: { ok: boolean; error?: string };
  migrations: "current" | "pending" | "unknown";
  pendingMigrations?: string[];
}

export async function checkHealth(): Promise<Health> {
  const [database, redis] = await Promise.all([checkDatabase(), pingRedis()]);
  const ok = database.db.ok && redis.ok && database.migrations === "current";
  return { ok, ...database, redis };
}

async function checkDatabase(): Promise<Pick<Health, "db" | "migrations" | "pendingMigrations">> {
  const target = databaseDescription();
  try {
    const client = db();
    await client.$queryRaw`SELECT 1`;
    const pending = await listPendingMigrations((sql) => client.$queryRawUnsafe(sql));
    return {
      db: { ok: true, target },
      migrations: pending.length ? "pending" : "current",
      ...(pending.length ? { pendingMigrations: pending } : {}),
    };
  } catch (error) {
    return {
      db: { ok: false, target, error: error instanceof Error ? error.message : String(error) },
      migrations: "unknown",
    };
  }
}
