// Reminders: customers who have not acknowledged a notice get a reminder N days after the last
// one, at most M times (the shop's settings); acknowledged, unreachable and closed recalls get
// none, and a second run of the hourly sweep makes no reminder twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { createMailer, type Mailer } from "../../app/mail/mailer.server";
import { sendRecallChunk } from "../../app/recalls/deliver-messages.server";
import { updateRecallSettings } from "../../app/recalls/recall-settings.server";
import { queueRecallReminders, requeueStrandedRecallChunks } from "../../app/recalls/reminders.server";
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

const DAY = 24 * 3600 * 1000;
const unlimited = { take: async () => undefined };

async function sendAll(chunks: SendChunkPayload[], at: Date) {
  for (const chunk of chunks) await sendRecallChunk(db(), chunk, { mailer, rateLimiter: unlimited, now: () => at });
}

async function remind(at: Date) {
  const queued: SendChunkPayload[] = [];
  const result = await queueRecallReminders(db(), { enqueue: async (payload) => void queued.push(payload), now: at });
  return { ...result, queued };
}

/** A recall of 4 reachable customers and 1 unreachable one, its notices sent at `sentAt`. */
async function notifiedRecall(sentAt: Date) {
  const fanned = await createFannedOutRecall(db(), { customers: 5, unreachableShare: 0.2 });
  await sendAll(fanned.chunks, sentAt);
  return fanned;
}

function remindersTo(emailDomain: string) {
  return sink.accepted.filter(
    (message) =>
      message.to[0].endsWith(`@${emailDomain}`) && /^Reminder:/.test(readMessage(message.raw).header("subject") ?? ""),
  );
}

describe("recall reminders", () => {
  it("reminds each customer who has not acknowledged once per period, at most the configured number of times", async () => {
    const sentAt = new Date();
    const { shop, recall, emailDomain } = await notifiedRecall(sentAt);
    const acknowledged = await db().recallRecipient.findFirstOrThrow({
      where: { recallId: recall.id, email: `customer1@${emailDomain}` },
    });
    await db().recallRecipient.update({
      where: { id: acknowledged.id },
      data: { acknowledgedAt: new Date(sentAt.getTime() + DAY), response: "disposed" },
    });

    // Six days on: nobody is due yet (default: after 7 days).
    expect((await remind(new Date(sentAt.getTime() + 6 * DAY))).reminders).toBe(0);

    // Seven days on: the three who neither acknowledged nor lack an address, once each.
    const week = new Date(sentAt.getTime() + 7 * DAY);
    const first = await remind(week);
    expect(first.reminders).toBe(3);
    expect(first.queued).toEqual([{ shopId: shop.id, recallId: recall.id, sequence: 1, chunk: 0 }]);
    // The sweep runs again before the reminders went out, and again after: nothing new.
    expect((await remind(week)).reminders).toBe(0);
    await sendAll(first.queued, week);
    expect((await remind(new Date(week.getTime() + 3600_000))).reminders).toBe(0);

    const reminded = remindersTo(emailDomain);
    expect(reminded.map((message) => message.to[0]).sort()).toEqual(
      [0, 2, 3].map((n) => `customer${n}@${emailDomain}`),
    );
    // A reminder is the notice again, with its own Message-ID and the customer's lots.
    const text = readMessage(reminded[0].raw).text ?? "";
    expect(text).toMatch(/REMINDER/);
    expect(text).toMatch(/https:\/\/lotline\.test\/recall\/ack\//);
    expect(new Set(reminded.map((message) => message.messageId)).size).toBe(3);

    // The second reminder a week after the first; then no more (default: at most 2).
    const second = await remind(new Date(week.getTime() + 7 * DAY));
    expect(second.reminders).toBe(3);
    expect(second.queued.map((chunk) => chunk.sequence)).toEqual([2]);
    await sendAll(second.queued, new Date(week.getTime() + 7 * DAY));
    expect((await remind(new Date(week.getTime() + 30 * DAY))).reminders).toBe(0);
    expect(remindersTo(emailDomain)).toHaveLength(6);

    const recipients = await db().recallRecipient.findMany({
      where: { recallId: recall.id },
      orderBy: { name: "asc" },
    });
    expect(recipients.map((recipient) => recipient.remindersSent)).toEqual([2, 0, 2, 2, 0]);
  });

  it("follows the shop's settings, and stops for a closed recall", async () => {
    const sentAt = new Date();
    const { shop, recall, emailDomain } = await notifiedRecall(sentAt);
    await updateRecallSettings(
      db(),
      shop.id,
      { sendRatePerSecond: 20, reminderAfterDays: 3, maxReminders: 1, logoUrl: "", replyTo: "" },
      "user:1",
    );
    const other = await notifiedRecall(sentAt);

    // Three days on: this shop's customers are due; the other shop keeps the default 7 days.
    const due = await remind(new Date(sentAt.getTime() + 3 * DAY));
    expect(due.queued.map((chunk) => chunk.recallId)).toEqual([recall.id]);
    expect(due.reminders).toBe(4);
    await sendAll(due.queued, new Date(sentAt.getTime() + 3 * DAY));
    expect(remindersTo(emailDomain)).toHaveLength(4);
    // One reminder is all this shop wants.
    expect((await remind(new Date(sentAt.getTime() + 20 * DAY))).queued.map((chunk) => chunk.recallId)).toEqual([
      other.recall.id,
    ]);

    // A closed recall reminds no one.
    const closed = await notifiedRecall(sentAt);
    await db().recall.update({ where: { id: closed.recall.id }, data: { status: "closed", closedAt: new Date() } });
    const later = await remind(new Date(sentAt.getTime() + 40 * DAY));
    expect(later.queued.map((chunk) => chunk.recallId)).not.toContain(closed.recall.id);
  });
});

describe("sends nobody is working on", () => {
  it("are queued again once untouched for a while, and finished ones are not", async () => {
    const stranded = await createFannedOutRecall(db(), { customers: 3 });
    const finished = await notifiedRecall(new Date());
    // The stranded recall's chunk job gave up long ago; its messages still wait.
    const longAgo = new Date(Date.now() - 3600_000);
    await db().recallMessage.updateMany({ where: { recallId: stranded.recall.id }, data: { updatedAt: longAgo } });
    const requeued: SendChunkPayload[] = [];
    const requeue = async (payload: SendChunkPayload) => void requeued.push(payload);

    const result = await requeueStrandedRecallChunks(db(), { requeue, before: new Date(Date.now() - 60_000) });
    expect(result.chunks).toBe(stranded.chunks.length);
    expect(requeued).toEqual(stranded.chunks);
    expect(requeued.map((chunk) => chunk.recallId)).not.toContain(finished.recall.id);

    // Sent now: nothing of it is left to pick up.
    await sendAll(requeued, new Date());
    requeued.length = 0;
    await requeueStrandedRecallChunks(db(), { requeue, before: new Date(Date.now() + 60_000) });
    expect(requeued.map((chunk) => chunk.recallId)).not.toContain(stranded.recall.id);
  });
});
