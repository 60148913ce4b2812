// A real SMTP server in the test process (smtp-server on a free port, no TLS, no login needed)
// that records every message it accepts. A message counts as accepted when the server answers it
// with 250 on a connection that is still open — what a sender can rely on. Tests can make it refuse
// chosen recipients (4xx for a number of tries, or 5xx for good), answer slowly, or hold every
// answer after DATA until released (a stalled server).
import { SMTPServer, type SMTPServerSession } from "smtp-server";

export interface AcceptedMessage {
  messageId: string;
  to: string[];
  raw: string;
  /** When the sender started the message (MAIL FROM, epoch ms), for per-second counts. */
  startedAt: number;
  /** When the server answered 250 (epoch ms). */
  acceptedAt: number;
}

interface Refusal {
  code: number;
  message: string;
  /** How many more times to refuse; Infinity for good. */
  remaining: number;
}

export interface SmtpSink {
  url: string;
  port: number;
  accepted: AcceptedMessage[];
  /** Refuses RCPT TO for this address with `code` (4xx or 5xx), `times` times (default: always). */
  refuse(address: string, code: number, options?: { message?: string; times?: number }): void;
  /** Waits this long before answering each message (a slow server). */
  setDelay(ms: number): void;
  /** Holds every answer after the end of DATA until `release()`. */
  stall(): void;
  release(): void;
  /** Messages whose answer is being held right now. */
  held(): number;
  /** Messages the server received in full but could not answer (the client had gone). */
  dropped(): number;
  /** How many messages each address received. */
  countsByRecipient(): Map<string, number>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const accepted: AcceptedMessage[] = [];
  const refusals = new Map<string, Refusal>();
  const closedSessions = new Set<string>();
  let delayMs = 0;
  let stalled = false;
  const startedAt = new Map<string, number>();
  // Held answers by session: a client that goes away is dropped at once, not on release.
  let waiting = new Map<string, () => void>();
  let holding = 0;
  let dropped = 0;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    // Enough for a worker's pool plus a second worker while the first one's sockets close.
    maxClients: 50,
    onConnect(_session, callback) {
      callback();
    },
    onClose(session: SMTPServerSession) {
      closedSessions.add(session.id);
      waiting.get(session.id)?.();
    },
    onMailFrom(_address, session, callback) {
      startedAt.set(session.id, Date.now());
      callback();
    },
    onRcptTo(address, _session, callback) {
      const refusal = refusals.get(address.address.toLowerCase());
      if (refusal && refusal.remaining > 0) {
        refusal.remaining -= 1;
        const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", () => undefined);
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (stalled) {
          holding += 1;
          await new Promise<void>((resolve) => waiting.set(session.id, resolve));
          waiting.delete(session.id);
          holding -= 1;
        }
        // A client that went away never saw a 250: the message is not the server's to deliver.
        if (closedSessions.has(session.id)) {
          dropped += 1;
          return callback(new Error("client gone"));
        }
        accepted.push({
          messageId: /^Message-ID:\s*<([^>]+)>/im.exec(raw)?.[1] ?? "",
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
          raw,
          startedAt: startedAt.get(session.id) ?? Date.now(),
          acceptedAt: Date.now(),
        });
        callback(null, `OK queued as sink-${accepted.length}`);
      });
    },
  });
  server.on("error", () => undefined);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    accepted,
    refuse(address, code, options = {}) {
      refusals.set(address.toLowerCase(), {
        code,
        message: options.message ?? (code >= 500 ? "Mailbox unavailable" : "Try again later"),
        remaining: options.times ?? Number.POSITIVE_INFINITY,
      });
    },
    setDelay(ms) {
      delayMs = ms;
    },
    stall() {
      stalled = true;
    },
    release() {
      stalled = false;
      const resume = [...waiting.values()];
      waiting = new Map();
      for (const go of resume) go();
    },
    held: () => holding,
    dropped: () => dropped,
    countsByRecipient() {
      const counts = new Map<string, number>();
      for (const message of accepted) for (const to of message.to) counts.set(to, (counts.get(to) ?? 0) + 1);
      return counts;
    },
    async close() {
      stalled = false;
      for (const go of waiting.values()) go();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
