// The real entry points as an operator runs them: `npm start` embedded and on
// PostgreSQL, /healthz telling the truth about the database, Redis and migrations, clean
// shutdown on SIGTERM, and one readable line when the environment is wrong.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, spawnEntry, startPrivateRedis, waitForHttp } from "./support/processes";
import { ADMIN_DATABASE_URL, databaseUrl } from "./support/services";
import { TEST_APP_ENV } from "./support/test-env";

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function bootWeb(extra: Record<string, string>) {
  const port = await freePort();
  const web = spawnEntry("server.ts", {
    ...TEST_APP_ENV,
    NODE_ENV: "development",
    LOG_LEVEL: "info",
    PORT: String(port),
    HOST: "127.0.0.1",
    ...extra,
  });
  cleanups.push(async () => {
    web.child.kill("SIGKILL");
    await web.exited;
  });
  const first = await waitForHttp(`http://127.0.0.1:${port}/healthz`).catch((error) => {
    throw new Error(`${error}\n${web.output()}`);
  });
  return { web, port, first, health: () => fetch(`http://127.0.0.1:${port}/healthz`) };
}

async function freshDatabase(): Promise<string> {
  const name = `lotline_boot_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });
  return databaseUrl(name);
}

describe("npm start", () => {
  it("boots embedded on PGlite, reports 503 while Redis is stopped and 200 once it is back, and exits cleanly on SIGTERM", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "lotline-boot-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const redis = await startPrivateRedis();
    cleanups.push(redis.stop);

    const { web, first, health } = await bootWeb({ DATA_DIR: dataDir, REDIS_URL: redis.url });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      ok: true,
      db: { ok: true, target: expect.stringMatching(/^pglite:.*pglite$/) },
      redis: { ok: true },
      migrations: "current",
    });

    await redis.stop();
    const down = await health();
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ ok: false, db: { ok: true }, redis: { ok: false } });

    await redis.start();
    expect((await health()).status).toBe(200);

    web.child.kill("SIGTERM");
    expect(await web.exited, web.output()).toBe(0);
  });

  it("on PostgreSQL reports pending migrations as unhealthy until db:migrate runs", async () => {
    const url = await freshDatabase();
    const { first, health } = await bootWeb({ DATABASE_URL: url });
    expect(first.status).toBe(503);
    expect(await first.json()).toMatchObject({
      ok: false,
      db: { ok: true, target: expect.stringContaining("lotline_boot_") },
      migrations: "pending",
    });

    const migrate = spawnEntry("scripts/db-migrate.ts", { DATABASE_URL: url });
    expect(await migrate.exited).toBe(0);
    const after = await health();
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ ok: true, migrations: "current" });
  });
});

describe("a wrong environment", () => {
  it.each([
    ["server.ts", "SHOPIFY_API_KEY", { ...TEST_APP_ENV, SHOPIFY_API_KEY: "" }, /SHOPIFY_API_KEY is not set/],
    [
      "server.ts",
      "DATABASE_URL",
      { ...TEST_APP_ENV, DATABASE_URL: "mysql://x@y/z" },
      /DATABASE_URL is invalid: .*postgres/,
    ],
    [
      "workers/index.ts",
      "SHOPIFY_APP_URL",
      { ...TEST_APP_ENV, SHOPIFY_APP_URL: "not a url" },
      /SHOPIFY_APP_URL is invalid/,
    ],
  ])("stops %s with one line naming %s", async (entry, _name, environment, message) => {
    const run = spawnEntry(entry, environment as Record<string, string>);
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(lines[0]).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe("npm run worker", () => {
  it("starts against PostgreSQL and Redis and exits 0 on SIGTERM", async () => {
    const url = await freshDatabase();
    expect(await spawnEntry("scripts/db-migrate.ts", { DATABASE_URL: url }).exited).toBe(0);
    const worker = spawnEntry("workers/index.ts", {
      ...TEST_APP_ENV,
      LOG_LEVEL: "info",
      DATABASE_URL: url,
      QUEUE_PREFIX: `boot-${process.pid}`,
    });
    const deadline = Date.now() + 30_000;
    while (!worker.output().includes("workers started") && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(worker.output()).toContain("workers started");
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  });
});
