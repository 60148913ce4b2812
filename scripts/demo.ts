// npm run demo [-- --orders-per-minute N] [--port P] [--admin-port P] [--data-dir D] [--no-build] [--verbose]
// Lotline offline against a simulated Shopify store: no Partner account, no internet.
// The simulated store lives in memory, so the demo starts from a fresh database each run.
import { rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { buildExtensions, ExtensionBuildError } from "../simulator/admin-shell/build-extensions";
import { DemoError, startDemoStack } from "../simulator/demo/stack";

const { values } = parseArgs({
  options: {
    "orders-per-minute": { type: "string", default: "0" },
    port: { type: "string", default: "3000" },
    "admin-port": { type: "string", default: "3100" },
    "data-dir": { type: "string", default: ".data/demo" },
    "no-build": { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
  },
});

const ordersPerMinute = Number(values["orders-per-minute"]);
if (!Number.isFinite(ordersPerMinute) || ordersPerMinute < 0) {
  console.error("--orders-per-minute takes a number of orders per minute, e.g. --orders-per-minute 6");
  process.exit(1);
}

const dataDir = values["data-dir"];
rmSync(dataDir, { recursive: true, force: true });
console.log("Starting Lotline against a simulated Shopify store…");

try {
  // The admin's order and product pages run the UI extensions' bundles.
  if (!values["no-build"]) await buildExtensions();
  const stack = await startDemoStack({
    dataDir,
    databaseUrl: process.env.DATABASE_URL,
    redisUrl: process.env.REDIS_URL,
    appPort: Number(values.port),
    simulatorPort: Number(values["admin-port"]),
    ordersPerMinute,
    build: !values["no-build"],
    onAppOutput: values.verbose ? (chunk) => process.stdout.write(chunk) : undefined,
  });
  console.log(`
  Lotline is running for "${stack.seeded.shop.shop.name}" (${stack.shopDomain}).

    Open the Shopify admin (simulated):  ${stack.shopAdminUrl}
    Lotline's blocks in the admin:       "View in Shopify" on an order in Lotline
    All simulated shops:                 ${stack.adminUrl}
    Control API (orders, refunds, …):    ${stack.simulator.url}/control
    Health:                              ${stack.appUrl}/healthz
${ordersPerMinute > 0 ? `\n  Placing about ${ordersPerMinute} order(s) a minute.` : ""}
  Press Ctrl-C to stop everything.
`);
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      console.log("\nStopping Lotline, the simulated store and anything the demo started…");
      await stack.stop();
      process.exit(0);
    });
  }
} catch (error) {
  console.error(error instanceof DemoError || error instanceof ExtensionBuildError ? error.message : error);
  process.exit(1);
}
