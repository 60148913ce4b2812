// The one way Lotline sends email: SMTP (SMTP_URL) or, without it, .eml files in DATA_DIR/outbox.
// Both honour one promise: `beforeEndOfData` (the caller's commit point) runs after the whole
// message is written and before the step that makes it delivered — the SMTP end-of-data marker,
// or linking the outbox file into place — so a crash before it delivers nothing.
import { join } from "node:path";
import { env } from "../env.server";
import { composeMessage, senderAddress } from "./compose-message";

export { MailRefusedError, MailRetryError } from "./mail-errors";

import { writeToOutbox } from "./outbox.server";
import { createSmtpSender } from "./smtp-sender.server";

export interface OutgoingMessage {
  /** RFC 5322 Message-ID without angle brackets, fixed before the first attempt. */
  messageId: string;
  to: string;
  from?: string;
  /** Display name for the From header (the shop's name); the address stays MAIL_FROM's. */
  fromName?: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  /** The outbox keeps each shop's messages in a folder of its own (outbox/<shopId>/). */
  shopId?: string;
}

export interface Mailer {
  /**
   * Hands one message to the mail server. `beforeEndOfData` runs after the whole message is
   * written and before the end-of-data marker that makes the server accept it: the caller's
   * commit point. Resolves with the server's answer (or the outbox file name).
   */
  send(message: OutgoingMessage, hooks?: { beforeEndOfData?: () => Promise<void> }): Promise<{ receipt: string }>;
  close(): Promise<void>;
}

export interface MailerOptions {
  smtpUrl?: string;
  outboxDir: string;
  from: string;
  /** SMTP connections kept open in parallel (the pool). */
  maxConnections?: number;
  /** How long a connection may wait for the server before giving up on it. */
  socketTimeoutMs?: number;
}

export function createMailer(options: MailerOptions): Mailer {
  const defaults = (message: OutgoingMessage) => ({ ...message, from: message.from ?? options.from });
  if (!options.smtpUrl) {
    return {
      async send(message, hooks) {
        const body = await composeMessage(defaults(message));
        return writeToOutbox(options.outboxDir, message, body, hooks?.beforeEndOfData);
      },
      async close() {},
    };
  }
  const sender = createSmtpSender(options.smtpUrl, {
    maxConnections: options.maxConnections ?? 5,
    socketTimeoutMs: options.socketTimeoutMs ?? 60_000,
  });
  return {
    async send(message, hooks) {
      const full = defaults(message);
      const body = await composeMessage(full);
      return sender.send({ from: senderAddress(full.from), to: message.to }, body, hooks?.beforeEndOfData);
    },
    close: () => sender.close(),
  };
}

const holder = globalThis as unknown as { __lotlineMailer?: Mailer };

/** The process's mailer, from SMTP_URL / MAIL_FROM / DATA_DIR. */
export function mailer(): Mailer {
  if (!holder.__lotlineMailer) {
    const config = env();
    holder.__lotlineMailer = createMailer({
      smtpUrl: config.SMTP_URL,
      outboxDir: join(config.DATA_DIR, "outbox"),
      from: config.MAIL_FROM,
    });
  }
  return holder.__lotlineMailer;
}

export async function closeMailer(): Promise<void> {
  const current = holder.__lotlineMailer;
  holder.__lotlineMailer = undefined;
  await current?.close();
}
