// A reverse proxy in front of the app that can refuse chosen webhook deliveries (say, the next
// two orders/create with 503), so a test can watch the simulated Shopify retry them.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Refusal {
  /** Only deliveries of this X-Shopify-Topic; any request when omitted. */
  topic?: string;
  times: number;
  status: number;
}

export interface HttpGate {
  url: string;
  refuse(refusal: Refusal): void;
  close(): Promise<void>;
}

export async function startHttpGate(target: string): Promise<HttpGate> {
  const refusals: Refusal[] = [];
  const upstream = new URL(target);
  const server = http.createServer((request, response) => {
    const topic = request.headers["x-shopify-topic"];
    const refusal = refusals.find((r) => r.times > 0 && (!r.topic || r.topic === topic));
    if (refusal) {
      refusal.times -= 1;
      request.resume();
      response.writeHead(refusal.status).end("refused by the test gate");
      return;
    }
    const forwarded = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: request.url,
        method: request.method,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on("error", () => response.writeHead(502).end());
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    refuse: (refusal) => refusals.push({ ...refusal }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
