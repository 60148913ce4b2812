// How a send can fail, in the two kinds that decide what happens next: refused for good, or try again.
/** The mail server refused the message for good (5xx): sending it again would be refused again. */
export class MailRefusedError extends Error {
  constructor(readonly response: string) {
    super(`The mail server refused the message: ${response}`);
    this.name = "MailRefusedError";
  }
}

/**
 * The message did not go through this time (4xx, connection lost, timeout). `serverAnswered`
 * says whether the server itself said so: without an answer after the end-of-data marker, the
 * message may have been delivered.
 */
export class MailRetryError extends Error {
  constructor(
    message: string,
    readonly serverAnswered: boolean,
    readonly response: string | null = null,
  ) {
    super(message);
    this.name = "MailRetryError";
  }
}
