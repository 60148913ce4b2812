import { describe, expect, it } from "vitest";
import { composeMessage, senderAddress } from "./compose-message";

const base = {
  messageId: "0192f0c4-1@lotline.test",
  to: "ada@example.com",
  from: "Lotline recalls <recalls@lotline.test>",
  subject: "Recall of Lavender Soap",
  text: "Stop using lot LAV-1.",
  html: "<p>Stop using lot <b>LAV-1</b>.</p>",
  date: new Date("2026-11-21T09:05:03Z"),
};

async function compose(overrides: Partial<typeof base> & { fromName?: string; replyTo?: string } = {}) {
  return (await composeMessage({ ...base, ...overrides })).toString("utf8");
}

function headerBlock(raw: string) {
  return raw.slice(0, raw.indexOf("\r\n\r\n")).replace(/\r\n[ \t]+/g, " ");
}

describe("composeMessage", () => {
  it("writes the fixed Message-ID, the date and both parts of a multipart/alternative message", async () => {
    const raw = await compose();
    const head = headerBlock(raw);
    expect(head).toContain("Message-ID: <0192f0c4-1@lotline.test>");
    expect(head).toContain("Date: Sat, 21 Nov 2026 09:05:03 +0000");
    expect(head).toMatch(/Content-Type: multipart\/alternative; boundary="([^"]+)"/);
    const boundary = /boundary="([^"]+)"/.exec(head)?.[1];
    expect(raw.split(`--${boundary}\r\n`)).toHaveLength(3);
    expect(raw).toContain("Content-Type: text/plain; charset=utf-8");
    expect(raw).toContain("Content-Type: text/html; charset=utf-8");
    expect(raw.trimEnd().endsWith(`--${boundary}--`)).toBe(true);
  });

  it("puts the shop's name on the configured address, quoted or encoded as it needs", async () => {
    expect(headerBlock(await compose({ fromName: "Soap Co" }))).toContain("From: Soap Co <recalls@lotline.test>");
    expect(headerBlock(await compose({ fromName: "Soap, Candles & Co." }))).toContain(
      'From: "Soap, Candles & Co." <recalls@lotline.test>',
    );
    expect(headerBlock(await compose({ fromName: "Savonnerie Été" }))).toMatch(
      /From: =\?UTF-8\?Q\?Savonnerie_=C3=89t=C3=A9\?= <recalls@lotline\.test>/,
    );
    expect(headerBlock(await compose())).toContain("From: Lotline recalls <recalls@lotline.test>");
  });

  it("encodes a subject with accents and keeps line breaks out of every header", async () => {
    const head = headerBlock(
      await compose({ subject: "Rappel : savon à la lavande", to: "ada@example.com\r\nBcc: all@example.com" }),
    );
    expect(head).toMatch(/Subject: .*=\?UTF-8\?Q\?/);
    expect(head).not.toMatch(/^Bcc:/m);
  });

  it("encodes long lines and non-ASCII text as quoted-printable lines of at most 76 characters", async () => {
    const raw = await compose({ text: `Lot ${"LAV-1 ".repeat(40)}— à jeter.` });
    for (const line of raw.split("\r\n")) expect(line.length).toBeLessThanOrEqual(78);
    expect(raw).toContain("=C3=A0");
  });
});

describe("senderAddress", () => {
  it("is the address of the configured From, and names MAIL_FROM when there is none", () => {
    expect(senderAddress("Lotline recalls <recalls@lotline.test>")).toBe("recalls@lotline.test");
    expect(() => senderAddress("Lotline recalls")).toThrow(/MAIL_FROM/);
  });
});
