// npm run db:migrate: applies pending migrations to DATABASE_URL, or to the embedded
// database in DATA_DIR. Idempotent: safe to run at every start.
import { migrateDatabase } from "../app/db/migrate.server";

process.exit(await migrateDatabase());
