// Lotline's real web entry point (server.ts) as a child process whose Shopify traffic goes to a
// simulated Shopify: the same command the demo uses, with the fetch-redirect preload.
import type { ChildProcess } from "node:child_process";
import { freePort, spawnEntry, waitForHttp } from "./processes";
import { TEST_APP_ENV } from "./test-env";

export const REDIRECT_PRELOAD = "./simulator/redirect-admin-fetch.ts";

export interface SimulatedApp {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts server.ts on a free port against `simulatorUrl`, with this test file's database and
 * queue prefix (from process.env, set by integration-setup), and waits until it answers.
 */
export async function startSimulatedApp(
  simulatorUrl: string,
  extra: Record<string, string> = {},
): Promise<SimulatedApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const spawned = spawnEntry(
    "server.ts",
    {
      ...TEST_APP_ENV,
      NODE_ENV: "development",
      LOG_LEVEL: "info",
      SHOPIFY_APP_URL: url,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: process.env.DATABASE_URL ?? "",
      REDIS_URL: process.env.REDIS_URL ?? "",
      QUEUE_PREFIX: process.env.QUEUE_PREFIX ?? "",
      SHOPIFY_SIMULATOR_URL: simulatorUrl,
      ...extra,
    },
    [],
    { preloads: [REDIRECT_PRELOAD] },
  );
  const { child, output } = spawned;
  const exited = spawned.exited.then(() => undefined);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  try {
    const crashed = exited.then(() => Promise.reject(new Error("the app exited during start-up")));
    // Handled by the race below; a later, deliberate exit must not surface as unhandled.
    crashed.catch(() => undefined);
    await Promise.race([waitForHttp(`${url}/healthz`), crashed]);
  } catch (error) {
    await stop();
    throw new Error(`${error}\n${output()}`);
  }
  return { url, port, child, output, stop };
}

/** The admin's `host` parameter: base64 of admin.shopify.com/store/<store handle>. */
export function adminHost(shop: string): string {
  return Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64");
}

/** The URL the Shopify admin frames when a merchant opens the embedded app. */
export function embeddedAppUrl(appUrl: string, shop: string, idToken: string, path = "/app"): string {
  const query = new URLSearchParams({ embedded: "1", shop, host: adminHost(shop), id_token: idToken });
  return `${appUrl}${path}?${query}`;
}

/** Shopify's library answers 410 to user agents it takes for bots, Node's fetch among them. */
export const BROWSER_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/** Loads an app page as the admin's iframe would, with a session token in the query. */
export function openEmbeddedApp(appUrl: string, shop: string, idToken: string, path = "/app"): Promise<Response> {
  return fetch(embeddedAppUrl(appUrl, shop, idToken, path), {
    headers: { "User-Agent": BROWSER_USER_AGENT },
    redirect: "manual",
  });
}

/**
 * One route's loader data, fetched the way App Bridge's authenticated fetch calls the app
 * (session token in the Authorization header). Only that route's loader runs.
 */
export function fetchRouteData(appUrl: string, path: string, routeId: string, idToken: string): Promise<Response> {
  return fetch(`${appUrl}${path}?_data=${encodeURIComponent(routeId)}`, {
    headers: { Authorization: `Bearer ${idToken}`, "User-Agent": BROWSER_USER_AGENT },
    redirect: "manual",
  });
}
