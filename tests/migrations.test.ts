// The migration workflow end to end: the committed migrations match schema.prisma (the
// drift test), new migrations are written and applied once, and a database in a bad state
// (a failed or an edited migration) is refused with a message instead of being made worse.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedAdapterFactory, openDatabase } from "../app/db/adapter.server";
import {
  applyPendingMigrations,
  createMigration,
  diffMigrationsToSchema,
  listPendingMigrations,
  MIGRATIONS_DIR,
  MigrationError,
  readMigrations,
  SCHEMA_PATH,
} from "../app/db/migrations.server";
import { ADMIN_DATABASE_URL, databaseUrl } from "./support/services";

const run = promisify(execFile);

let scratchRoot: string;
let committed: string[];
const createdDatabases: string[] = [];

beforeAll(async () => {
  scratchRoot = await mkdtemp(path.join(tmpdir(), "lotline-migrations-"));
  committed = (await readMigrations()).migrationDirectories.map((migration) => migration.path);
});

afterAll(async () => {
  await rm(scratchRoot, { recursive: true, force: true });
  await withAdmin(async (admin) => {
    for (const name of createdDatabases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
});

async function withAdmin<T>(use: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.end();
  }
}

/** A brand-new, empty PostgreSQL database; dropped after the file. */
async function createEmptyDatabase(): Promise<string> {
  const name = `lotline_migrations_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  createdDatabases.push(name);
  return databaseUrl(name);
}

/** Runs `use` with a connection to `url`, both for queries and as a migration target. */
async function withPostgres<T>(
  url: string,
  use: (db: { adapter: ReturnType<typeof openDatabase>["adapter"]; query: Query }) => Promise<T>,
): Promise<T> {
  const database = openDatabase({ databaseUrl: url, poolSize: 2 });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use({
      adapter: database.adapter,
      query: <Row>(sql: string) => client.query(sql).then((result) => result.rows as Row[]),
    });
  } finally {
    await client.end();
    await database.close();
  }
}

/** A brand-new, empty database of either kind, as a migration target plus a query function. */
async function withTarget<T>(
  target: string,
  use: (db: { adapter: ReturnType<typeof openDatabase>["adapter"]; query: Query }) => Promise<T>,
): Promise<T> {
  if (target === "PostgreSQL") return withPostgres(await createEmptyDatabase(), use);
  const pglite = new PGlite();
  try {
    return await use({
      adapter: new EmbeddedAdapterFactory(pglite),
      query: <Row>(sql: string) => pglite.query(sql).then((result) => result.rows as Row[]),
    });
  } finally {
    await pglite.close();
  }
}

type Query = <Row = Record<string, unknown>>(sql: string) => Promise<Row[]>;

async function tableExists(query: Query, table: string): Promise<boolean> {
  const [row] = await query<{ present: boolean }>(`SELECT to_regclass('public."${table}"') IS NOT NULL AS present`);
  return row.present === true;
}

/** A copy of prisma/migrations that a test may add to and edit. */
async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(scratchRoot, "migrations-"));
  await cp(MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function addMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(path.join(dir, name));
  await writeFile(path.join(dir, name, "migration.sql"), sql);
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the promise to reject, and it resolved");
}

describe("schema drift", () => {
  // Each diff replays the migrations into fresh in-memory PGlite databases: seconds, not ms.
  it("the committed migrations match schema.prisma", { timeout: 60_000 }, async () => {
    // When this fails: run `npm run db:migration -- <name>` and commit the folder it writes.
    expect(await diffMigrationsToSchema()).toBe("");
  });

  it("a field added to schema.prisma without a migration is caught, and db:migration writes the one that fixes it", {
    timeout: 120_000,
  }, async () => {
    const schemaDir = await mkdtemp(path.join(scratchRoot, "schema-"));
    const schemaPath = path.join(schemaDir, "schema.prisma");
    const schema = await readFile(SCHEMA_PATH, "utf8");
    const changed = schema.replace(/^model Shop \{\n/m, "model Shop {\n  nickname String?\n");
    expect(changed).not.toBe(schema);
    await writeFile(schemaPath, changed);

    const drift = await diffMigrationsToSchema(MIGRATIONS_DIR, schemaPath);
    expect(drift).toMatch(/ALTER TABLE "Shop" ADD COLUMN\s+"nickname" TEXT/);

    const dir = await copyOfMigrations();
    const folder = await createMigration("Add shop nickname", dir, new Date("2099-01-02T03:04:05Z"), schemaPath);
    expect(folder).toBe(path.join(dir, "20990102030405_add_shop_nickname"));
    const written = await readFile(path.join(folder as string, "migration.sql"), "utf8");
    expect(written).toMatch(/ALTER TABLE "Shop" ADD COLUMN\s+"nickname" TEXT/);
    expect(await readdir(dir)).toEqual(expect.arrayContaining([...committed, "20990102030405_add_shop_nickname"]));

    expect(await diffMigrationsToSchema(dir, schemaPath)).toBe("");
  });
});

describe("applying migrations", () => {
  it("a new PostgreSQL database gets every migration once", async () => {
    const url = await createEmptyDatabase();
    await withPostgres(url, async ({ adapter, query }) => {
      expect(await listPendingMigrations(query)).toEqual(committed);
      expect(await applyPendingMigrations(adapter)).toEqual(committed);
      expect(await listPendingMigrations(query)).toEqual([]);
      expect(await applyPendingMigrations(adapter)).toEqual([]);
      expect(await tableExists(query, "Shop")).toBe(true);
    });
  });

  it("a new embedded PGlite database gets every migration once", async () => {
    const pglite = new PGlite();
    try {
      const adapter = new EmbeddedAdapterFactory(pglite);
      const query = (sql: string) => pglite.query<{ migration_name: string }>(sql).then((result) => result.rows);
      expect(await listPendingMigrations(query)).toEqual(committed);
      expect(await applyPendingMigrations(adapter)).toEqual(committed);
      expect(await listPendingMigrations(query)).toEqual([]);
      expect(await applyPendingMigrations(adapter)).toEqual([]);
      const [shop] = (
        await pglite.query<{ present: boolean }>(`SELECT to_regclass('public."Shop"') IS NOT NULL AS present`)
      ).rows;
      expect(shop.present).toBe(true);
    } finally {
      await pglite.close();
    }
  });

  it.each(["PostgreSQL", "embedded PGlite"])(
    "after a migration fails on %s, nothing more is applied until someone resolves it",
    async (target) => {
      const dir = await copyOfMigrations();
      await addMigration(
        dir,
        "20990101000000_half_done",
        `CREATE TABLE "HalfDone" ("id" INTEGER);\nINSERT INTO "NoSuchTable" ("id") VALUES (1);\n`,
      );
      await withTarget(target, async ({ adapter, query }) => {
        const first = await rejection(applyPendingMigrations(adapter, dir));
        expect(first).toBeInstanceOf(MigrationError);
        // The operator learns which migration broke, and on what.
        expect(first.message).toContain("20990101000000_half_done");
        expect(first.message).toMatch(/NoSuchTable/);
        // The migrations before it stay applied; the failed one is still pending.
        expect(await listPendingMigrations(query, dir)).toEqual(["20990101000000_half_done"]);

        await addMigration(dir, "20990102000000_after_failure", `CREATE TABLE "AfterFailure" ("id" INTEGER);\n`);
        const again = await rejection(applyPendingMigrations(adapter, dir));
        expect(again).toBeInstanceOf(MigrationError);
        expect(again.message).toContain("20990101000000_half_done");
        expect(again.message).toContain("nothing more was applied");
        expect(await tableExists(query, "AfterFailure")).toBe(false);
        expect(await listPendingMigrations(query, dir)).toEqual([
          "20990101000000_half_done",
          "20990102000000_after_failure",
        ]);
      });
    },
  );

  it("a migration edited after it was applied stops the next deploy, which applies nothing", async () => {
    const dir = await copyOfMigrations();
    const url = await createEmptyDatabase();
    await withPostgres(url, async ({ adapter, query }) => {
      expect(await applyPendingMigrations(adapter, dir)).toEqual(committed);

      const edited = committed[0];
      await appendFile(path.join(dir, edited, "migration.sql"), `\n-- tweaked after the fact\n`);
      await addMigration(dir, "20990101000000_after_edit", `CREATE TABLE "AfterEdit" ("id" INTEGER);\n`);

      const error = await rejection(applyPendingMigrations(adapter, dir));
      expect(error).toBeInstanceOf(MigrationError);
      expect(error.message).toContain(edited);
      expect(error.message).toMatch(/edited after it was applied/);
      expect(await tableExists(query, "AfterEdit")).toBe(false);
      expect(await listPendingMigrations(query, dir)).toEqual(["20990101000000_after_edit"]);
    });
  });
});

describe("npm run db:migrate", () => {
  // What an operator runs: a real process, a clean environment without any Shopify keys.
  // npx's own warnings (e.g. about this machine's ~/.npmrc) are npm's output, not ours.
  const withoutNpmNoise = (stderr: string) =>
    stderr
      .split("\n")
      .filter((line) => !line.startsWith("npm warn"))
      .join("\n");

  async function dbMigrate(url: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const env = { NODE_ENV: "production" as const, PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: url };
    try {
      const { stdout, stderr } = await run("npx", ["tsx", "scripts/db-migrate.ts"], {
        cwd: path.dirname(path.dirname(SCHEMA_PATH)),
        env,
        timeout: 60_000,
      });
      return { code: 0, stdout, stderr: withoutNpmNoise(stderr) };
    } catch (error) {
      const failed = error as { code?: number; stdout: string; stderr: string };
      if (typeof failed.code !== "number") throw error;
      return { code: failed.code, stdout: failed.stdout, stderr: withoutNpmNoise(failed.stderr) };
    }
  }

  it("applies the migrations, then reports the database up to date", { timeout: 60_000 }, async () => {
    const url = await createEmptyDatabase();
    const first = await dbMigrate(url);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toContain(`Applied ${committed.length} migration(s)`);
    expect(first.stdout).toContain(committed.at(-1));

    const second = await dbMigrate(url);
    expect(second).toMatchObject({ code: 0, stderr: "" });
    expect(second.stdout).toMatch(/is up to date: no pending migrations/);
  });

  it("exits 1 with one readable message when a migration failed earlier", { timeout: 60_000 }, async () => {
    const url = await createEmptyDatabase();
    await withPostgres(url, async ({ adapter, query }) => {
      await applyPendingMigrations(adapter);
      // What a crash halfway through the last migration leaves behind.
      await query(
        `UPDATE _prisma_migrations SET finished_at = NULL, logs = 'simulated failure' WHERE migration_name = '${committed.at(-1)}'`,
      );
    });

    const result = await dbMigrate(url);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    const message = result.stderr.trim();
    expect(message.split("\n"), message).toHaveLength(1);
    expect(message).toMatch(/^db:migrate: Migration \S+ failed earlier/);
    expect(message).toContain(committed.at(-1));
    // …and says what to do about it.
    expect(message).toContain("_prisma_migrations");
  });
});
