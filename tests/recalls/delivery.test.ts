// Recall notices through a real SMTP server in the test process: one message per affected
// customer with their lot codes and everything the notice must say, refusals recorded per
// customer, "try later" retried and sent once, the outbox written once per message, the shop's
// send rate kept, and claims a dead run left behind resolved without a second message.
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { createMailer, type Mailer } from "../../app/mail/mailer.server";
import { sendRecallChunk } from "../../app/recalls/deliver-messages.server";
import { updateRecallSettings } from "../../app/recalls/recall-settings.server";
import { resendUnconfirmed } from "../../app/recalls/reminders.server";
import { RetryLaterError } from "../../app/shopify/rate-limited-admin.server";
import { createFannedOutRecall, type SendChunkPayload } from "../support/delivery-factories";
import { readMessage } from "../support/mime-parts";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink";

let sink: SmtpSink;
let mailer: Mailer;
beforeAll(async () => {
  sink = await startSmtpSink();
  mailer = createMailer({
    smtpUrl: sink.url,
    outboxDir: "/nonexistent",
    from: "Lotline recalls <recalls@lotline.test>",
  });
});
afterAll(async () => {
  await mailer.close();
  await sink.close();
});

/** No waiting on the shared Redis counter, except in the test of the rate itself. */
const unlimited = { take: async () => undefined };

const recallSettings = {
  sendRatePerSecond: 20,
  reminderAfterDays: 7,
  maxReminders: 2,
  logoUrl: "",
  replyTo: "",
};

async function runChunks(chunks: SendChunkPayload[], deps: Partial<Parameters<typeof sendRecallChunk>[2]> = {}) {
  const totals = { sent: 0, failed: 0, unconfirmed: 0, retrying: 0 };
  for (const chunk of chunks) {
    const result = await sendRecallChunk(db(), chunk, { mailer, rateLimiter: unlimited, ...deps });
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += result[key];
  }
  return totals;
}

function receivedBy(address: string) {
  return sink.accepted.filter((message) => message.to.includes(address));
}

describe("sending a recall's notices", () => {
  it("sends each reachable customer exactly one notice naming their lots, with every element the notice needs", async () => {
    const { shop, recall, chunks, emailDomain, lots } = await createFannedOutRecall(db(), {
      lots: 2,
      customers: 8,
      linesPerCustomer: 2,
      unreachableShare: 0.25,
    });
    await updateRecallSettings(db(), shop.id, { ...recallSettings, replyTo: "care@soap.example" }, "user:1");

    expect(await runChunks(chunks)).toEqual({ sent: 6, failed: 0, unconfirmed: 0, retrying: 0 });

    const messages = await db().recallMessage.findMany({
      where: { recallId: recall.id },
      include: { recipient: true },
    });
    expect(messages).toHaveLength(6);
    for (const message of messages) {
      const email = message.recipient.email ?? "";
      const received = receivedBy(email);
      expect(
        received.map((m) => m.messageId),
        email,
      ).toEqual([message.messageId]);
      expect(message.status).toBe("sent");
      expect(message.deliveryReceipt).toMatch(/^250 /);
      expect(message.recipient.lastNoticeAt).toEqual(message.sentAt);

      const mail = readMessage(received[0].raw);
      expect(mail.contentType).toMatch(/^multipart\/alternative/);
      expect(mail.header("from")).toBe(`${shop.name} <recalls@lotline.test>`);
      expect(mail.header("reply-to")).toBe("care@soap.example");
      expect(mail.header("list-unsubscribe")).toBeUndefined();
      expect(mail.header("subject")).toMatch(/recall/i);
      for (const part of [mail.text, mail.html]) {
        // Each customer bought two lines, one from each lot: both codes, the product and the
        // hazard, what to do, the remedy, whom to contact, and the personal acknowledgement link.
        for (const lot of lots) expect(part).toContain(lot.code);
        expect(part).toContain("Lavender Soap");
        expect(part).toContain("skin irritation");
        expect(part).toMatch(/stop using/i);
        expect(part).toMatch(/refund/i);
        expect(part).toContain("recalls@example.com");
        expect(part).toMatch(/https:\/\/lotline\.test\/recall\/ack\/\S+/);
      }
    }
    // The unreachable customers got nothing (the trace lists them), and no one got two.
    const unreachable = await db().recallRecipient.count({ where: { recallId: recall.id, email: null } });
    expect(unreachable).toBe(2);
    expect(sink.accepted.filter((m) => m.to[0].endsWith(`@${emailDomain}`))).toHaveLength(6);
    expect((await db().recall.findUniqueOrThrow({ where: { id: recall.id } })).allSentAt).not.toBeNull();

    // A second run of the same jobs (a retry, a duplicate enqueue) sends nothing more.
    expect(await runChunks(chunks)).toEqual({ sent: 0, failed: 0, unconfirmed: 0, retrying: 0 });
    expect(sink.accepted.filter((m) => m.to[0].endsWith(`@${emailDomain}`))).toHaveLength(6);
  });

  it("records a refused address on its customer, retries one the server asked to wait, and sends it once", async () => {
    const { recall, chunks, emailDomain } = await createFannedOutRecall(db(), { customers: 4 });
    sink.refuse(`customer1@${emailDomain}`, 550, { message: "5.1.1 No such mailbox" });
    sink.refuse(`customer2@${emailDomain}`, 451, { message: "4.7.1 Greylisted, try again later", times: 1 });
    const start = new Date();

    const first = await sendRecallChunk(db(), chunks[0], { mailer, rateLimiter: unlimited, now: () => start }).catch(
      (error) => error,
    );
    // The job comes back when the greylisted message is due, instead of failing.
    expect(first).toBeInstanceOf(RetryLaterError);
    expect(first.delayMs).toBe(60_000);
    const byEmail = async () =>
      new Map(
        (await db().recallMessage.findMany({ where: { recallId: recall.id }, include: { recipient: true } })).map(
          (m) => [m.recipient.email, m],
        ),
      );
    let messages = await byEmail();
    expect(messages.get(`customer1@${emailDomain}`)).toMatchObject({
      status: "failed",
      error: expect.stringContaining("No such mailbox"),
    });
    expect(messages.get(`customer2@${emailDomain}`)).toMatchObject({
      status: "pending",
      error: expect.stringContaining("Greylisted"),
      nextAttemptAt: new Date(start.getTime() + 60_000),
    });

    // Not due yet: nothing is sent again.
    await expect(
      sendRecallChunk(db(), chunks[0], {
        mailer,
        rateLimiter: unlimited,
        now: () => new Date(start.getTime() + 30_000),
      }),
    ).rejects.toBeInstanceOf(RetryLaterError);
    const later = new Date(start.getTime() + 61_000);
    expect(await sendRecallChunk(db(), chunks[0], { mailer, rateLimiter: unlimited, now: () => later })).toEqual({
      sent: 1,
      failed: 0,
      unconfirmed: 0,
      retrying: 0,
    });
    messages = await byEmail();
    expect(messages.get(`customer2@${emailDomain}`)).toMatchObject({ status: "sent", attempts: 2, error: null });
    expect(sink.countsByRecipient().get(`customer2@${emailDomain}`)).toBe(1);
    expect(sink.countsByRecipient().get(`customer1@${emailDomain}`)).toBeUndefined();
    expect([0, 3].map((n) => sink.countsByRecipient().get(`customer${n}@${emailDomain}`))).toEqual([1, 1]);
  });

  it("keeps the shop's send rate, counted per second on the mail server", async () => {
    const { shop, chunks, emailDomain } = await createFannedOutRecall(db(), { customers: 12 });
    await updateRecallSettings(db(), shop.id, { ...recallSettings, sendRatePerSecond: 4 }, "user:1");

    // The shared Redis counter, as the workers use it.
    await runChunks(chunks, { rateLimiter: undefined });

    const mine = sink.accepted.filter((m) => m.to[0].endsWith(`@${emailDomain}`));
    expect(mine).toHaveLength(12);
    const perSecond = new Map<number, number>();
    for (const message of mine) {
      const second = Math.floor(message.startedAt / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(4);
    expect(perSecond.size).toBeGreaterThanOrEqual(3);
  });

  it("resolves claims a dead run left: never handed over → sent now; handed over → unconfirmed until the merchant resends", async () => {
    const { shop, recall, chunks, emailDomain } = await createFannedOutRecall(db(), { customers: 3 });
    const rows = await db().recallMessage.findMany({ where: { recallId: recall.id }, include: { recipient: true } });
    const [claimed, handedOff] = rows;
    // As a worker killed mid-send leaves them.
    const past = new Date(Date.now() - 10 * 60_000);
    await db().recallMessage.update({
      where: { id: claimed.id },
      data: { status: "sending", claimedAt: past, attempts: 1 },
    });
    await db().recallMessage.update({
      where: { id: handedOff.id },
      data: { status: "sending", claimedAt: past, attempts: 1, handedOffAt: past },
    });

    // Claims younger than the lease are left to their (maybe still running) owner.
    await expect(
      sendRecallChunk(db(), chunks[0], { mailer, rateLimiter: unlimited, leaseMs: 60 * 60_000 }),
    ).rejects.toBeInstanceOf(RetryLaterError);
    expect(await runChunks(chunks)).toEqual({ sent: 1 + 0, failed: 0, unconfirmed: 0, retrying: 0 });
    const after = new Map(
      (await db().recallMessage.findMany({ where: { recallId: recall.id } })).map((m) => [m.id, m]),
    );
    expect(after.get(claimed.id)).toMatchObject({ status: "sent", attempts: 2 });
    expect(after.get(handedOff.id)).toMatchObject({
      status: "unconfirmed",
      error: expect.stringContaining("may have"),
    });
    expect(receivedBy(handedOff.recipient.email ?? "")).toHaveLength(0);
    expect(sink.accepted.filter((m) => m.to[0].endsWith(`@${emailDomain}`))).toHaveLength(2);
    // Not all notices are settled as sent, but none is waiting: the recall's sending is over.
    expect((await db().recall.findUniqueOrThrow({ where: { id: recall.id } })).allSentAt).not.toBeNull();

    const queued: SendChunkPayload[] = [];
    const resent = await resendUnconfirmed(
      db(),
      { shopId: shop.id, recallId: recall.id, actor: "user:1" },
      { enqueue: async (payload) => void queued.push(payload) },
    );
    expect(resent).toBe(1);
    // A chunk of its own: the old chunk's job has finished and would not run again.
    expect(queued).toEqual([{ shopId: shop.id, recallId: recall.id, sequence: 0, chunk: chunks[0].chunk + 1 }]);
    await runChunks(queued);
    expect(receivedBy(handedOff.recipient.email ?? "")).toHaveLength(1);
    expect(await db().auditEntry.count({ where: { shopId: shop.id, action: "recall.resent-unconfirmed" } })).toBe(1);
  });
});

describe("the outbox (no SMTP_URL)", () => {
  it("writes one .eml per notice under the shop's folder, and a run after lost bookkeeping writes none", async () => {
    const outboxDir = await mkdtemp(join(tmpdir(), "lotline-outbox-"));
    const outbox = createMailer({ outboxDir, from: "Lotline recalls <recalls@lotline.test>" });
    const { shop, recall, chunks, lots } = await createFannedOutRecall(db(), { customers: 5 });

    expect(await runChunks(chunks, { mailer: outbox })).toMatchObject({ sent: 5 });
    const messages = await db().recallMessage.findMany({ where: { recallId: recall.id } });
    const files = (await readdir(join(outboxDir, shop.id))).sort();
    expect(files).toEqual(messages.map((m) => `${m.messageId}.eml`).sort());
    const raw = await readFile(join(outboxDir, shop.id, files[0]), "utf8");
    expect(readMessage(raw).text).toContain(lots[0].code);
    expect(messages[0].deliveryReceipt).toMatch(new RegExp(`^outbox ${shop.id}/.+\\.eml$`));

    // As if the worker died after writing the files and before recording them as sent.
    await db().recallMessage.updateMany({
      where: { recallId: recall.id },
      data: { status: "pending", sentAt: null, handedOffAt: null },
    });
    expect(await runChunks(chunks, { mailer: outbox })).toMatchObject({ sent: 5 });
    expect((await readdir(join(outboxDir, shop.id))).sort()).toEqual(files);
  });
});
