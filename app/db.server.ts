// The process-wide Prisma client. Created on first use so that scripts and tests can
// choose the database before anything connects.

import { type DatabaseTarget, databaseTargetFromEnv, type OpenDatabase, openDatabase } from "./db/adapter.server";
import { env } from "./env.server";
import { PrismaClient } from "./generated/prisma/client.ts";

export type Db = PrismaClient;
export type { Prisma } from "./generated/prisma/client.ts";

interface Connected {
  client: PrismaClient;
  database: OpenDatabase;
}

// Kept on globalThis so Vite's dev-server module reloads reuse one connection pool.
const holder = globalThis as unknown as { __lotlineDb?: Connected };

export function connectDb(target: DatabaseTarget = databaseTargetFromEnv(env())): Connected {
  const database = openDatabase(target);
  return { client: new PrismaClient({ adapter: database.adapter }), database };
}

/** The shared client of this process. */
export function db(): PrismaClient {
  holder.__lotlineDb ??= connectDb();
  return holder.__lotlineDb.client;
}

export function databaseDescription(): string {
  db();
  return holder.__lotlineDb?.database.description ?? "unknown";
}

export async function disconnectDb(): Promise<void> {
  const connected = holder.__lotlineDb;
  holder.__lotlineDb = undefined;
  if (!connected) return;
  await connected.client.$disconnect();
  await connected.database.close();
}
