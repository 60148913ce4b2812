// Webhook intake at Shopify scale: signed orders/create deliveries, each with its own webhook
// id, at concurrency 32 against the production build on PostgreSQL and Redis; no worker runs,
// so the numbers are the intake's alone. The floor is the same payloads added to a BullMQ
// queue directly from this process: the least any intake that uses Redis could cost.
import { loadavg } from "node:os";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { connectDb } from "../app/db.server";
import { queuePrefix } from "../app/jobs/contract";
import { recordInstall } from "../app/models/shop.server";
import { BENCH_API_SECRET, cpuSeconds, startBenchApp } from "./support/app-process";
import { latencySummary, runConcurrently, runLoad } from "./support/load";
import { buildOrderBodies, webhookRequest } from "./support/order-bodies";
import { databaseBackendPids, provisionBenchServices } from "./support/services";

const CONCURRENCY = 32;
const WARM_UP = Number(process.env.BENCH_INTAKE_WARM_UP ?? 2_000);
const REQUESTS = Number(process.env.BENCH_INTAKE_REQUESTS ?? 20_000);
const SHOP = "bench-maker.myshopify.com";
const TARGET = { perSecond: 1_000, p99Ms: 50 };

export default async function run() {
  const services = await provisionBenchServices("intake");
  const stops: Array<() => Promise<unknown>> = [services.cleanUp];
  try {
    const database = connectDb({ databaseUrl: services.databaseUrl, poolSize: 2 });
    stops.unshift(() => database.client.$disconnect().then(() => database.database.close()));
    await recordInstall(database.client, { domain: SHOP, name: "Bench Maker", scopes: "read_orders" });

    const { bodies } = buildOrderBodies({
      shopDomain: SHOP,
      secret: BENCH_API_SECRET,
      orders: 200,
      linesPerOrder: 3,
      variants: 60,
    });
    const app = await startBenchApp(services);
    stops.unshift(app.stop);

    const request = (index: number) => webhookRequest(SHOP, "orders/create", bodies[index % bodies.length]);
    await runLoad({ url: app.url, concurrency: CONCURRENCY, total: WARM_UP, request });
    // CPU per webhook, by process: on a machine shared with other work, throughput says little
    // on its own; CPU time says what the intake would do with the cores to itself.
    const backends = await databaseBackendPids(services.databaseUrl);
    const backendCpu = () => backends.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    const cpuBefore = { app: cpuSeconds(app.pid), postgres: backendCpu(), loadGenerator: process.cpuUsage() };
    const intake = await runLoad({ url: app.url, concurrency: CONCURRENCY, total: REQUESTS, request });
    const loadGeneratorCpu = process.cpuUsage(cpuBefore.loadGenerator);
    const cpuMsPerWebhook = {
      app: ((cpuSeconds(app.pid) - cpuBefore.app) * 1000) / REQUESTS,
      postgresBackends: ((backendCpu() - cpuBefore.postgres) * 1000) / REQUESTS,
      loadGenerator: (loadGeneratorCpu.user + loadGeneratorCpu.system) / 1000 / REQUESTS,
    };
    const cpuMsTotal = cpuMsPerWebhook.app + cpuMsPerWebhook.postgresBackends + cpuMsPerWebhook.loadGenerator;
    const recorded = await database.client.webhookEvent.count();

    const floor = await measureFloor(
      services.redisUrl,
      `${services.queuePrefix}-floor`,
      bodies.map((b) => b.body),
    );

    const intakeLatency = latencySummary(intake.latenciesMs);
    const floorLatency = latencySummary(floor.latenciesMs);
    const non200 = intake.errors + Object.entries(intake.statuses).reduce((n, [s, c]) => n + (s === "200" ? 0 : c), 0);
    const ratio = intake.perSecond / floor.perSecond;
    return {
      name: "intake",
      rows: [
        {
          path: "POST /webhooks (verify, record, queue, 200)",
          requests: REQUESTS,
          "req/s": Math.round(intake.perSecond),
          "p50 ms": intakeLatency.p50Ms,
          "p95 ms": intakeLatency.p95Ms,
          "p99 ms": intakeLatency.p99Ms,
          "max ms": intakeLatency.maxMs,
          "non-200": non200,
        },
        {
          path: "floor: BullMQ queue.add of the same bodies",
          requests: REQUESTS,
          "req/s": Math.round(floor.perSecond),
          "p50 ms": floorLatency.p50Ms,
          "p95 ms": floorLatency.p95Ms,
          "p99 ms": floorLatency.p99Ms,
          "max ms": floorLatency.maxMs,
          "non-200": 0,
        },
      ],
      summary: {
        concurrency: CONCURRENCY,
        warmUp: WARM_UP,
        requests: REQUESTS,
        bodyBytes: Math.round(bodies.reduce((n, b) => n + b.body.length, 0) / bodies.length),
        workerConsuming: false,
        cpuMsPerWebhook: Object.fromEntries(Object.entries(cpuMsPerWebhook).map(([k, v]) => [k, Number(v.toFixed(3))])),
        // Redis, the WAL writer and the kernel are not in it: an upper bound for 2 idle cores.
        webhooksPerSecondIfTwoCoresWereFree: Math.round(2000 / cpuMsTotal),
        machineLoadAverage: loadavg()[0],
        intakePerSecond: Math.round(intake.perSecond),
        intakeP99Ms: Number(intakeLatency.p99Ms.toFixed(2)),
        floorPerSecond: Math.round(floor.perSecond),
        intakeToFloorRatio: Number(ratio.toFixed(3)),
        statuses: intake.statuses,
        transportErrors: intake.errors,
        recordedEvents: recorded,
        expectedEvents: WARM_UP + REQUESTS,
        target: TARGET,
        targetMet: intake.perSecond >= TARGET.perSecond && intakeLatency.p99Ms <= TARGET.p99Ms && non200 === 0,
      },
    };
  } finally {
    for (const stop of stops) await stop().catch((error) => console.error(`clean-up: ${error}`));
  }
}

async function measureFloor(redisUrl: string, prefix: string, bodies: Buffer[]) {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const queue = new Queue("webhooks", { connection, prefix: queuePrefix(prefix) });
  const payloads = bodies.map((body) => body.toString("utf8"));
  try {
    await runConcurrently(WARM_UP, CONCURRENCY, (i) =>
      queue.add("floor", { body: payloads[i % payloads.length] }, { jobId: `warm-${i}` }),
    );
    return await runConcurrently(REQUESTS, CONCURRENCY, (i) =>
      queue.add("floor", { body: payloads[i % payloads.length] }, { jobId: `floor-${i}` }),
    );
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    connection.disconnect();
  }
}
