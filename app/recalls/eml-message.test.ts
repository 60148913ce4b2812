import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { describe, expect, it } from "vitest";
import { decodeEncodedWords, readableText, summarizeEml } from "./eml-message";

/** A message exactly as nodemailer writes it (the outbox mailer uses the same composer). */
function compose(options: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) =>
    new MailComposer(options)
      .compile()
      .build((error, message) => (error ? reject(error) : resolve(message.toString()))),
  );
}

describe("reading an outbox message", () => {
  it("shows the recipient, a non-ASCII subject and the date the mailer wrote", async () => {
    const raw = await compose({
      from: "Soap Co <recalls@soap.example>",
      to: "Zoë Müller <zoe@example.com>",
      subject: "Rückruf: Lavendelseife Charge LAV-261001-01 — bitte nicht mehr verwenden",
      date: new Date("2026-11-21T10:15:00Z"),
      messageId: "<abc-123@lotline.test>",
      text: "Bitte nicht mehr verwenden.",
      html: "<p>Bitte nicht mehr verwenden.</p>",
    });

    const summary = summarizeEml(raw);

    expect(summary.to).toContain("zoe@example.com");
    expect(summary.to).toContain("Zoë Müller");
    expect(summary.subject).toBe("Rückruf: Lavendelseife Charge LAV-261001-01 — bitte nicht mehr verwenden");
    expect(summary.date?.toISOString()).toBe("2026-11-21T10:15:00.000Z");
    expect(summary.messageId).toBe("abc-123@lotline.test");
  });

  it("shows the plain-text part of a text-and-HTML message, long lines and accents intact", async () => {
    const text = `Dear Zoë,\n\n${"Stop using the lavender soap from lot LAV-261001-01 and return it for a full refund. ".repeat(3)}\n\nSoap Co`;
    const raw = await compose({ to: "zoe@example.com", subject: "Recall", text, html: "<p>HTML version</p>" });

    expect(readableText(raw)).toBe(text);
  });

  it("shows a plain single-part message as it is", () => {
    const raw = "To: a@example.com\r\nSubject: Hello\r\n\r\nLine one\r\nLine two\r\n";

    expect(readableText(raw)).toBe("Line one\nLine two");
    expect(summarizeEml(raw)).toMatchObject({ to: "a@example.com", subject: "Hello", date: null });
  });

  it("keeps a header it cannot decode readable instead of failing the page", () => {
    expect(decodeEncodedWords("=?x-unknown?Q?Caf=C3=A9?= menu")).toBe("Café menu");
    expect(summarizeEml("no headers at all")).toMatchObject({ to: "", subject: "", date: null });
  });
});
