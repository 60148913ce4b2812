// Shared by `npm run db:migrate` and the start-up of the embedded app: apply pending
// migrations and report in one line, or explain in one message why nothing was applied.
import { databaseEnv, EnvError } from "../env.server";
import { databaseTargetFromEnv, openDatabase } from "./adapter.server";
import { applyPendingMigrations, MigrationError } from "./migrations.server";

/** Returns a process exit code. */
export async function migrateDatabase(): Promise<number> {
  let database: ReturnType<typeof openDatabase> | undefined;
  try {
    database = openDatabase(databaseTargetFromEnv(databaseEnv()));
    const applied = await applyPendingMigrations(database.adapter);
    console.log(
      applied.length
        ? `Applied ${applied.length} migration(s) to ${database.description}: ${applied.join(", ")}`
        : `${database.description} is up to date: no pending migrations.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof MigrationError || error instanceof EnvError) {
      console.error(`db:migrate: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await database?.close();
  }
}
