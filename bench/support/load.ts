// A closed-loop load generator: `concurrency` callers, each sending its next request as soon as
// the previous one answered, over keep-alive connections. Latency is per request, in ms.
import http from "node:http";

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface LoadReport {
  requests: number;
  seconds: number;
  perSecond: number;
  latenciesMs: number[];
  statuses: Record<number, number>;
  errors: number;
}

export async function runLoad(options: {
  url: string;
  concurrency: number;
  total: number;
  request: (index: number) => LoadRequest;
}): Promise<LoadReport> {
  const target = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latenciesMs: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  let next = 0;

  const send = (request: LoadRequest) =>
    new Promise<number>((resolve, reject) => {
      const outgoing = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: "POST",
          path: request.path,
          headers: { ...request.headers, "Content-Length": String(request.body.length) },
        },
        (response) => {
          response.resume();
          response.once("end", () => resolve(response.statusCode ?? 0));
          response.once("error", reject);
        },
      );
      outgoing.once("error", reject);
      outgoing.end(request.body);
    });

  const caller = async () => {
    for (;;) {
      const index = next++;
      if (index >= options.total) return;
      const request = options.request(index);
      const started = process.hrtime.bigint();
      try {
        const status = await send(request);
        statuses[status] = (statuses[status] ?? 0) + 1;
      } catch {
        errors += 1;
      }
      latenciesMs.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  };

  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: options.concurrency }, caller));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return { requests: options.total, seconds, perSecond: options.total / seconds, latenciesMs, statuses, errors };
}

/** Runs `task(index)` for every index with `concurrency` in flight: the same loop, without HTTP. */
export async function runConcurrently(
  total: number,
  concurrency: number,
  task: (index: number) => Promise<unknown>,
): Promise<{ seconds: number; perSecond: number; latenciesMs: number[] }> {
  const latenciesMs: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const index = next++;
        if (index >= total) return;
        const begun = process.hrtime.bigint();
        await task(index);
        latenciesMs.push(Number(process.hrtime.bigint() - begun) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { seconds, perSecond: total / seconds, latenciesMs };
}

export function percentile(sortedMs: number[], p: number): number {
  if (!sortedMs.length) return Number.NaN;
  const rank = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[rank];
}

export function latencySummary(latenciesMs: number[]) {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
  };
}
