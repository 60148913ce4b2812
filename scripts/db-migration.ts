// npm run db:migration -- <name>: writes a new migration from the difference between
// prisma/migrations and prisma/schema.prisma. Needs no database.
import { createMigration, MigrationError } from "../app/db/migrations.server";

const name = process.argv.slice(2).join("_");
try {
  const folder = await createMigration(name);
  console.log(
    folder
      ? `Wrote ${folder}/migration.sql — review it, then commit it.`
      : "schema.prisma matches the migrations: nothing to write.",
  );
} catch (error) {
  console.error(error instanceof MigrationError ? error.message : error);
  process.exit(1);
}
