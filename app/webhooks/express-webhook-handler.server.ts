// POST /webhooks at the express level, in front of Remix: the same answerWebhook, without
// building a Fetch Request and running the route matcher for every delivery. Shopify can send
// thousands a second; this path is what keeps up (see bench/intake.bench.ts).
import type { Request, Response } from "express";
import { logger } from "../utils/logger.server";
import { MAX_WEBHOOK_BYTES } from "./verify-delivery.server";
import { answerWebhook } from "./webhook-http.server";

export function webhookHandler(request: Request, response: Response): void {
  const reply = (status: number, body: string) => {
    response.status(status).type("text/plain").end(body);
  };
  if (Number(request.headers["content-length"] ?? 0) > MAX_WEBHOOK_BYTES) {
    // Refused before the body is read; the connection cannot be reused with a body unread.
    response.setHeader("Connection", "close");
    reply(413, "Payload too large");
    request.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  request.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size <= MAX_WEBHOOK_BYTES) chunks.push(chunk);
  });
  request.once("error", () => response.destroy());
  request.once("end", () => {
    if (size > MAX_WEBHOOK_BYTES) return reply(413, "Payload too large");
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    answerWebhook({ header, rawBody: Buffer.concat(chunks, size) }).then(
      (answer) => reply(answer.status, answer.body),
      (error) => {
        logger.error({ err: error }, "webhook intake failed");
        reply(500, "Internal error");
      },
    );
  });
}
