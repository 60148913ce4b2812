// Reads a received message the way a mail client would, for assertions: top-level headers
// (unfolded, encoded words decoded) and the decoded text/plain and text/html parts.
import { decodeEncodedWords } from "../../app/recalls/eml-message";

export interface ReadMessage {
  header(name: string): string | undefined;
  contentType: string;
  text: string | null;
  html: string | null;
}

function split(raw: string) {
  const at = /\r?\n\r?\n/.exec(raw);
  const head = at ? raw.slice(0, at.index) : raw;
  const body = at ? raw.slice(at.index + at[0].length) : "";
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0 && !headers.has(line.slice(0, colon).toLowerCase()))
      headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeBody(body: string, encoding: string): string {
  const name = encoding.toLowerCase();
  if (name === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (name === "quoted-printable") {
    const bytes = body
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

export function readMessage(raw: string): ReadMessage {
  const { headers, body } = split(raw);
  const contentType = headers.get("content-type") ?? "text/plain";
  const parts: { type: string; body: string }[] = [];
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (contentType.toLowerCase().startsWith("multipart/") && boundary) {
    for (const piece of body.split(`--${boundary}`).slice(1)) {
      if (piece.startsWith("--")) break;
      const part = split(piece.replace(/^\r?\n/, ""));
      parts.push({
        type: (part.headers.get("content-type") ?? "text/plain").split(";")[0].trim().toLowerCase(),
        body: decodeBody(part.body.replace(/\r?\n$/, ""), part.headers.get("content-transfer-encoding") ?? "7bit"),
      });
    }
  } else {
    parts.push({
      type: contentType.split(";")[0].trim().toLowerCase(),
      body: decodeBody(body, headers.get("content-transfer-encoding") ?? "7bit"),
    });
  }
  return {
    header: (name) => {
      const value = headers.get(name.toLowerCase());
      return value === undefined ? undefined : decodeEncodedWords(value);
    },
    contentType,
    text: parts.find((part) => part.type === "text/plain")?.body ?? null,
    html: parts.find((part) => part.type === "text/html")?.body ?? null,
  };
}
