// Worker entry point (`npm run worker`): validates the environment, starts every
// processor, and shuts down gracefully on SIGTERM/SIGINT within SHUTDOWN_TIMEOUT_MS.

import { EnvError, env, isEmbedded } from "../app/env.server";
import { logger } from "../app/utils/logger.server";
import { onTerminate } from "../app/utils/shutdown.server";
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

// .env may set LOG_LEVEL, and it is read only now.
logger.level = env().LOG_LEVEL;
const running = await startWorkers();
onTerminate(() => running.close(), { timeoutMs: env().SHUTDOWN_TIMEOUT_MS });
