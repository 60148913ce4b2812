// Reads the .eml files the outbox mailer writes (RFC 5322 with MIME parts), enough for the
// merchant's outbox page: who it went to, the subject, the date, and the plain-text part.
// Pure, and forgiving: a malformed file shows what can be read instead of failing the page.

export interface EmlSummary {
  to: string;
  subject: string;
  date: Date | null;
  messageId: string | null;
}

/** Header fields of one header block, unfolded, names lower-cased; the first occurrence wins. */
export function parseHeaderBlock(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  // Folded lines continue the previous field (RFC 5322 §2.2.3).
  const unfolded = block.replace(/\r?\n[ \t]+/g, " ");
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
  }
  return fields;
}

/** Splits a message (or MIME part) into its header block and body at the first empty line. */
export function splitMessage(raw: string): { headers: Map<string, string>; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  if (!match) return { headers: parseHeaderBlock(raw), body: "" };
  return { headers: parseHeaderBlock(raw.slice(0, match.index)), body: raw.slice(match.index + match[0].length) };
}

export function summarizeEml(raw: string): EmlSummary {
  const { headers } = splitMessage(raw);
  const date = headers.get("date");
  const parsed = date ? new Date(date) : null;
  return {
    to: decodeEncodedWords(headers.get("to") ?? ""),
    subject: decodeEncodedWords(headers.get("subject") ?? ""),
    date: parsed && !Number.isNaN(parsed.getTime()) ? parsed : null,
    messageId: headers.get("message-id")?.replace(/^<|>$/g, "") ?? null,
  };
}

/** RFC 2047 encoded words (`=?UTF-8?B?...?=`, `=?UTF-8?Q?...?=`), as mailers write non-ASCII subjects. */
export function decodeEncodedWords(value: string): string {
  // Whitespace between two adjacent encoded words is not part of the text (RFC 2047 §6.2).
  const joined = value.replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?[^?]+\?[bBqQ]\?[^?]*\?=)/g, "$1");
  return joined.replace(/=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g, (whole, charset: string, encoding: string, text) => {
    try {
      const bytes =
        encoding.toUpperCase() === "B"
          ? Buffer.from(text, "base64")
          : quotedPrintableBytes(text.replace(/_/g, " "), { softBreaks: false });
      return decodeBytes(bytes, charset);
    } catch {
      return whole;
    }
  });
}

/** The message's plain-text part (the whole body for a single-part text message), decoded. */
export function readableText(raw: string): string {
  const part = findPart(raw, "text/plain", 0);
  return part ?? "";
}

function findPart(raw: string, wanted: string, depth: number): string | null {
  const { headers, body } = splitMessage(raw);
  const contentType = headers.get("content-type") ?? "text/plain";
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (type.startsWith("multipart/") && depth < 5) {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    if (!boundary) return null;
    for (const piece of body.split(`--${boundary}`).slice(1)) {
      if (piece.startsWith("--")) break;
      const found = findPart(piece.replace(/^\r?\n/, ""), wanted, depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  if (type !== wanted) return null;
  const charset = /charset="?([^";]+)"?/i.exec(contentType)?.[1] ?? "utf-8";
  const encoding = (headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  const bytes =
    encoding === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64")
      : encoding === "quoted-printable"
        ? quotedPrintableBytes(body, { softBreaks: true })
        : Buffer.from(body, "utf8");
  return decodeBytes(bytes, charset).replace(/\r\n/g, "\n").trimEnd();
}

function quotedPrintableBytes(text: string, { softBreaks }: { softBreaks: boolean }): Buffer {
  const source = softBreaks ? text.replace(/=\r?\n/g, "") : text;
  const bytes: number[] = [];
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index];
    const hex = source.slice(index + 1, index + 3);
    if (char === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(...Buffer.from(char, "utf8"));
    }
  }
  return Buffer.from(bytes);
}

function decodeBytes(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.trim().toLowerCase()).decode(bytes);
  } catch {
    return bytes.toString("utf8");
  }
}
