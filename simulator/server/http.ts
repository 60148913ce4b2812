// Small node:http helpers: read a bounded body, decode JSON or form bodies, answer JSON.
import type { IncomingMessage, ServerResponse } from "node:http";

/** Shopify refuses Admin API bodies far below this; it only guards the simulator's memory. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export class BodyError extends Error {}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyError("request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** JSON or application/x-www-form-urlencoded, as the OAuth endpoints accept both. */
export function decodeParams(contentType: string | undefined, text: string): Record<string, unknown> {
  if (contentType?.includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (text.trim() === "") return {};
  const parsed = parseJson(text);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new BodyError("the body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError("the body is not valid JSON");
  }
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}
