// The per-recipient acknowledgement link in every notice: a signed token naming the recipient,
// valid until the recall expires.
import { env } from "../env.server";
import { signToken } from "../utils/signed-token.server";

export function acknowledgementUrl(recipientId: string, expiresAt: Date): string {
  return new URL(`/recall/ack/${signToken("recall-ack", recipientId, expiresAt)}`, env().SHOPIFY_APP_URL).toString();
}
