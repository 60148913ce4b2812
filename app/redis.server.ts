// Redis connections, created once per process. Producers fail fast when Redis is down (so
// the webhook intake can answer 503 instead of hanging); workers wait for it to return.
import { Redis, type RedisOptions } from "ioredis";
import { env } from "./env.server";

type Role = "producer" | "worker";

const roleOptions: Record<Role, RedisOptions> = {
  producer: { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 },
  // BullMQ requires maxRetriesPerRequest: null for the blocking connections workers use.
  worker: { maxRetriesPerRequest: null },
};

const holder = globalThis as unknown as { __lotlineRedis?: Map<Role, Redis> };

export function redisConnection(role: Role): Redis {
  holder.__lotlineRedis ??= new Map();
  let connection = holder.__lotlineRedis.get(role);
  if (!connection) {
    connection = new Redis(env().REDIS_URL, { lazyConnect: false, ...roleOptions[role] });
    // Connection errors surface through the calls that need Redis; an unhandled 'error'
    // event would otherwise crash the process while Redis restarts.
    connection.on("error", () => {});
    holder.__lotlineRedis.set(role, connection);
  }
  return connection;
}

/** Round-trip to Redis within the deadline, on a connection of its own. */
export async function pingRedis(timeoutMs = 1_000): Promise<{ ok: boolean; error?: string }> {
  const probe = new Redis(env().REDIS_URL, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  probe.on("error", () => {});
  try {
    await Promise.race([
      probe.connect().then(() => probe.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
    ]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    probe.disconnect();
  }
}

export async function closeRedisConnections(): Promise<void> {
  const connections = holder.__lotlineRedis;
  holder.__lotlineRedis = undefined;
  if (!connections) return;
  await Promise.all(
    [...connections.values()].map((connection) => connection.quit().catch(() => connection.disconnect())),
  );
}
