// Bull Board as an operator reaches it: `npm start` with OPS_USER/OPS_PASSWORD mounts it at
// /ops/queues behind HTTP Basic auth (a merchant's Shopify session token does not get in);
// without them nothing is mounted; half a pair stops start-up with one line saying so.
import { afterAll, describe, expect, it } from "vitest";
import { QUEUE_NAMES } from "../../app/jobs/contract";
import { mintSessionToken } from "../../simulator/auth/session-token";
import { freePort, spawnEntry, waitForHttp } from "../support/processes";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_ENV } from "../support/test-env";

const OPS = { OPS_USER: "night-shift", OPS_PASSWORD: "correct horse battery staple" };

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function startWeb(extra: Record<string, string>) {
  const port = await freePort();
  const web = spawnEntry("server.ts", {
    ...TEST_APP_ENV,
    NODE_ENV: "development",
    LOG_LEVEL: "info",
    PORT: String(port),
    HOST: "127.0.0.1",
    // The test file's own database and Redis prefix: not embedded, so no workers start.
    DATABASE_URL: process.env.DATABASE_URL ?? "",
    REDIS_URL: process.env.REDIS_URL ?? "",
    QUEUE_PREFIX: process.env.QUEUE_PREFIX ?? "",
    ...extra,
  });
  cleanups.push(async () => {
    web.child.kill("SIGKILL");
    await web.exited;
  });
  await waitForHttp(`http://127.0.0.1:${port}/healthz`).catch((error) => {
    throw new Error(`${error}\n${web.output()}`);
  });
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${port}${path}`, { headers, redirect: "manual" });
  return { web, get };
}

const basic = (user: string, password: string) => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`,
});

describe("the queue dashboard at /ops/queues", () => {
  it("asks for operator credentials, refuses wrong ones and shop session tokens, and shows every queue with the right ones", async () => {
    const { get } = await startWeb(OPS);

    const anonymous = await get("/ops/queues");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Basic realm="Lotline operators"/);
    expect((await get("/ops/queues", basic(OPS.OPS_USER, "correct horse battery"))).status).toBe(401);
    expect((await get("/ops/queues", basic("admin", OPS.OPS_PASSWORD))).status).toBe(401);
    // A merchant's valid Shopify session token is not an operator credential.
    const sessionToken = mintSessionToken({
      shop: "maker.myshopify.com",
      apiKey: TEST_API_KEY,
      apiSecret: TEST_API_SECRET,
    });
    expect((await get("/ops/queues", { Authorization: `Bearer ${sessionToken}` })).status).toBe(401);
    expect((await get("/ops/queues/api/queues", { Authorization: `Bearer ${sessionToken}` })).status).toBe(401);

    const page = await get("/ops/queues", basic(OPS.OPS_USER, OPS.OPS_PASSWORD));
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    const api = await get("/ops/queues/api/queues", basic(OPS.OPS_USER, OPS.OPS_PASSWORD));
    expect(api.status).toBe(200);
    const { queues } = (await api.json()) as { queues: { name: string }[] };
    expect(queues.map((queue) => queue.name).sort()).toEqual([...QUEUE_NAMES].sort());
  });

  it("is not there at all (404) when OPS_USER and OPS_PASSWORD are not set, and start-up says so", async () => {
    const { web, get } = await startWeb({});

    expect((await get("/ops/queues", basic(OPS.OPS_USER, OPS.OPS_PASSWORD))).status).toBe(404);
    expect((await get("/ops/queues/api/queues", basic(OPS.OPS_USER, OPS.OPS_PASSWORD))).status).toBe(404);
    expect(web.output()).toContain("queue dashboard not mounted: set OPS_USER and OPS_PASSWORD");
  });

  it("stops start-up with one line when only one of the two is set", async () => {
    const run = spawnEntry("server.ts", { ...TEST_APP_ENV, OPS_USER: "night-shift" });
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split("\n");
    expect(lines).toEqual([expect.stringMatching(/^OPS_PASSWORD is not set \(set both OPS_USER and OPS_PASSWORD/)]);
  });
});
