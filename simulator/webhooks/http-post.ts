// One webhook POST with Shopify's limits: a connection within 1 s and a complete answer within
// 5 s, or the attempt counts as failed. Uses node:http directly to time the two separately.
import http from "node:http";
import https from "node:https";

export interface PostOutcome {
  /** The HTTP status, or null when no answer came. */
  status: number | null;
  error: string | null;
}

export interface PostOptions {
  headers: Record<string, string>;
  body: Buffer;
  connectTimeoutMs: number;
  timeoutMs: number;
}

export interface PendingPost {
  outcome: Promise<PostOutcome>;
  abort(): void;
}

export function postWebhook(url: URL, options: PostOptions): PendingPost {
  const client = url.protocol === "https:" ? https : http;
  // A fresh connection per attempt, as Shopify makes them; no pooled socket outlives close().
  const request = client.request(url, { method: "POST", headers: options.headers, agent: false });
  const outcome = new Promise<PostOutcome>((resolve) => {
    let settled = false;
    const finish = (result: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(answerTimer);
      resolve(result);
    };
    const connectTimer = setTimeout(
      () => request.destroy(new Error(`no connection within ${options.connectTimeoutMs} ms`)),
      options.connectTimeoutMs,
    );
    const answerTimer = setTimeout(
      () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    request.on("socket", (socket) => socket.once("connect", () => clearTimeout(connectTimer)));
    request.on("response", (response) => {
      // Shopify reads nothing from the answer but its status; drain it so the socket closes.
      response.resume();
      response.on("end", () => finish({ status: response.statusCode ?? null, error: null }));
      response.on("error", (error) => finish({ status: null, error: error.message }));
    });
    request.on("error", (error) => finish({ status: null, error: error.message }));
    request.end(options.body);
  });
  return { outcome, abort: () => request.destroy(new Error("delivery cancelled")) };
}
