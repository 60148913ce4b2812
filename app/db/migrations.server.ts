// Migrations without a downloaded engine: Prisma's schema engine compiled to WebAssembly,
// driven through the same driver adapter the app queries with. The folders it reads and
// writes are ordinary Prisma migrations (`prisma migrate deploy` accepts them too).
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import { EmbeddedAdapterFactory } from "./adapter.server";

export const SCHEMA_PATH = path.resolve("prisma/schema.prisma");
export const MIGRATIONS_DIR = path.resolve("prisma/migrations");
const LOCKFILE = "migration_lock.toml";
const NO_FILTER = { externalTables: [], externalEnums: [] };

/** A migration problem a person must resolve; the message says how. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

type Glue = typeof import("@prisma/schema-engine-wasm/schema_engine_bg") & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
};

let gluePromise: Promise<Glue> | undefined;

// The package's entry imports its .wasm as an ES module, which Node cannot do; load the
// bytes ourselves and hand the instance to the JS glue.
function loadGlue(): Promise<Glue> {
  gluePromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as Glue;
    const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return gluePromise;
}

async function withEngine<T>(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  use: (engine: SchemaEngine) => Promise<T>,
  schemaPath = SCHEMA_PATH,
): Promise<T> {
  const glue = await loadGlue();
  const schema = await readFile(schemaPath, "utf8");
  const logs: string[] = [];
  const engine: SchemaEngine = await glue.SchemaEngine.new(
    { datamodels: [[schemaPath, schema]] },
    (line: string) => {
      if (!/"level":"(INFO|DEBUG|TRACE)"/.test(line)) logs.push(line);
    },
    bindMigrationAwareSqlAdapterFactory(adapter),
  );
  try {
    return await use(engine);
  } catch (error) {
    throw new MigrationError(`${engineMessage(error)}${logs.length ? `\n${logs.join("\n")}` : ""}`);
  } finally {
    engine.free();
  }
}

function engineMessage(error: unknown): string {
  if (error instanceof MigrationError) return error.message;
  if (error && typeof error === "object" && "message" in error) return String(error.message);
  return String(error);
}

/** Reads prisma/migrations the way the Prisma CLI does: one folder per migration, sorted. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationList> {
  const lockContent = await readFile(path.join(dir, LOCKFILE), "utf8").catch(() => null);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    folders.map(async (folder) => ({
      path: folder,
      migrationFile: {
        path: "migration.sql",
        content: await readFile(path.join(dir, folder, "migration.sql"), "utf8").then(
          (value) => ({ tag: "ok" as const, value }),
          (error: Error) => ({ tag: "error" as const, value: error.message }),
        ),
      },
    })),
  );
  return {
    baseDir: dir,
    lockfile: { path: LOCKFILE, content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/**
 * Applies pending migrations. Refuses, changing nothing, when the database holds a
 * failed migration, a migration whose file was edited after it was applied, or one
 * that is missing from prisma/migrations.
 */
export async function applyPendingMigrations(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  dir = MIGRATIONS_DIR,
): Promise<string[]> {
  const migrationsList = await readMigrations(dir);
  return withEngine(adapter, async (engine) => {
    const diagnosis = await engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: NO_FILTER,
    });
    if (diagnosis.failedMigrationNames.length > 0) {
      const names = diagnosis.failedMigrationNames.join(", ");
      throw new MigrationError(
        `Migration ${names} failed earlier and was left half-applied; nothing more was applied. ` +
          `Fix the database by hand, then mark it resolved in the _prisma_migrations table ` +
          `(set rolled_back_at, or finished_at if you completed it) and run npm run db:migrate again.`,
      );
    }
    if (diagnosis.editedMigrationNames.length > 0) {
      const names = diagnosis.editedMigrationNames.join(", ");
      throw new MigrationError(
        `Migration ${names} was edited after it was applied to this database; nothing was applied. ` +
          `Restore its migration.sql from version control and put the change in a new migration ` +
          `(npm run db:migration -- <name>).`,
      );
    }
    const history = diagnosis.history;
    if (history && history.diagnostic !== "databaseIsBehind") {
      throw new MigrationError(
        `The database has migrations that prisma/migrations does not ` +
          `(${history.unpersistedMigrationNames.join(", ")}); nothing was applied. ` +
          `This code is older than the database: deploy the newer code instead.`,
      );
    }
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    return appliedMigrationNames;
  });
}

/** Names of migrations in the folder that the database has not finished applying. */
export async function listPendingMigrations(
  query: (sql: string) => Promise<Array<{ migration_name: string }>>,
  dir = MIGRATIONS_DIR,
): Promise<string[]> {
  const { migrationDirectories } = await readMigrations(dir);
  const applied = await query(
    `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  ).catch((error: Error) => {
    if (/_prisma_migrations.*does not exist/.test(error.message)) return [];
    throw error;
  });
  const done = new Set(applied.map((row) => row.migration_name));
  return migrationDirectories.map((migration) => migration.path).filter((name) => !done.has(name));
}

// A throw-away in-memory database: diffing migrations against the schema needs one to
// replay the migrations into, and it must not be any real database.
function scratchAdapter(): { adapter: SqlMigrationAwareDriverAdapterFactory; close: () => Promise<void> } {
  const scratch = new PGlite();
  return { adapter: new EmbeddedAdapterFactory(scratch), close: () => scratch.close() };
}

/** SQL that would bring the migrations up to schema.prisma; empty when they match. */
export async function diffMigrationsToSchema(dir = MIGRATIONS_DIR, schemaPath = SCHEMA_PATH): Promise<string> {
  const migrationsList = await readMigrations(dir);
  const schema = await readFile(schemaPath, "utf8");
  const scratch = scratchAdapter();
  try {
    return await withEngine(
      scratch.adapter,
      async (engine) => {
        const result = await engine.diff({
          // With no migrations yet there is no lockfile to name the connector: diff from nothing.
          from: migrationsList.migrationDirectories.length
            ? { tag: "migrations", ...migrationsList }
            : { tag: "empty" },
          to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
          script: true,
          exitCode: null,
          filters: NO_FILTER,
        });
        const script = result.stdout ?? "";
        return /^\s*(--\s*This is an empty migration\.)?\s*$/.test(script) ? "" : script;
      },
      schemaPath,
    );
  } finally {
    await scratch.close();
  }
}

/** Writes prisma/migrations/<timestamp>_<name>/migration.sql; returns its folder, or null when nothing changed. */
export async function createMigration(
  name: string,
  dir = MIGRATIONS_DIR,
  now = new Date(),
  schemaPath = SCHEMA_PATH,
): Promise<string | null> {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
  if (!slug) throw new MigrationError(`Give the migration a name: npm run db:migration -- add_lots`);
  const script = await diffMigrationsToSchema(dir, schemaPath);
  if (!script) return null;
  const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const folder = path.join(dir, `${stamp}_${slug}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, "migration.sql"), script);
  await writeFile(
    path.join(dir, LOCKFILE),
    `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n`,
  );
  return folder;
}
