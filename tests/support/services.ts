// Where the integration tests find PostgreSQL and Redis, and a preflight that names a
// missing service and how to start it instead of failing a hundred tests obscurely.
import { isListening } from "../../simulator/ports";

export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
/**
 * Names are scoped to one `vitest run` (the global setup sets LOTLINE_TEST_RUN before the
 * workers start), so two runs on one machine never drop each other's databases or keys.
 */
export const testRun = () => process.env.LOTLINE_TEST_RUN ?? String(process.pid);
export const templateDatabase = () => `lotline_test_${testRun()}_template`;
export const workerDatabase = (worker: string) => `lotline_test_${testRun()}_w${worker}`;
export const workerQueuePrefix = (worker: string) => `lotline-test-${testRun()}-w${worker}`;

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return isListening(hostname, Number(port || defaultPort), 2_000);
}

export async function preflight(): Promise<void> {
  const missing: string[] = [];
  if (!(await reachable(ADMIN_DATABASE_URL, 5432))) {
    missing.push(
      `PostgreSQL is not answering at ${new URL(ADMIN_DATABASE_URL).host} (TEST_DATABASE_URL). Start it: ` +
        `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
    );
  }
  if (!(await reachable(TEST_REDIS_URL, 6379))) {
    missing.push(
      `Redis is not answering at ${new URL(TEST_REDIS_URL).host} (TEST_REDIS_URL). Start it: ` +
        `redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`,
    );
  }
  if (missing.length) throw new Error(`Integration tests need real services.\n- ${missing.join("\n- ")}`);
}

/** The URL of another database on the same server. */
export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
