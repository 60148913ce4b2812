// Prisma CLI configuration. Only `prisma generate` uses the CLI here; migrations run
// through scripts/db-migrate.ts on Prisma's WebAssembly schema engine (no downloads).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
