// Builds the MIME text of one outgoing message (multipart text + html), with the Message-ID fixed
// by the caller so the same notice is recognisable wherever it lands (server log, outbox, inbox).
import { randomBytes } from "node:crypto";
import addressparser from "nodemailer/lib/addressparser";
import { encodeWords, foldLines } from "nodemailer/lib/mime-funcs";
import { encode as qpEncode, wrap as qpWrap } from "nodemailer/lib/qp";

export interface ComposableMessage {
  /** RFC 5322 Message-ID without angle brackets. */
  messageId: string;
  to: string;
  /** A full From ("Name <address>"); `fromName` replaces its display name. */
  from: string;
  fromName?: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  date?: Date;
}

/** The envelope sender: the address part of a From such as "Lotline recalls <recalls@example.com>". */
export function senderAddress(from: string): string {
  const [first] = addressparser(from);
  const address = first && "address" in first ? first.address : "";
  if (!address)
    throw new Error(`"${from}" has no email address: set MAIL_FROM to e.g. "Recalls <recalls@example.com>"`);
  return address;
}

/** The From header: the shop's name as display name, the configured address. */
export function fromHeader(from: string, fromName?: string): { name: string; address: string } | string {
  if (!fromName?.trim()) return from;
  return { name: fromName.trim(), address: senderAddress(from) };
}

/**
 * Written by hand rather than with nodemailer's MailComposer: the same MIME (quoted-printable
 * parts, RFC 2047 headers) at a tenth of the CPU, which is what lets one worker send hundreds of
 * notices a second.
 */
export async function composeMessage(message: ComposableMessage): Promise<Buffer> {
  const boundary = `--_lotline_${randomBytes(12).toString("hex")}`;
  const from = fromHeader(message.from, message.fromName);
  const headers: [string, string][] = [
    ["From", typeof from === "string" ? from : `${displayName(from.name)} <${from.address}>`],
    ["To", message.to],
    ...(message.replyTo ? ([["Reply-To", message.replyTo]] as [string, string][]) : []),
    ["Subject", encodeWords(message.subject.replace(/[\r\n]+/g, " "), "Q", 52)],
    ["Message-ID", `<${message.messageId}>`],
    ["Date", rfc5322Date(message.date ?? new Date())],
    ["MIME-Version", "1.0"],
    ...Object.entries(message.headers ?? {}).map(
      ([name, value]) => [name, encodeWords(value.replace(/[\r\n]+/g, " "), "Q", 52)] as [string, string],
    ),
    ["Content-Type", `multipart/alternative; boundary="${boundary}"`],
  ];
  // No value may start a header of its own (an address or name with a line break in it).
  const head = headers.map(([name, value]) => foldLines(`${name}: ${value.replace(/[\r\n]+/g, " ")}`, 76)).join("\r\n");
  const part = (type: string, body: string) =>
    `--${boundary}\r\nContent-Type: ${type}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qpWrap(qpEncode(body), 76)}\r\n`;
  return Buffer.from(
    `${head}\r\n\r\n${part("text/plain", message.text)}${part("text/html", message.html)}--${boundary}--\r\n`,
    "utf8",
  );
}

function displayName(name: string): string {
  if (/[^\x20-\x7e]/.test(name)) return encodeWords(name, "Q", 52, true);
  // Specials (RFC 5322 §3.2.3) need a quoted string.
  return /[()<>[\]:;@\\,."]/.test(name) ? `"${name.replace(/["\\]/g, "\\$&")}"` : name;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function rfc5322Date(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
