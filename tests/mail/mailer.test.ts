// The mailer against a real SMTP server: the commit hook runs before the end-of-data marker, so a
// message whose hook fails (or whose sender dies there) is never delivered; refusals are classified.
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMailer, MailRefusedError, MailRetryError, type OutgoingMessage } from "../../app/mail/mailer.server";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink";

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.close());

let count = 0;
function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  count += 1;
  return {
    messageId: `m${count}-${process.pid}@lotline.test`,
    to: `customer${count}@example.com`,
    subject: "Recall of Lavender Soap",
    text: "Stop using lot LAV-1.",
    html: "<p>Stop using lot <b>LAV-1</b>.</p>",
    ...overrides,
  };
}

const smtpMailer = () =>
  createMailer({ smtpUrl: sink.url, outboxDir: "/nonexistent", from: "Lotline recalls <recalls@lotline.test>" });

describe("sending over SMTP", () => {
  it("delivers the message with its Message-ID, the shop's name as sender and the server's answer as receipt", async () => {
    const mailer = smtpMailer();
    const sent = message({ fromName: "Soap & Co", replyTo: "care@soap.test" });
    const order: string[] = [];
    const { receipt } = await mailer.send(sent, {
      beforeEndOfData: async () => {
        order.push(`hook, accepted so far: ${sink.accepted.filter((m) => m.messageId === sent.messageId).length}`);
      },
    });
    await mailer.close();
    expect(order).toEqual(["hook, accepted so far: 0"]);
    expect(receipt).toMatch(/^250 .*OK queued/);
    const delivered = sink.accepted.find((m) => m.messageId === sent.messageId);
    expect(delivered?.to).toEqual([sent.to]);
    expect(delivered?.raw).toMatch(/^From: "?Soap & Co"? <recalls@lotline\.test>/m);
    expect(delivered?.raw).toMatch(/^Reply-To: care@soap\.test/m);
  });

  it("delivers nothing when the commit hook fails: the connection closes before the end-of-data marker", async () => {
    const mailer = smtpMailer();
    const lost = message();
    await expect(
      mailer.send(lost, {
        beforeEndOfData: async () => {
          throw new Error("database gone");
        },
      }),
    ).rejects.toThrow("database gone");
    // The pool carries on with the next message.
    const next = message();
    await mailer.send(next);
    await mailer.close();
    const ids = sink.accepted.map((m) => m.messageId);
    expect(ids).toContain(next.messageId);
    expect(ids).not.toContain(lost.messageId);
  });

  it("classifies a 5xx refusal as permanent and a 4xx as try again, with the server's words", async () => {
    const mailer = smtpMailer();
    const gone = message();
    const busy = message();
    sink.refuse(gone.to, 550, { message: "No such user here" });
    sink.refuse(busy.to, 451, { message: "Greylisted, come back later", times: 1 });
    const refused = await mailer.send(gone).catch((error) => error);
    expect(refused).toBeInstanceOf(MailRefusedError);
    expect(refused.response).toMatch(/550.*No such user here/);
    const later = await mailer.send(busy).catch((error) => error);
    expect(later).toBeInstanceOf(MailRetryError);
    expect(later.serverAnswered).toBe(true);
    await mailer.send(busy);
    await mailer.close();
    expect(sink.countsByRecipient().get(busy.to)).toBe(1);
    expect(sink.countsByRecipient().get(gone.to)).toBeUndefined();
  });

  it("reports an unreachable server as try again, without a server answer", async () => {
    const mailer = createMailer({
      smtpUrl: "smtp://127.0.0.1:1",
      outboxDir: "/nonexistent",
      from: "x <x@lotline.test>",
    });
    const error = await mailer.send(message()).catch((failure) => failure);
    await mailer.close();
    expect(error).toBeInstanceOf(MailRetryError);
    expect(error.serverAnswered).toBe(false);
  });
});

describe("the outbox (no SMTP_URL)", () => {
  it("writes one .eml per Message-ID under the shop's folder; a second write is a no-op", async () => {
    const outboxDir = await mkdtemp(join(tmpdir(), "lotline-outbox-"));
    const mailer = createMailer({ outboxDir, from: "Lotline recalls <recalls@lotline.test>" });
    const sent = message({ shopId: "shop-1", messageId: "a/b@lotline.test" });
    const first = await mailer.send(sent);
    const second = await mailer.send({ ...sent, subject: "changed" });
    expect(first.receipt).toBe("outbox shop-1/a_b@lotline.test.eml");
    expect(second.receipt).toContain("already there");
    expect(await readdir(join(outboxDir, "shop-1"))).toEqual(["a_b@lotline.test.eml"]);
    const raw = await readFile(join(outboxDir, "shop-1", "a_b@lotline.test.eml"), "utf8");
    expect(raw).toMatch(/^Message-ID: <a\/b@lotline\.test>/m);
    expect(raw).toMatch(/^Subject: Recall of Lavender Soap/m);
  });

  it("leaves no file when the commit hook fails", async () => {
    const outboxDir = await mkdtemp(join(tmpdir(), "lotline-outbox-"));
    const mailer = createMailer({ outboxDir, from: "Lotline recalls <recalls@lotline.test>" });
    await expect(
      mailer.send(message({ shopId: "shop-1" }), {
        beforeEndOfData: () => Promise.reject(new Error("database gone")),
      }),
    ).rejects.toThrow("database gone");
    expect(await readdir(join(outboxDir, "shop-1"))).toEqual([]);
  });
});
