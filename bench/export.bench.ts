// FSMA 204 export at scale: one shop with 1,000,000 ledger events (receipts of 200 lots, the rest
// shipments on 250,000 orders, seeded with set-based SQL). Measures the FSMA CSV export exactly
// as the export job runs it (writeFsma204: row count, location details, the rows streamed through
// COPY, mapped, neutralised and written as CSV with backpressure) in a process of its own —
// rows/s and peak RSS — and, in the same run, the floor: PostgreSQL `COPY (SELECT … the same
// rows …) TO STDOUT` into a file. Targets: export < 30 s, peak RSS < 300 MB, export rows/s ≥ 0.3 ×
// COPY rows/s. BENCH_EXPORT_EVENTS changes the size.
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { connectDb, type Db } from "../app/db.server";
import { inlineParameters } from "../app/exports/db-batches.server";
import type { ExportRun, ExportWarning } from "../app/exports/export-writer";
import { FSMA204_FROM, FSMA204_SELECT, fsma204Where, writeFsma204 } from "../app/exports/fsma204.server";
import { Prisma } from "../app/generated/prisma/client.ts";

const EVENTS = Number(process.env.BENCH_EXPORT_EVENTS ?? 1_000_000);
const LOTS = 200;
const LINES_PER_ORDER = 4;
const SHIPPED = EVENTS - LOTS;
const ORDERS = Math.ceil(SHIPPED / LINES_PER_ORDER);
const TARGET = { exportSeconds: 30, peakRssMb: 300, ratioToCopy: 0.3 };
const MB = 1024 * 1024;

export default async function run() {
  // Loaded here, not at the top: the export's own process imports this file too and must stay lean.
  const { provisionBenchServices } = await import("./support/services");
  const { BENCH_API_KEY, BENCH_API_SECRET } = await import("./support/app-process");
  const services = await provisionBenchServices("export");
  const stops: Array<() => Promise<unknown>> = [services.cleanUp];
  const dir = mkdtempSync(path.join(tmpdir(), "lotline-bench-export-"));
  stops.unshift(async () => rmSync(dir, { recursive: true, force: true }));
  try {
    Object.assign(process.env, {
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      SHOPIFY_API_KEY: BENCH_API_KEY,
      SHOPIFY_API_SECRET: BENCH_API_SECRET,
      SHOPIFY_APP_URL: "https://lotline-bench.example",
      DATABASE_URL: services.databaseUrl,
      REDIS_URL: services.redisUrl,
      DATA_DIR: dir,
    });
    const database = connectDb({ databaseUrl: services.databaseUrl, poolSize: 4 });
    stops.unshift(() => database.client.$disconnect().then(() => database.database.close()));
    const db = database.client;

    const seedStarted = Date.now();
    const shopId = await seedLedger(db);
    const seedSeconds = (Date.now() - seedStarted) / 1000;
    console.log(`seeded ${EVENTS.toLocaleString()} ledger events in ${seedSeconds.toFixed(1)} s`);

    // Warm the same pages for both runs: the floor is read from cache as the export is.
    await copyFloor(services.databaseUrl, shopId, path.join(dir, "warm.csv"));

    // The export runs in a process of its own, as in a worker: its RSS is the export's, not the
    // seeding's or this harness's (which loads the simulator and the migration engine).
    const exported = await exportInChildProcess(services.databaseUrl, shopId, path.join(dir, "fsma204.csv"));
    const floor = await copyFloor(services.databaseUrl, shopId, path.join(dir, "copy.csv"));

    const exportRate = exported.rows / exported.seconds;
    const floorRate = floor.rows / floor.seconds;
    const ratio = exportRate / floorRate;
    const rows = [
      {
        run: "FSMA 204 CSV export (job writer)",
        rows: exported.rows,
        seconds: round(exported.seconds),
        "rows/s": Math.round(exportRate),
        "MB written": round(exported.bytes / MB),
        "peak RSS MB": round(exported.peakRssMb),
      },
      {
        run: "COPY (SELECT …) TO STDOUT (floor)",
        rows: floor.rows,
        seconds: round(floor.seconds),
        "rows/s": Math.round(floorRate),
        "MB written": round(floor.bytes / MB),
        "peak RSS MB": "—",
      },
    ];
    return {
      name: "export",
      rows,
      summary: {
        events: EVENTS,
        seedSeconds: round(seedSeconds),
        exportSeconds: round(exported.seconds),
        exportRowsPerSecond: Math.round(exportRate),
        copyRowsPerSecond: Math.round(floorRate),
        ratioToCopy: round(ratio, 3),
        peakRssMb: round(exported.peakRssMb),
        maxRssMb: round(exported.maxRssMb),
        rssBeforeMb: round(exported.rssBeforeMb),
        warnings: exported.warnings,
        loadAverage: loadavg().map((n) => round(n)),
        target: TARGET,
        met: {
          exportSeconds: exported.seconds < TARGET.exportSeconds,
          peakRssMb: exported.peakRssMb < TARGET.peakRssMb,
          ratioToCopy: ratio >= TARGET.ratioToCopy,
        },
      },
    };
  } finally {
    for (const stop of stops) await stop().catch((error) => console.error(error));
  }
}

type ExportMeasurement = Awaited<ReturnType<typeof measureExport>>;

const CHILD_FLAG = "LOTLINE_EXPORT_BENCH_CHILD";

async function exportInChildProcess(databaseUrl: string, shopId: string, file: string): Promise<ExportMeasurement> {
  const tsx = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../node_modules/.bin/tsx");
  const child = spawn(tsx, [fileURLToPath(import.meta.url)], {
    env: { ...process.env, [CHILD_FLAG]: JSON.stringify({ databaseUrl, shopId, file }) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const last = output.trim().split("\n").pop() ?? "";
  if (code !== 0) throw new Error(`the export process exited with ${code}: ${output}`);
  return JSON.parse(last) as ExportMeasurement;
}

if (process.env[CHILD_FLAG]) {
  const { databaseUrl, shopId, file } = JSON.parse(process.env[CHILD_FLAG]) as {
    databaseUrl: string;
    shopId: string;
    file: string;
  };
  const database = connectDb({ databaseUrl, poolSize: 2 });
  const measured = await measureExport(database.client, shopId, file);
  await database.client.$disconnect();
  await database.database.close();
  process.stdout.write(`${JSON.stringify(measured)}\n`);
  process.exit(0);
}

function round(n: number, digits = 2): number {
  return Number(n.toFixed(digits));
}

async function measureExport(db: Db, shopId: string, file: string) {
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 25);
  const warnings: ExportWarning[] = [];
  const out = createWriteStream(file);
  const started = process.hrtime.bigint();
  const run: ExportRun = {
    db,
    shopId,
    exportJobId: "00000000-0000-0000-0000-000000000000",
    kind: "fsma204",
    format: "csv",
    parameters: {},
    out,
    progress: async () => {},
    warn: (warning) => warnings.push(warning),
  };
  const { rows } = await writeFsma204(run);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return {
    rows,
    seconds,
    bytes: statSync(file).size,
    peakRssMb: peakRss / MB,
    // maxRSS covers the whole process (seeding included), in kilobytes.
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    rssBeforeMb: rssBefore / MB,
    warnings: warnings.length,
  };
}

async function copyFloor(databaseUrl: string, shopId: string, file: string) {
  const query = Prisma.sql`SELECT ${FSMA204_SELECT} ${FSMA204_FROM} WHERE ${fsma204Where(shopId, {})} ORDER BY e."occurredAt", e.id`;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = process.hrtime.bigint();
    const stream = client.query(copyTo(`COPY (${inlineParameters(query)}) TO STDOUT WITH (FORMAT csv, HEADER)`));
    await pipeline(stream, createWriteStream(file));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { rows: Number(stream.rowCount ?? 0), seconds, bytes: statSync(file).size };
  } finally {
    await client.end();
  }
}

/** One shop, LOTS lots each received once, then SHIPPED shipment rows over ORDERS orders through 2026. */
export async function seedLedger(db: Db): Promise<string> {
  let step = Date.now();
  const lap = (label: string) => {
    if (process.env.BENCH_EXPORT_VERBOSE) console.log(`  ${label}: ${((Date.now() - step) / 1000).toFixed(1)} s`);
    step = Date.now();
  };
  const [shop] = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO "Shop" (id, domain, name, "updatedAt")
    VALUES (gen_random_uuid(), 'bench-export.myshopify.com', 'Bench Maker', now()) RETURNING id`;
  lap("shop");
  const shopId = shop.id;
  await db.$executeRaw`
    INSERT INTO "Lot" (id, "shopId", code, "inventoryItemId", "variantId", "productId", "locationId", sku,
                       "productTitle", "supplierLotCode", gtin, "receivedAt", "receivedQuantity", "onHandQuantity", "updatedAt")
    SELECT gen_random_uuid(), ${shopId}::uuid, 'LOT-' || lpad(g::text, 4, '0'),
           'gid://shopify/InventoryItem/' || (g % 20), 'gid://shopify/ProductVariant/' || (g % 20),
           'gid://shopify/Product/' || (g % 20), 'gid://shopify/Location/' || (1 + g % 2), 'SKU-' || (g % 20),
           'Product ' || (g % 20), 'SUP-' || g, '0400638133393' || (g % 10), timestamp '2025-12-01' + g * interval '1 minute',
           100000, 100000, now()
    FROM generate_series(1, ${LOTS}::int) g`;
  lap("lots");
  await db.$executeRaw`
    INSERT INTO "Receipt" (id, "shopId", "supplierName", "referenceType", "referenceNumber", "locationId", "locationCode",
                           "receivedAt", "receivedBy", "updatedAt")
    SELECT gen_random_uuid(), ${shopId}::uuid, 'Supplier ' || (n % 5), 'invoice', 'INV-' || n, l."locationId", 'LOC',
           l."receivedAt", 'system', now()
    FROM (SELECT l.*, row_number() OVER (ORDER BY code) AS n FROM "Lot" l WHERE "shopId" = ${shopId}::uuid) l`;
  lap("receipts");
  await db.$executeRaw`
    INSERT INTO "LotEvent" (id, "shopId", "lotId", type, quantity, "occurredAt", "receiptId")
    SELECT gen_random_uuid(), ${shopId}::uuid, l.id, 'received', 100000, l."receivedAt", r.id
    FROM "Lot" l JOIN "Receipt" r ON r."shopId" = l."shopId" AND r."referenceNumber" = 'INV-' || substr(l.code, 5)::int
    WHERE l."shopId" = ${shopId}::uuid`;
  lap("received events");
  await db.$executeRaw`
    INSERT INTO "OrderRef" (id, "shopId", "shopifyOrderId", name, "shopifyUpdatedAt", "processedAt", "customerName",
                            "shippingAddress", "updatedAt")
    SELECT gen_random_uuid(), ${shopId}::uuid, 'gid://shopify/Order/' || g, '#' || (1000 + g),
           timestamp '2026-01-01' + g * interval '2 minutes', timestamp '2026-01-01' + g * interval '2 minutes',
           'Customer ' || (g % 40000),
           jsonb_build_object('address1', g || ' Mill Lane', 'city', 'Leeds', 'zip', 'LS1 4AB', 'countryCodeV2', 'GB',
                              'phone', '+44 113 496 ' || lpad((g % 10000)::text, 4, '0')),
           now()
    FROM generate_series(0, ${ORDERS - 1}::int) g`;
  lap("orders");
  await db.$executeRaw`
    INSERT INTO "OrderLineRef" (id, "shopId", "orderRefId", "shopifyLineItemId", title, quantity, "fulfilledQuantity",
                                status, "updatedAt")
    SELECT gen_random_uuid(), ${shopId}::uuid, o.id, o."shopifyOrderId" || '/' || k, 'Product', 1 + k % 3, 1 + k % 3,
           'allocated', now()
    FROM "OrderRef" o CROSS JOIN generate_series(0, ${LINES_PER_ORDER - 1}::int) k
    WHERE o."shopId" = ${shopId}::uuid
      AND substr(o."shopifyOrderId", 21)::int * ${LINES_PER_ORDER}::int + k < ${SHIPPED}::int`;
  lap("order lines");
  await db.$executeRaw`
    WITH lots AS (SELECT array_agg(id ORDER BY code) AS ids FROM "Lot" WHERE "shopId" = ${shopId}::uuid)
    INSERT INTO "LotEvent" (id, "shopId", "lotId", type, quantity, "occurredAt", "orderLineId")
    SELECT gen_random_uuid(), ${shopId}::uuid, lots.ids[1 + abs(hashtext(ol.id::text)) % ${LOTS}::int], 'shipped',
           -ol.quantity, o."processedAt" + interval '1 day', ol.id
    FROM "OrderLineRef" ol JOIN "OrderRef" o ON o.id = ol."orderRefId", lots
    WHERE ol."shopId" = ${shopId}::uuid`;
  lap("shipped events");
  await db.$executeRawUnsafe(`ANALYZE "Lot", "Receipt", "OrderRef", "OrderLineRef", "LotEvent"`);
  return shopId;
}
