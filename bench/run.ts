// `npm run bench` runs every bench/*.bench.ts; `npm run bench -- <name> [<name>…]` runs those.
// Each benchmark measures and reports; none asserts. Results go to bench/results/<name>.json.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { formatTable } from "./support/table";

export interface BenchResult {
  name: string;
  rows: Record<string, string | number>[];
  summary: Record<string, unknown>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((file) => file.endsWith(".bench.ts"))
  .map((file) => file.replace(/\.bench\.ts$/, ""))
  .sort();

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const unknown = requested.filter((name) => !available.includes(name));
if (unknown.length) {
  console.error(`No benchmark named ${unknown.join(", ")}. Available: ${available.join(", ")}.`);
  process.exit(1);
}

const resultsDir = path.join(here, "results");
mkdirSync(resultsDir, { recursive: true });

let failed = 0;
for (const name of requested.length ? requested : available) {
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  try {
    const module = (await import(pathToFileURL(path.join(here, `${name}.bench.ts`)).href)) as {
      default: () => Promise<BenchResult>;
    };
    const result = await module.default();
    console.log(formatTable(result.rows));
    console.log(JSON.stringify(result.summary, null, 2));
    const file = path.join(resultsDir, `${name}.json`);
    writeFileSync(
      file,
      `${JSON.stringify({ ...result, finishedAt: new Date().toISOString(), seconds: (Date.now() - started) / 1000 }, null, 2)}\n`,
    );
    console.log(`→ ${path.relative(process.cwd(), file)}`);
  } catch (error) {
    // A benchmark that cannot run is reported and the others still run.
    failed += 1;
    console.error(`✗ ${name} could not run: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  }
}
// Benchmarks keep connections in helpers; nothing should hold the process once all are done.
process.exit(failed ? 1 : 0);
