// Exactly once across a crash: a real worker process sends a recall's notices to an SMTP server
// in the test process and is killed with SIGKILL in the middle of sending, while the server holds
// its answers to messages the worker has just handed over. A new worker takes over. Every
// reachable customer ends up with at most one message; the ones whose hand-off the dead worker
// had committed are reported as unconfirmed (and never sent again), and they are exactly the
// customers the server never accepted a message for.
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { db } from "../../app/db.server";
import { QUEUE_NAMES } from "../../app/jobs/contract";
import { enqueue, getQueue } from "../../app/jobs/queues.server";
import { updateRecallSettings } from "../../app/recalls/recall-settings.server";
import { createFannedOutRecall } from "../support/delivery-factories";
import { type Spawned, spawnEntry } from "../support/processes";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink";
import { TEST_APP_ENV } from "../support/test-env";

const running: Spawned[] = [];
let sink: SmtpSink | undefined;

afterEach(async () => {
  for (const worker of running.splice(0)) await kill(worker);
  await sink?.close();
});
afterAll(async () => {
  for (const queue of QUEUE_NAMES) await getQueue(queue).obliterate({ force: true });
});

async function kill(worker: Spawned) {
  if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill("SIGKILL");
  await worker.exited;
}

/** workers/index.ts as its own process, sending through the sink. */
async function startWorker(smtpUrl: string): Promise<Spawned> {
  const worker = spawnEntry("workers/index.ts", {
    ...TEST_APP_ENV,
    LOG_LEVEL: "info",
    DATABASE_URL: process.env.DATABASE_URL ?? "",
    REDIS_URL: process.env.REDIS_URL ?? "",
    QUEUE_PREFIX: process.env.QUEUE_PREFIX ?? "",
    SMTP_URL: smtpUrl,
    MAIL_FROM: "Lotline recalls <recalls@lotline.test>",
  });
  running.push(worker);
  await vi.waitFor(
    () => {
      if (worker.child.exitCode !== null) throw new Error(`the worker exited:\n${worker.output()}`);
      expect(worker.output()).toContain("workers started");
    },
    { timeout: 60_000, interval: 100 },
  );
  return worker;
}

const countByStatus = async (recallId: string) => {
  const rows = await db().recallMessage.groupBy({ by: ["status"], where: { recallId }, _count: true });
  return Object.fromEntries(rows.map((row) => [row.status, row._count])) as Record<string, number>;
};

describe("a worker killed in the middle of sending a recall", () => {
  it("leaves no customer with two messages, and reports as unconfirmed exactly those left without one", {
    timeout: 300_000,
  }, async () => {
    sink = await startSmtpSink();
    const CUSTOMERS = 300;
    const { shop, recall, chunks, emailDomain } = await createFannedOutRecall(db(), {
      customers: CUSTOMERS,
      enqueue: (payload) => enqueue("recalls.send-chunk", payload),
    });
    expect(chunks).toHaveLength(2);
    await updateRecallSettings(
      db(),
      shop.id,
      { sendRatePerSecond: 200, reminderAfterDays: 7, maxReminders: 2, logoUrl: "", replyTo: "" },
      "user:1",
    );
    const current = sink;
    const mine = () => current.accepted.filter((message) => message.to[0].endsWith(`@${emailDomain}`));

    const first = await startWorker(sink.url);
    await vi.waitFor(() => expect(mine().length).toBeGreaterThanOrEqual(40), { timeout: 60_000, interval: 10 });
    // The server stops answering: each connection's next message is handed over (its hand-off
    // committed) and waits for the server's answer. Once every one of them waits and every message
    // the server did accept is recorded as sent, the worker dies.
    sink.stall();
    await vi.waitFor(
      async () => {
        expect(current.held()).toBe(5);
        expect((await countByStatus(recall.id)).sent).toBe(mine().length);
      },
      { timeout: 30_000, interval: 50 },
    );
    await kill(first);
    expect(mine().length).toBeLessThan(CUSTOMERS);
    const atKill = await countByStatus(recall.id);
    expect(atKill.sending).toBeGreaterThanOrEqual(5);
    expect(
      await db().recallMessage.count({ where: { recallId: recall.id, handedOffAt: { not: null }, status: "sending" } }),
    ).toBe(5);
    // The dead worker's connections are gone: the held messages are dropped, never answered.
    await vi.waitFor(() => expect(current.held()).toBe(0), { timeout: 10_000, interval: 20 });
    sink.release();

    // The dead worker's claims would wait out their lease (2 minutes): move them back in time
    // instead of waiting. Its jobs come back once BullMQ sees their lock expire (~30 s).
    await db().$executeRaw`
      UPDATE "RecallMessage" SET "claimedAt" = "claimedAt" - interval '1 hour'
      WHERE "recallId" = ${recall.id}::uuid AND status = 'sending'`;
    await startWorker(sink.url);
    await vi.waitFor(
      async () => {
        const now = await countByStatus(recall.id);
        expect((now.pending ?? 0) + (now.sending ?? 0)).toBe(0);
      },
      { timeout: 150_000, interval: 500 },
    );

    const messages = await db().recallMessage.findMany({
      where: { recallId: recall.id },
      include: { recipient: true },
    });
    expect(messages).toHaveLength(CUSTOMERS);
    const counts = current.countsByRecipient();
    // None twice.
    expect([...counts.values()].filter((count) => count > 1)).toEqual([]);
    expect(new Set(mine().map((message) => message.messageId)).size).toBe(mine().length);
    // Sent = the server accepted it, with the Message-ID fixed before the first attempt.
    const accepted = new Set(mine().map((message) => message.messageId));
    const sent = messages.filter((message) => message.status === "sent");
    for (const message of sent) expect(accepted.has(message.messageId), message.messageId).toBe(true);
    expect(sent).toHaveLength(mine().length);
    // Unconfirmed = exactly the customers without a message: the five the server was holding.
    const unconfirmed = messages.filter((message) => message.status === "unconfirmed");
    const withoutMessage = messages.filter((message) => !counts.has(message.recipient.email ?? ""));
    expect(unconfirmed.length).toBe(5);
    expect(unconfirmed.map((m) => m.id).sort()).toEqual(withoutMessage.map((m) => m.id).sort());
    expect(messages.filter((message) => message.status === "failed")).toEqual([]);
    expect((await db().recall.findUniqueOrThrow({ where: { id: recall.id } })).allSentAt).not.toBeNull();
  });
});
