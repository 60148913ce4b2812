// A browser test's world: the demo stack (simulated Shopify, admin shell, the real app in
// production mode) and a fresh Chromium page, started before the file's tests and stopped
// after. The run's global setup has already built the app.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { type DemoStack, startDemoStack } from "../../simulator/demo/stack";
import { launchBrowser } from "./browser";

export interface DemoBrowser {
  stack: DemoStack;
  page: Page;
  /** The app's DATA_DIR (its outbox of .eml files when no SMTP_URL is set). */
  dataDir: string;
}

/**
 * `embeddedDatabase`: the app keeps its data in PGlite and runs its own workers, as the demo
 * does; otherwise it uses this test file's PostgreSQL database and starts no workers.
 */
export function setUpDemoInBrowser(options: { embeddedDatabase: boolean; afterStop?: () => Promise<unknown> }) {
  const demo = {} as DemoBrowser;
  let dataDir: string | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "lotline-browser-"));
    demo.dataDir = dataDir;
    demo.stack = await startDemoStack({
      dataDir,
      databaseUrl: options.embeddedDatabase ? undefined : process.env.DATABASE_URL,
      redisUrl: process.env.REDIS_URL,
      queuePrefix: process.env.QUEUE_PREFIX,
      build: false,
    });
    browser = await launchBrowser();
    demo.page = await browser.context.newPage();
  }, 180_000);

  afterAll(async () => {
    await options.afterStop?.();
    await browser?.close();
    await demo.stack?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  return demo;
}
