// The app's responses tell browsers that only Shopify's admin may frame them
// (Content-Security-Policy: frame-ancestors https://<shop> https://admin.shopify.com).
// The simulated admin lives on a local origin, so the demo and the browser tests reach
// the app through this proxy, which adds that origin to frame-ancestors and changes
// nothing else. The app itself keeps Shopify's policy untouched.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FramingProxy {
  url: string;
  close(): Promise<void>;
}

export function allowFramingBy(policy: string, origin: string): string {
  return policy
    .split(";")
    .map((directive) => (/^\s*frame-ancestors\b/.test(directive) ? `${directive.trimEnd()} ${origin}` : directive))
    .join(";");
}

/** Listens on `port` (0 = any free port) and forwards everything to `target`. */
export async function startFramingProxy(options: {
  target: string;
  adminOrigin: string;
  port?: number;
}): Promise<FramingProxy> {
  const target = new URL(options.target);
  const server = http.createServer((request, response) => {
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
      },
      (answer) => {
        const headers = { ...answer.headers };
        const policy = headers["content-security-policy"];
        if (typeof policy === "string")
          headers["content-security-policy"] = allowFramingBy(policy, options.adminOrigin);
        response.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", (error) => {
      if (!response.headersSent) response.writeHead(502, { "Content-Type": "text/plain" });
      response.end(`Lotline is not answering: ${error.message}`);
    });
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
