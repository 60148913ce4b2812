// The whole of Lotline running offline: Redis (started if none answers), the simulated
// Shopify store with its admin shell, a seeded maker's shop, and the real app (web and
// workers in one process on the embedded database, or on DATABASE_URL) whose Admin API
// traffic a preload redirects to the simulator. Used by `npm run demo` and the browser tests.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type AdminShellContext, handleAdminShellRequest } from "../admin-shell";
import { freePort, isListening } from "../ports";
import { placeRandomOrder, type SeededShop, seededRandom, seedMakerShop } from "../seed/maker-shop";
import { readBody } from "../server/http";
import { type RouteHandler, type SimulatedShopify, startSimulatedShopify } from "../server/index";
import { type FramingProxy, startFramingProxy } from "./framing-proxy";

export const DEMO_API_KEY = "lotline-demo";
/** A browser user agent: Shopify's library refuses requests it takes for bots. */
const BROWSER_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

export interface DemoStackOptions {
  dataDir?: string;
  /** Unset: the embedded database in dataDir. */
  databaseUrl?: string;
  redisUrl?: string;
  queuePrefix?: string;
  appPort?: number;
  simulatorPort?: number;
  ordersPerMinute?: number;
  /** Where the app's log lines go; the demo shows them, tests keep them for failures. */
  onAppOutput?: (chunk: string) => void;
  /** Build the app first (default). False reuses an existing `build/`, as the tests do. */
  build?: boolean;
}

export interface DemoStack {
  adminUrl: string;
  shopAdminUrl: string;
  appUrl: string;
  simulator: SimulatedShopify;
  seeded: SeededShop;
  shopDomain: string;
  placeOrder(): ReturnType<typeof placeRandomOrder>;
  stop(): Promise<void>;
}

export class DemoError extends Error {}

export async function startDemoStack(options: DemoStackOptions = {}): Promise<DemoStack> {
  const dataDir = path.resolve(options.dataDir ?? ".data");
  mkdirSync(dataDir, { recursive: true });
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    if (options.build ?? true) await buildApp();
    const redisUrl = options.redisUrl ?? "redis://127.0.0.1:6379";
    const redis = await ensureRedis(redisUrl, dataDir);
    if (redis) stops.push(redis);

    const apiSecret = randomBytes(24).toString("hex");
    const appPort = options.appPort ?? (await freePort());
    const appTarget = `http://127.0.0.1:${await freePort()}`;
    let shellContext: AdminShellContext | undefined;
    const simulator = await startSimulatedShopify({
      apiKey: DEMO_API_KEY,
      apiSecret,
      port: options.simulatorPort ?? 0,
      routes: [adminShellRoute(() => shellContext)],
    });
    stops.push(() => simulator.close());

    // The app is reached through the framing proxy: that is its public URL.
    const proxy: FramingProxy = await startFramingProxy({
      target: appTarget,
      adminOrigin: simulator.url,
      port: appPort,
    });
    stops.push(() => proxy.close());
    const appUrl = proxy.url;
    simulator.setAppUrl(appUrl);

    const seeded = seedMakerShop(simulator.store);
    const shopDomain = seeded.shop.shop.myshopifyDomain;
    simulator.installApp(shopDomain);
    shellContext = {
      appUrl,
      apiKey: DEMO_API_KEY,
      apiSecret,
      simulatorUrl: simulator.url,
      shops: () =>
        [...simulator.store.shops.values()].map((state) => ({
          domain: state.shop.myshopifyDomain,
          name: state.shop.name,
        })),
    };

    const app = spawnApp({
      port: Number(new URL(appTarget).port),
      appUrl,
      apiSecret,
      simulatorUrl: simulator.url,
      dataDir,
      databaseUrl: options.databaseUrl,
      redisUrl,
      queuePrefix: options.queuePrefix,
      onOutput: options.onAppOutput,
    });
    stops.push(app.stop);
    await app.ready;

    await openAppOnce(appUrl, shopDomain, simulator.mintSessionToken(shopDomain));

    const random = seededRandom(Date.now() % 2 ** 31);
    const placeOrder = () => placeRandomOrder(seeded, random);
    if (options.ordersPerMinute && options.ordersPerMinute > 0) {
      const timer = setInterval(placeOrder, 60_000 / options.ordersPerMinute);
      stops.push(async () => clearInterval(timer));
    }

    const handle = shopDomain.replace(".myshopify.com", "");
    return {
      adminUrl: `${simulator.url}/admin`,
      shopAdminUrl: `${simulator.url}/store/${handle}/apps/lotline`,
      appUrl,
      simulator,
      seeded,
      shopDomain,
      placeOrder,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function adminShellRoute(context: () => AdminShellContext | undefined): RouteHandler {
  return async (request, response, url) => {
    const current = context();
    if (!current) return false;
    const body = request.method === "POST" ? await readBody(request) : undefined;
    const answer = handleAdminShellRequest({ method: request.method ?? "GET", url, body }, current);
    if (!answer) return false;
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
    return true;
  };
}

/** The merchant opens Lotline once: Shopify-managed install, token exchange, the Shop row. */
async function openAppOnce(appUrl: string, shop: string, idToken: string): Promise<void> {
  // What App Bridge sends for the /app route's data: the session token as a bearer token.
  const response = await fetch(`${appUrl}/app?_data=routes%2Fapp`, {
    headers: { Authorization: `Bearer ${idToken}`, "User-Agent": BROWSER_USER_AGENT },
  });
  if (response.status !== 200) {
    throw new DemoError(`Opening Lotline for ${shop} failed with HTTP ${response.status}: ${await response.text()}`);
  }
}

/** `npm run build`: a few seconds, and the app then serves exactly what production serves. */
export async function buildApp(): Promise<void> {
  let output = "";
  const child = spawn(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new DemoError(`Building Lotline failed:\n${output}`);
}

interface SpawnedApp {
  ready: Promise<void>;
  stop: () => Promise<void>;
}

function spawnApp(input: {
  port: number;
  appUrl: string;
  apiSecret: string;
  simulatorUrl: string;
  dataDir: string;
  databaseUrl?: string;
  redisUrl: string;
  queuePrefix?: string;
  onOutput?: (chunk: string) => void;
}): SpawnedApp {
  let output = "";
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "--import", "./simulator/redirect-admin-fetch.ts", "server.ts"],
    {
      env: {
        ...process.env,
        // The production build: what merchants run, and no dev-server dependency
        // optimisation reloading the page under a first visitor.
        NODE_ENV: "production",
        SHOPIFY_API_KEY: DEMO_API_KEY,
        SHOPIFY_API_SECRET: input.apiSecret,
        SHOPIFY_APP_URL: input.appUrl,
        SHOPIFY_SIMULATOR_URL: input.simulatorUrl,
        APP_BRIDGE_URL: `${input.simulatorUrl}/app-bridge.js`,
        PORT: String(input.port),
        HOST: "127.0.0.1",
        DATA_DIR: input.dataDir,
        DATABASE_URL: input.databaseUrl ?? "",
        REDIS_URL: input.redisUrl,
        QUEUE_PREFIX: input.queuePrefix ?? "lotline",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-20_000);
    input.onOutput?.(text);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = (async () => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new DemoError(`Lotline exited during start-up:\n${output}`);
      try {
        const response = await fetch(`http://127.0.0.1:${input.port}/healthz`);
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new DemoError(`Lotline did not become healthy within 2 minutes:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  return {
    ready,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const done = await Promise.race([
        exited.then(() => true),
        new Promise((r) => setTimeout(() => r(false), 30_000)),
      ]);
      if (!done) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Uses the Redis at `url`; if none answers there, starts redis-server with its files in dataDir. */
async function ensureRedis(url: string, dataDir: string): Promise<(() => Promise<void>) | null> {
  const { hostname, port: portText } = new URL(url);
  const port = Number(portText || 6379);
  if (await isListening(hostname, port)) return null;
  if (!["127.0.0.1", "localhost", "::1"].includes(hostname)) {
    throw new DemoError(
      `No Redis answers at ${url} (REDIS_URL). Start it, or unset REDIS_URL to let the demo start one.`,
    );
  }
  const dir = path.join(dataDir, "redis");
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  const failed = new Promise<Error>((resolve) => child.once("error", resolve));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const error = await Promise.race([failed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 100))]);
    if (error) {
      throw new DemoError(
        "Lotline needs Redis and redis-server is not installed: install it (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL.",
      );
    }
    if (await isListening(hostname, port)) {
      return async () => {
        child.kill("SIGTERM");
        await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
      };
    }
  }
  child.kill("SIGKILL");
  throw new DemoError(`redis-server did not start on port ${port}; is the port taken by something else?`);
}
