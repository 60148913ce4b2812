// Web entry point (`npm start`). Serves the Remix app (the Vite dev server, or the
// production build when NODE_ENV=production). Without DATABASE_URL it also migrates the
// embedded database and runs the workers in this process, since only one process may
// open the embedded database.

import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { databaseTargetFromEnv, openDatabase } from "./app/db/adapter.server";
import { applyPendingMigrations, MigrationError } from "./app/db/migrations.server";
import { EnvError, env, isEmbedded } from "./app/env.server";
import { operatorBoard } from "./app/operations/operator-board.server";
import { logger } from "./app/utils/logger.server";
import { settleWithin } from "./app/utils/settle";
import { onTerminate } from "./app/utils/shutdown.server";
import { webhookHandler } from "./app/webhooks/express-webhook-handler.server";
import { type RunningWorkers, startWorkers } from "./workers/runtime";

logger.setBindings({ service: "web" });

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

let config: ReturnType<typeof env>;
try {
  config = env();
} catch (error) {
  if (error instanceof EnvError) fail(error.message);
  throw error;
}

// .env may set LOG_LEVEL, and it is read only now.
logger.level = config.LOG_LEVEL;
const embedded = isEmbedded(config);
if (embedded) {
  const database = openDatabase(databaseTargetFromEnv(config));
  try {
    const applied = await applyPendingMigrations(database.adapter);
    if (applied.length) logger.info({ applied }, "migrated the embedded database");
  } catch (error) {
    if (error instanceof MigrationError) fail(`Cannot start: ${error.message}`);
    throw error;
  }
}

const production = config.NODE_ENV === "production";
const listenersBeforeVite = new Set(process.listeners("SIGTERM"));
const viteDevServer = production
  ? undefined
  : await import("vite").then((vite) =>
      // Hot reload only under `shopify app dev` (it sets FRONTEND_PORT for the tunnel); a
      // fixed HMR port would stop two local instances (tests, demo) running side by side.
      vite.createServer({
        server: { middlewareMode: true, ...(process.env.FRONTEND_PORT ? {} : { hmr: false, ws: false }) },
      }),
    );

// Vite (through the Remix plugin's child compiler) installs a SIGTERM handler that exits at
// once; this process shuts down on its own terms, letting running jobs finish first.
for (const listener of process.listeners("SIGTERM")) {
  if (!listenersBeforeVite.has(listener)) process.off("SIGTERM", listener);
}

const app = express();
app.disable("x-powered-by");
// Behind a proxy every request comes from the proxy: public pages rate-limit by client address.
if (config.TRUST_PROXY) {
  const hops = config.TRUST_PROXY;
  app.set("trust proxy", hops === "true" ? true : /^\d+$/.test(hops) ? Number(hops) : hops);
}
// Webhooks skip Remix: the same intake code, without a Fetch Request per delivery.
app.post("/webhooks", webhookHandler);
app.use(await operatorBoard(config));

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  // Fingerprinted assets can be cached forever; everything else for an hour.
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
}

const build = viteDevServer
  ? () => viteDevServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
  : await import(/* @vite-ignore */ `${process.cwd()}/build/server/index.js`).catch(() =>
      fail("NODE_ENV=production but there is no build: run `npm run build` first."),
    );

// clientIp: the address public pages rate-limit by (Express applies any "trust proxy" setting).
app.all("*", createRequestHandler({ build, getLoadContext: (req) => ({ clientIp: req.ip }) }));

const server = app.listen(config.PORT, config.HOST, () => {
  logger.info({ url: `http://localhost:${config.PORT}`, embedded, production }, "Lotline web is listening");
});

let workers: RunningWorkers | undefined;
onTerminate(
  async () => {
    const closed = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    await workers?.close();
    await settleWithin(closed, config.SHUTDOWN_TIMEOUT_MS);
    if (viteDevServer) await settleWithin(viteDevServer.close(), 2_000);
  },
  { timeoutMs: config.SHUTDOWN_TIMEOUT_MS },
);

if (embedded) workers = await startWorkers();
