// Graceful shutdown shared by the web and worker entry points: on SIGTERM/SIGINT run the
// entry point's own steps, then close the shared connections, each within a bound, and
// exit. Whatever hangs (an unreachable Redis, say), the process still ends.
import { disconnectDb } from "../db.server";
import { closeQueues } from "../jobs/queues.server";
import { closeRedisConnections } from "../redis.server";
import { logger } from "./logger.server";
import { settleWithin } from "./settle";

export function onTerminate(stopOwnWork: () => Promise<void>, options: { timeoutMs: number }): void {
  let stopping = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, "shutting down");
      setTimeout(() => process.exit(1), 2 * options.timeoutMs + 10_000).unref();
      await stopOwnWork();
      await settleWithin(closeQueues(), 2_000);
      await settleWithin(closeRedisConnections(), 2_000);
      await settleWithin(disconnectDb(), 2_000);
      process.exit(0);
    });
  }
}
