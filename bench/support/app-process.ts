// Lotline's web entry point (and optionally its worker entry point) as child processes on the
// benchmark's database and queue prefix, production build, quiet logs.
import { readdirSync, readFileSync } from "node:fs";
import { freePort, type Spawned, spawnEntry, waitForHttp } from "../../tests/support/processes";
import { REDIRECT_PRELOAD } from "../../tests/support/simulated-app";
import { type BenchServices, ensureBuild } from "./services";

export const BENCH_API_KEY = "lotline-bench";
export const BENCH_API_SECRET = "lotline-bench-secret";

export interface BenchApp {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export function appEnvironment(services: BenchServices, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "production",
    SHOPIFY_API_KEY: BENCH_API_KEY,
    SHOPIFY_API_SECRET: BENCH_API_SECRET,
    DATABASE_URL: services.databaseUrl,
    REDIS_URL: services.redisUrl,
    QUEUE_PREFIX: services.queuePrefix,
    LOG_LEVEL: "warn",
    HOST: "127.0.0.1",
    // BENCH_PROFILE_DIR=dir: every Lotline process writes a V8 CPU profile there when it exits.
    ...(process.env.BENCH_PROFILE_DIR
      ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}` }
      : {}),
    ...extra,
  };
}

async function stopSpawned(spawned: Spawned): Promise<void> {
  const { child } = spawned;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const done = await Promise.race([
    spawned.exited.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000)),
  ]);
  if (!done) child.kill("SIGKILL");
  await spawned.exited;
}

/**
 * server.ts, answering; Admin API traffic goes to `simulatorUrl` when one is given. Test runs
 * rebuild `build/` in this checkout, so a start that finds no build waits for one and tries again.
 */
export async function startBenchApp(
  services: BenchServices,
  options: { simulatorUrl?: string; env?: Record<string, string> } = {},
): Promise<BenchApp> {
  for (let attempt = 1; ; attempt += 1) {
    await ensureBuild();
    try {
      return await startBenchAppOnce(services, options);
    } catch (error) {
      if (attempt >= 5 || !String(error).includes("there is no build")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
  }
}

async function startBenchAppOnce(
  services: BenchServices,
  options: { simulatorUrl?: string; env?: Record<string, string> } = {},
): Promise<BenchApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const spawned = spawnEntry(
    "server.ts",
    appEnvironment(services, {
      PORT: String(port),
      SHOPIFY_APP_URL: url,
      ...(options.simulatorUrl ? { SHOPIFY_SIMULATOR_URL: options.simulatorUrl } : {}),
      ...options.env,
    }),
    [],
    { preloads: options.simulatorUrl ? [REDIRECT_PRELOAD] : [] },
  );
  try {
    await Promise.race([
      waitForHttp(`${url}/healthz`, 60_000),
      spawned.exited.then(() => Promise.reject(new Error("the app exited during start-up"))),
    ]);
  } catch (error) {
    await stopSpawned(spawned);
    throw new Error(`${error}\n${spawned.output()}`);
  }
  return { url, port, pid: spawned.child.pid ?? 0, stop: () => stopSpawned(spawned) };
}

/** workers/index.ts on the same services. */
export function startBenchWorkers(
  services: BenchServices,
  options: { simulatorUrl?: string; env?: Record<string, string> } = {},
): { pid: number; stop(): Promise<void>; output(): string } {
  const spawned = spawnEntry(
    "workers/index.ts",
    appEnvironment(services, {
      SHOPIFY_APP_URL: "http://127.0.0.1:1",
      ...(options.simulatorUrl ? { SHOPIFY_SIMULATOR_URL: options.simulatorUrl } : {}),
      ...options.env,
    }),
    [],
    { preloads: options.simulatorUrl ? [REDIRECT_PRELOAD] : [] },
  );
  return { pid: spawned.child.pid ?? 0, stop: () => stopSpawned(spawned), output: spawned.output };
}

/** CPU seconds (user + system) a process has used so far, from /proc; 0 where there is none. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * CPU seconds of every running process whose command is one of `commands` ("postgres",
 * "redis-server"): the services' share of a run, read before and after it.
 */
export function cpuSecondsOfCommands(commands: string[]): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (commands.includes(readFileSync(`/proc/${entry}/comm`, "utf8").trim())) total += cpuSeconds(Number(entry));
    } catch {
      // The process ended while the list was read.
    }
  }
  return total;
}

/** CPU seconds the whole machine spent busy (all cores), from /proc/stat. */
export function machineBusyCpuSeconds(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync("/proc/stat", "utf8")
    .split("\n")[0]
    .trim()
    .split(/\s+/)
    .map(Number);
  return (user + nice + system + irq + softirq + steal) / 100;
}
