// Where the integration tests find PostgreSQL and Redis, and a preflight that names a
// missing service and how to start it instead of failing a hundred tests obscurely.
import net from "node:net";

export const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
export const TEMPLATE_DATABASE = "lotline_test_template";

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || defaultPort) });
    socket.setTimeout(2000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
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
