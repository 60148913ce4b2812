// POST /webhooks: every topic Shopify delivers. The work is in answerWebhook, shared with the
// express-level handler server.ts mounts in front of Remix; this route serves the dev server
// and anything that reaches Remix directly.
import type { ActionFunctionArgs } from "@remix-run/node";
import { MAX_WEBHOOK_BYTES } from "../webhooks/verify-delivery.server";
import { answerWebhook } from "../webhooks/webhook-http.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return new Response("Webhooks are POSTed.", { status: 405 });
  // Refused before the body is read.
  if (Number(request.headers.get("content-length") ?? 0) > MAX_WEBHOOK_BYTES) {
    return new Response("Payload too large", { status: 413 });
  }
  const rawBody = Buffer.from(await request.arrayBuffer());
  const answer = await answerWebhook({ header: (name) => request.headers.get(name), rawBody });
  return new Response(answer.body || null, { status: answer.status });
};
