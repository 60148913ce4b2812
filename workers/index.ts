// Worker entry point (`npm run worker`): validates the environment, starts every
// processor, and shuts down gracefully on SIGTERM/SIGINT within SHUTDOWN_TIMEOUT_MS.

import { disconnectDb } from "../app/db.server";
import { EnvError, env, isEmbedded } from "../app/env.server";
import { closeQueues } from "../app/jobs/queues.server";
import { closeRedisConnections } from "../app/redis.server";
import { logger } from "../app/utils/logger.server";
import { settleWithin } from "../app/utils/settle";
import { startWorkers } from "./runtime";

logger.setBindings({ service: "worker" });

try {
  const config = env();
  if (isEmbedded(config)) {
    console.error(
      "npm run worker needs DATABASE_URL: the embedded database can only be opened by one process, " +
        "so without DATABASE_URL run `npm start`, which runs the workers inside the web process.",
    );
    process.exit(1);
  }
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const running = await startWorkers();
let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping workers");
    setTimeout(() => process.exit(1), 2 * env().SHUTDOWN_TIMEOUT_MS + 10_000).unref();
    await running.close();
    await settleWithin(closeQueues(), 2_000);
    await settleWithin(closeRedisConnections(), 2_000);
    await settleWithin(disconnectDb(), 2_000);
    process.exit(0);
  });
}
