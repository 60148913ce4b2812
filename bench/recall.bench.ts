// Recall at scale: one lot with 100,000 affected order lines across 40,000 customers (plus
// unrelated orders of another lot). Measures the trace preview (target < 1 s), the time from
// pressing Send until every notice is queued (target < 20 s), and sending through one BullMQ
// worker into a real SMTP server (smtp-server, in this process) that counts every Message-ID it
// accepts (target ≥ 200 messages/s, zero duplicates, zero misses).
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { type Job, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { SMTPServer } from "smtp-server";
import { connectDb } from "../app/db.server";
import { JOBS, type JobName, type JobPayload, parsePayload, queuePrefix } from "../app/jobs/contract";
import { createMailer } from "../app/mail/mailer.server";
import { sendRecallChunk } from "../app/recalls/deliver-messages.server";
import { fanOutRecall } from "../app/recalls/fan-out.server";
import { updateRecallSettings } from "../app/recalls/recall-settings.server";
import { traceRecall } from "../app/recalls/recall-trace.server";
import { sendRecall } from "../app/recalls/recalls.server";
import { redisSendRateLimiter } from "../app/recalls/send-rate-limiter.server";
import { createDraftRecall, seedRecallShop } from "../tests/support/recall-factories";
import { BENCH_API_KEY, BENCH_API_SECRET } from "./support/app-process";
import { provisionBenchServices } from "./support/services";

const LINES = Number(process.env.BENCH_RECALL_LINES ?? 100_000);
const CUSTOMERS = Number(process.env.BENCH_RECALL_CUSTOMERS ?? 40_000);
/** Orders of a lot that is not recalled: the trace must not wade through them. */
const OTHER_LINES = Math.round(LINES / 5);
const SHIPPED_SHARE = 0.95;
const UNREACHABLE_SHARE = 0.02;
const TRACE_RUNS = 5;
/** One worker: one BullMQ Worker on the mail queue, this many jobs (chunks) at once. */
const WORKER_CONCURRENCY = Number(process.env.BENCH_RECALL_WORKER_CONCURRENCY ?? 4);
/** Messages of one chunk in flight at once, and SMTP connections in the mailer's pool. */
const PARALLEL_PER_CHUNK = Number(process.env.BENCH_RECALL_PARALLEL ?? 10);
const SMTP_CONNECTIONS = WORKER_CONCURRENCY * PARALLEL_PER_CHUNK;
/** The shop's send rate for the run (the settings' maximum): the limit under test is Lotline's own speed. */
const SEND_RATE_PER_SECOND = 1000;
const STALL_MS = 60_000;
const TARGET = { traceSeconds: 1, queuedSeconds: 20, messagesPerSecond: 200, duplicates: 0, misses: 0 };

export default async function run() {
  const services = await provisionBenchServices("recall");
  const stops: Array<() => Promise<unknown>> = [services.cleanUp];
  try {
    const sink = await startCountingSmtpServer();
    stops.unshift(sink.close);
    const dataDir = mkdtempSync(path.join(tmpdir(), "lotline-bench-recall-"));
    stops.unshift(async () => rmSync(dataDir, { recursive: true, force: true }));
    // Read lazily by the code under test (acknowledgement links, Message-ID host, send-rate keys).
    Object.assign(process.env, {
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      SHOPIFY_API_KEY: BENCH_API_KEY,
      SHOPIFY_API_SECRET: BENCH_API_SECRET,
      SHOPIFY_APP_URL: "https://lotline-bench.example",
      DATABASE_URL: services.databaseUrl,
      REDIS_URL: services.redisUrl,
      QUEUE_PREFIX: services.queuePrefix,
      SMTP_URL: sink.url,
      DATA_DIR: dataDir,
    });

    const database = connectDb({ databaseUrl: services.databaseUrl, poolSize: 20 });
    stops.unshift(() => database.client.$disconnect().then(() => database.database.close()));
    const db = database.client;

    const seedStarted = Date.now();
    const seeded = await seedRecallShop(db, {
      lots: 1,
      customers: CUSTOMERS,
      lines: LINES,
      shippedShare: SHIPPED_SHARE,
      unreachableShare: UNREACHABLE_SHARE,
      inStockPerLot: 500,
    });
    await seedRecallShop(db, {
      shop: seeded.shop,
      lots: 1,
      customers: Math.round(OTHER_LINES / 2),
      lines: OTHER_LINES,
    });
    // As autovacuum would have by the time a merchant recalls: the planner needs the tables' sizes.
    await db.$executeRawUnsafe(`ANALYZE "Allocation", "OrderLineRef", "OrderRef", "Lot", "RecallLot", "SerialNumber"`);
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    const shopId = seeded.shop.id;
    const recall = await createDraftRecall(db, seeded.shop, [seeded.lots[0].id]);

    // Trace: the preview the merchant sees before sending.
    const traceMs: number[] = [];
    let trace = await traceRecall(db, shopId, recall.id);
    for (let i = 0; i < TRACE_RUNS; i += 1) {
      const started = performance.now();
      trace = await traceRecall(db, shopId, recall.id);
      traceMs.push(performance.now() - started);
    }
    const sortedTrace = [...traceMs].sort((a, b) => a - b);
    const traceMedianMs = sortedTrace[Math.floor(sortedTrace.length / 2)];

    // Send → every notice queued. sendRecall queues the fan-out job; here the fan-out runs at once,
    // as a worker would, with send-chunk jobs going into the real mail queue.
    const connection = new Redis(services.redisUrl, { maxRetriesPerRequest: null });
    stops.unshift(async () => connection.disconnect());
    const prefix = queuePrefix(services.queuePrefix);
    const mailQueue = new Queue("mail", { connection, prefix });
    stops.unshift(() => mailQueue.close());
    const add = <N extends JobName>(name: N, payload: JobPayload<N>) => {
      const data = JOBS[name].payload.parse(payload);
      return mailQueue.add(name, data, { jobId: JOBS[name].jobId(data as never), removeOnComplete: true });
    };
    await updateRecallSettings(
      db,
      shopId,
      { sendRatePerSecond: SEND_RATE_PER_SECOND, reminderAfterDays: 7, maxReminders: 2, logoUrl: "", replyTo: "" },
      "user:bench",
    );
    const sendStarted = performance.now();
    await sendRecall(db, { shopId, recallId: recall.id, actor: "user:bench" }, { enqueue: async () => undefined });
    const fanOut = await fanOutRecall(
      db,
      { shopId, recallId: recall.id },
      { enqueue: (chunk) => add("recalls.send-chunk", chunk) },
    );
    const queuedSeconds = (performance.now() - sendStarted) / 1000;
    const queuedJobs = await mailQueue.getJobCounts("waiting", "prioritized", "delayed");

    // Sending: one worker, the production send path (claim, hand-off, answer) into the SMTP server.
    const mailer = createMailer({
      smtpUrl: sink.url,
      outboxDir: path.join(dataDir, "outbox"),
      from: "Lotline recalls <recalls@lotline-bench.example>",
      maxConnections: SMTP_CONNECTIONS,
    });
    stops.unshift(() => mailer.close());
    const limiterRedis = new Redis(services.redisUrl, { maxRetriesPerRequest: null });
    stops.unshift(async () => limiterRedis.disconnect());
    const rateLimiter = redisSendRateLimiter(limiterRedis, services.queuePrefix);
    const jobErrors: string[] = [];
    const sendingStarted = performance.now();
    const worker = new Worker(
      "mail",
      async (job: Job) =>
        sendRecallChunk(db, parsePayload("recalls.send-chunk", job.data), {
          mailer,
          rateLimiter,
          parallel: PARALLEL_PER_CHUNK,
        }),
      {
        connection: new Redis(services.redisUrl, { maxRetriesPerRequest: null }),
        prefix,
        concurrency: WORKER_CONCURRENCY,
      },
    );
    worker.on("failed", (_job, error) => jobErrors.push(error.message));
    worker.on("error", (error) => jobErrors.push(error.message));
    stops.unshift(() => worker.close());
    const delivered = await waitForDelivery(sink, fanOut.messages);
    const sendingSeconds = (delivered.at - sendingStarted) / 1000;
    await worker.close();

    const messageIds = await db.recallMessage.findMany({
      where: { recallId: recall.id, sequence: 0 },
      select: { messageId: true },
    });
    const expected = new Set(messageIds.map((row) => row.messageId));
    const misses = [...expected].filter((id) => !sink.counts.has(id)).length;
    const strangers = [...sink.counts.keys()].filter((id) => !expected.has(id)).length;
    const duplicates = [...sink.counts.values()].reduce((sum, n) => sum + (n - 1), 0);
    const statuses = await db.recallMessage.groupBy({
      by: ["status"],
      where: { recallId: recall.id },
      _count: true,
    });
    const messagesPerSecond = sink.counts.size / sendingSeconds;
    const traceSeconds = traceMedianMs / 1000;

    return {
      name: "recall",
      rows: [
        {
          phase: "trace preview (median of 5)",
          count: LINES,
          seconds: Number(traceSeconds.toFixed(3)),
          "per s": "",
          target: `< ${TARGET.traceSeconds} s`,
          met: traceSeconds < TARGET.traceSeconds ? "yes" : "no",
        },
        {
          phase: "Send → every notice queued",
          count: fanOut.messages,
          seconds: Number(queuedSeconds.toFixed(2)),
          "per s": Math.round(fanOut.messages / queuedSeconds),
          target: `< ${TARGET.queuedSeconds} s`,
          met: queuedSeconds < TARGET.queuedSeconds ? "yes" : "no",
        },
        {
          phase: "notices accepted by SMTP (1 worker)",
          count: sink.counts.size,
          seconds: Number(sendingSeconds.toFixed(1)),
          "per s": Math.round(messagesPerSecond),
          target: `≥ ${TARGET.messagesPerSecond}/s, 0 dup, 0 missed`,
          met:
            messagesPerSecond >= TARGET.messagesPerSecond && duplicates === 0 && misses === 0 && !delivered.stalled
              ? "yes"
              : "no",
        },
      ],
      summary: {
        affectedLines: LINES,
        customers: CUSTOMERS,
        unrelatedLines: OTHER_LINES,
        shippedShare: SHIPPED_SHARE,
        unreachableShare: UNREACHABLE_SHARE,
        seedSeconds,
        trace: {
          medianMs: Number(traceMedianMs.toFixed(1)),
          runsMs: traceMs.map((ms) => Number(ms.toFixed(1))),
          orders: trace.orders,
          customers: trace.customers,
          reachable: trace.reachable,
          unreachable: trace.unreachableCount,
          unshippedOrders: trace.unshippedOrders,
        },
        fanOut: { ...fanOut, queuedSeconds: Number(queuedSeconds.toFixed(2)), jobsWaiting: queuedJobs },
        sending: {
          workerConcurrency: WORKER_CONCURRENCY,
          parallelPerChunk: PARALLEL_PER_CHUNK,
          smtpConnections: SMTP_CONNECTIONS,
          sendRatePerSecond: SEND_RATE_PER_SECOND,
          seconds: Number(sendingSeconds.toFixed(1)),
          messagesPerSecond: Number(messagesPerSecond.toFixed(1)),
          uniqueMessageIdsReceived: sink.counts.size,
          duplicates,
          misses,
          unknownMessageIds: strangers,
          stalled: delivered.stalled,
          messageStatuses: Object.fromEntries(statuses.map((row) => [row.status, row._count])),
          jobErrors: [...new Set(jobErrors)].slice(0, 5),
        },
        target: TARGET,
        targetMet:
          traceSeconds < TARGET.traceSeconds &&
          queuedSeconds < TARGET.queuedSeconds &&
          messagesPerSecond >= TARGET.messagesPerSecond &&
          duplicates === 0 &&
          misses === 0 &&
          !delivered.stalled,
        machineLoadAverage: loadavg()[0],
      },
    };
  } finally {
    for (const stop of stops) await stop().catch((error) => console.error(`clean-up: ${error}`));
  }
}

interface CountingSmtpServer {
  url: string;
  /** Message-ID → how many times the server accepted it. */
  counts: Map<string, number>;
  lastAcceptedAt: number;
  close(): Promise<void>;
}

/**
 * An SMTP server that keeps only what the count needs (each Message-ID and how often it came):
 * 100,000 raw notices would not fit comfortably in memory next to the worker.
 */
async function startCountingSmtpServer(): Promise<CountingSmtpServer> {
  const state: CountingSmtpServer = {
    url: "",
    counts: new Map(),
    lastAcceptedAt: 0,
    close: async () => {},
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    maxClients: 200,
    onData(stream, _session, callback) {
      let head = "";
      let done = false;
      stream.on("data", (chunk: Buffer) => {
        if (done) return;
        head += chunk.toString("latin1");
        if (head.includes("\r\n\r\n") || head.length > 65_536) done = true;
      });
      stream.on("end", () => {
        const header = head.split("\r\n\r\n")[0].replace(/\r\n[ \t]+/g, " ");
        const id = /^Message-ID:\s*<([^>]+)>/im.exec(header)?.[1] ?? `missing-${randomUUID()}`;
        state.counts.set(id, (state.counts.get(id) ?? 0) + 1);
        state.lastAcceptedAt = performance.now();
        callback(null, `Queued as ${id}`);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

/** Until the server has every expected message, or nothing arrived for STALL_MS. */
async function waitForDelivery(sink: CountingSmtpServer, expected: number) {
  let seen = 0;
  let lastProgress = performance.now();
  for (;;) {
    const received = [...sink.counts.values()].reduce((sum, n) => sum + n, 0);
    if (received > seen) {
      seen = received;
      lastProgress = performance.now();
    }
    if (sink.counts.size >= expected) return { at: sink.lastAcceptedAt, stalled: false };
    if (performance.now() - lastProgress > STALL_MS) return { at: sink.lastAcceptedAt, stalled: true };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
