// SMTP delivery over a small pool of kept-open connections (nodemailer's SMTPConnection, driven
// directly). The message is streamed to the server from a stream this module ends only after the
// caller's commit hook resolved: SMTPConnection writes the end-of-data marker ("\r\n.\r\n") when
// the stream ends, so the server cannot accept a message whose hand-off was not committed first.
import { Readable } from "node:stream";
import SMTPConnection from "nodemailer/lib/smtp-connection";
import { MailRefusedError, MailRetryError } from "./mail-errors";

export interface SmtpSender {
  send(
    envelope: { from: string; to: string },
    body: Buffer,
    beforeEndOfData?: () => Promise<void>,
  ): Promise<{ receipt: string }>;
  close(): Promise<void>;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

interface Connection {
  smtp: SMTPConnection;
  broken: boolean;
}

export function createSmtpSender(
  smtpUrl: string,
  options: { maxConnections: number; socketTimeoutMs: number },
): SmtpSender {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  const auth = url.username
    ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
    : undefined;
  const idle: Connection[] = [];
  const waiting: Array<(connection: Connection | null) => void> = [];
  let open = 0;
  let closed = false;

  const connect = () =>
    new Promise<Connection>((resolve, reject) => {
      const smtp = new SMTPConnection({
        host: url.hostname,
        port: Number(url.port) || (secure ? 465 : 587),
        secure,
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: options.socketTimeoutMs,
      });
      const connection: Connection = { smtp, broken: false };
      // Connecting fails through the 'error' event; later errors arrive through the send
      // callbacks, and an unheard 'error' event would crash the worker.
      smtp.on("error", (error) => {
        connection.broken = true;
        reject(error);
      });
      smtp.on("end", () => {
        connection.broken = true;
        reject(new Error("the server closed the connection"));
      });
      smtp.connect((error) => {
        if (error) return reject(error);
        if (!auth) return resolve(connection);
        smtp.login(auth, (loginError) => (loginError ? reject(loginError) : resolve(connection)));
      });
    });

  const acquire = async (): Promise<{ connection: Connection; reused: boolean }> => {
    if (closed) throw new MailRetryError("The mailer is shutting down.", false);
    for (let connection = idle.pop(); connection; connection = idle.pop()) {
      if (!connection.broken) return { connection, reused: true };
      discard(connection);
    }
    if (open < options.maxConnections) {
      open += 1;
      try {
        return { connection: await connect(), reused: false };
      } catch (error) {
        open -= 1;
        throw asMailError(error as SmtpError, false);
      }
    }
    const next = await new Promise<Connection | null>((resolve) => waiting.push(resolve));
    if (!next) throw new MailRetryError("The mailer is shutting down.", false);
    return { connection: next, reused: true };
  };

  const release = (connection: Connection) => {
    if (connection.broken || closed) return discard(connection);
    const waiter = waiting.shift();
    if (waiter) waiter(connection);
    else idle.push(connection);
  };

  function discard(connection: Connection) {
    connection.broken = true;
    connection.smtp.close();
    open -= 1;
    // Someone waiting for a connection may open a new one now.
    const waiter = waiting.shift();
    if (waiter)
      connect().then(
        (fresh) => {
          open += 1;
          waiter(fresh);
        },
        () => waiter(null),
      );
  }

  const attempt = async (
    connection: Connection,
    envelope: { from: string; to: string },
    body: Buffer,
    beforeEndOfData: (() => Promise<void>) | undefined,
    handOff: { done: boolean },
  ) => {
    let hookError: unknown;
    let reads = 0;
    // SMTPConnection starts reading only after the server's 354, so the hook runs once the body
    // is with the connection and the server is waiting for the marker.
    const message = new Readable({
      read() {
        reads += 1;
        if (reads === 1) {
          this.push(body);
          return;
        }
        if (reads > 2) return;
        Promise.resolve(beforeEndOfData?.()).then(
          () => {
            handOff.done = true;
            this.push(null);
          },
          (error) => {
            hookError = error;
            this.destroy(error);
          },
        );
      },
    });
    try {
      const info = await new Promise<{ response: string }>((resolve, reject) =>
        connection.smtp.send({ from: envelope.from, to: [envelope.to] }, message, (error, result) =>
          error ? reject(error) : resolve(result as { response: string }),
        ),
      );
      return { receipt: info.response };
    } catch (error) {
      if (hookError) {
        // The marker was never written: closing the connection makes the server drop the message.
        connection.broken = true;
        throw hookError;
      }
      const mailError = asMailError(error as SmtpError, handOff.done);
      // A refusal leaves the session usable; anything else may have left it mid-message.
      if (!(mailError instanceof MailRefusedError) && !(mailError as MailRetryError).serverAnswered)
        connection.broken = true;
      throw mailError;
    }
  };

  return {
    async send(envelope, body, beforeEndOfData) {
      const handOff = { done: false };
      for (let tries = 0; ; tries++) {
        const { connection, reused } = await acquire();
        try {
          const result = await attempt(connection, envelope, body, beforeEndOfData, handOff);
          release(connection);
          return result;
        } catch (error) {
          if (connection.broken) discard(connection);
          else await resetThenRelease(connection);
          // A kept-open connection the server closed in the meantime fails before the message
          // started: once more on a fresh one, rather than a retry with backoff.
          const stale =
            reused && tries === 0 && !handOff.done && error instanceof MailRetryError && !error.serverAnswered;
          if (!stale) throw error;
        }
      }
    },
    async close() {
      closed = true;
      for (const waiter of waiting.splice(0)) waiter(null);
      for (const connection of idle.splice(0)) {
        connection.smtp.quit();
        open -= 1;
      }
    },
  };

  async function resetThenRelease(connection: Connection) {
    await new Promise<void>((resolve) =>
      connection.smtp.reset((error) => {
        if (error) connection.broken = true;
        resolve();
      }),
    );
    if (connection.broken) discard(connection);
    else release(connection);
  }
}

/** 5xx: refused for good. 4xx: the server asks to try later. Anything else: no answer. */
function asMailError(error: SmtpError, handedOff: boolean): MailRefusedError | MailRetryError {
  const code = error.responseCode ?? Number(/^(\d{3})/.exec(error.response ?? "")?.[1] ?? 0);
  const response = error.response?.trim() || error.message;
  if (code >= 500) return new MailRefusedError(response);
  if (code >= 400) return new MailRetryError(`The mail server asked to try again later: ${response}`, true, response);
  return new MailRetryError(
    handedOff
      ? `The connection to the mail server was lost before it confirmed the message: ${error.message}`
      : `The mail server could not be reached: ${error.message}`,
    false,
  );
}
