// The one way Lotline sends email: SMTP (SMTP_URL) or, without it, .eml files in DATA_DIR/outbox.
export interface OutgoingMessage {
  /** RFC 5322 Message-ID without angle brackets, fixed before the first attempt. */
  messageId: string;
  to: string;
  from?: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
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

export function mailer(): Mailer {
  throw new Error("mailer is not built yet");
}
