// `npm run demo` as a newcomer runs it: it starts Redis when none answers, the simulated
// store and the app, prints where to go, serves the admin shell, delivers orders to the
// app — and Ctrl-C leaves nothing running.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isListening } from "../simulator/ports";
import { freePort, spawnEntry } from "./support/processes";

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const answers = (port: number) => isListening("127.0.0.1", port);

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
}

describe("npm run demo", () => {
  it("starts Redis, the store and the app, serves the admin, delivers orders, and Ctrl-C stops it all", {
    timeout: 180_000,
  }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "lotline-demo-"));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const [appPort, adminPort, redisPort] = [await freePort(), await freePort(), await freePort()];
    const demo = spawnEntry(
      "scripts/demo.ts",
      // No Redis answers on this port, so the demo must start its own.
      { REDIS_URL: `redis://127.0.0.1:${redisPort}` },
      // --no-build: the global setup built the app once for the whole run.
      ["--port", String(appPort), "--admin-port", String(adminPort), "--data-dir", dataDir, "--no-build"],
    );
    cleanups.push(async () => {
      demo.child.kill("SIGKILL");
      await demo.exited;
    });

    await until(() => demo.output().includes("Press Ctrl-C"), 150_000);
    const shellUrl = `http://127.0.0.1:${adminPort}/store/juniper-wick/apps/lotline`;
    expect(demo.output(), demo.output()).toContain(shellUrl);
    expect(await answers(redisPort)).toBe(true);

    const shell = await fetch(shellUrl);
    expect(shell.status).toBe(200);
    expect(await shell.text()).toMatch(/<iframe id="app-frame"[^>]+src="http:\/\/127\.0\.0\.1:\d+\/\?[^"]*id_token=/);
    expect((await fetch(`http://127.0.0.1:${appPort}/healthz`)).status).toBe(200);

    // A customer orders: the store delivers a signed webhook that the app acknowledges.
    const control = `http://127.0.0.1:${adminPort}/control`;
    const shop = (await (await fetch(`${control}/shops/juniper-wick.myshopify.com`)).json()) as {
      customers: Array<{ id: string }>;
      products: Array<{ variants: Array<{ id: string }> }>;
    };
    const placed = await fetch(`${control}/shops/juniper-wick.myshopify.com/orders`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        customerId: shop.customers[0].id,
        lines: [{ variantId: shop.products[0].variants[0].id, quantity: 2 }],
      }),
    });
    expect(placed.status).toBeLessThan(300);
    await fetch(`${control}/webhooks/wait`, { method: "POST" });
    const deliveries = (await (await fetch(`${control}/webhooks?topic=orders/create`)).json()) as unknown;
    expect(JSON.stringify(deliveries)).toMatch(/"status":200/);

    demo.child.kill("SIGINT");
    expect(await demo.exited).toBe(0);
    expect(await answers(appPort)).toBe(false);
    expect(await answers(adminPort)).toBe(false);
    expect(await answers(redisPort)).toBe(false);
  });
});
