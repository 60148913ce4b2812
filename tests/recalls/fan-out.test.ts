// The fan-out of a sent recall against a real database and real queues: one recipient per
// customer (however many orders they placed), one notice message per reachable recipient with a
// fixed Message-ID, one send job per chunk of 250, and a second run that changes nothing.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { QUEUE_NAMES } from "../../app/jobs/contract";
import { enqueue, getQueue } from "../../app/jobs/queues.server";
import { fanOutRecall, RECALL_CHUNK_SIZE } from "../../app/recalls/fan-out.server";
import { traceRecall } from "../../app/recalls/recall-trace.server";
import { closeRecall, sendRecall } from "../../app/recalls/recalls.server";
import { createShop } from "../support/factories";
import { createLot, createShippedOrder } from "../support/operations-factories";
import { createDraftRecall, seedRecallShop } from "../support/recall-factories";

afterAll(async () => {
  for (const queue of QUEUE_NAMES) await getQueue(queue).obliterate({ force: true });
});

const enqueueChunk = (payload: Parameters<typeof enqueue<"recalls.send-chunk">>[1]) =>
  enqueue("recalls.send-chunk", payload);

async function queuedChunks(recallId: string) {
  const jobs = await getQueue("mail").getJobs(["waiting", "delayed", "active", "completed", "failed"]);
  return jobs
    .filter((job) => job.name === "recalls.send-chunk" && job.data.recallId === recallId)
    .map((job) => job.data.chunk as number)
    .sort((a, b) => a - b);
}

async function sentRecallOf(options: Parameters<typeof seedRecallShop>[1]) {
  const seeded = await seedRecallShop(db(), options);
  const draft = await createDraftRecall(
    db(),
    seeded.shop,
    seeded.lots.map((lot) => lot.id),
  );
  await sendRecall(db(), { shopId: seeded.shop.id, recallId: draft.id, actor: "user:1" }, { enqueue });
  return { ...seeded, recall: draft };
}

describe("fanning out a sent recall", () => {
  it("makes one recipient per customer listing all their affected orders, and one notice per reachable one", async () => {
    const { shop, recall, emailDomain } = await sentRecallOf({
      lots: 2,
      customers: 4,
      linesPerCustomer: 3,
      unreachableShare: 0.25,
    });

    const result = await fanOutRecall(db(), { shopId: shop.id, recallId: recall.id }, { enqueue: enqueueChunk });

    expect(result).toEqual({ recipients: 4, messages: 3, chunks: 1 });
    const recipients = await db().recallRecipient.findMany({
      where: { recallId: recall.id },
      include: { messages: true },
      orderBy: { name: "asc" },
    });
    expect(recipients.map((r) => [r.name, r.email, r.orderRefIds.length, r.messages.length])).toEqual([
      ["Customer 0", `customer0@${emailDomain}`, 3, 1],
      ["Customer 1", `customer1@${emailDomain}`, 3, 1],
      ["Customer 2", `customer2@${emailDomain}`, 3, 1],
      // Listed with no message: the merchant sees who must be reached another way.
      ["Customer 3", null, 3, 0],
    ]);
    const orders = await db().orderRef.findMany({ where: { id: { in: recipients[0].orderRefIds } } });
    expect(new Set(orders.map((order) => order.customerName))).toEqual(new Set(["Customer 0"]));
    const message = recipients[0].messages[0];
    expect(message).toMatchObject({ sequence: 0, chunk: 0, status: "pending" });
    expect(message.messageId).toMatch(/^[0-9a-f-]{36}@lotline\.test$/);
    expect(await queuedChunks(recall.id)).toEqual([0]);

    // The trace preview promised the same people.
    const trace = await traceRecall(db(), shop.id, recall.id);
    expect([trace.customers, trace.reachable]).toEqual([4, 3]);
  });

  it("knows a guest by their email across orders, and lists a guest without one or a redacted customer as unreachable", async () => {
    const shop = await createShop(db());
    const lot = await createLot(db(), shop.id);
    const lines = [{ lotId: lot.id, quantity: 1 }];
    await createShippedOrder(db(), shop.id, { name: "#1", email: "Guest@Example.com", customerName: "Gwen", lines });
    await createShippedOrder(db(), shop.id, { name: "#2", email: "guest@example.com ", customerName: "Gwen", lines });
    await createShippedOrder(db(), shop.id, { name: "#3", email: null, customerName: "Phone order", lines });
    const redacted = await createShippedOrder(db(), shop.id, {
      name: "#4",
      customerId: "gid://shopify/Customer/44",
      email: "gone@example.com",
      customerName: "Redacted",
      lines,
    });
    await db().orderRef.update({ where: { id: redacted.id }, data: { redactedAt: new Date() } });
    const recall = await createDraftRecall(db(), shop, [lot.id]);
    await sendRecall(db(), { shopId: shop.id, recallId: recall.id, actor: "user:1" }, { enqueue });

    await fanOutRecall(db(), { shopId: shop.id, recallId: recall.id }, { enqueue: enqueueChunk });

    const recipients = await db().recallRecipient.findMany({
      where: { recallId: recall.id },
      include: { _count: { select: { messages: true } } },
      orderBy: { customerKey: "asc" },
    });
    expect(
      recipients.map((r) => [
        r.customerKey.split(":")[0],
        r.email?.toLowerCase() ?? null,
        r.orderRefIds.length,
        r._count.messages,
      ]),
    ).toEqual([
      ["customer", null, 1, 0],
      ["email", "guest@example.com", 2, 1],
      ["order", null, 1, 0],
    ]);
  });

  it("changes nothing when run again: same recipients, same Message-IDs, no second send job", async () => {
    const { shop, recall } = await sentRecallOf({ customers: RECALL_CHUNK_SIZE + 10 });
    const first = await fanOutRecall(db(), { shopId: shop.id, recallId: recall.id }, { enqueue: enqueueChunk });
    const before = await db().recallMessage.findMany({ where: { recallId: recall.id }, orderBy: { messageId: "asc" } });

    // Two at once too: a retried job may overlap a slow first run.
    const again = await Promise.all([
      fanOutRecall(db(), { shopId: shop.id, recallId: recall.id }, { enqueue: enqueueChunk }),
      fanOutRecall(db(), { shopId: shop.id, recallId: recall.id }, { enqueue: enqueueChunk }),
    ]);

    expect(first).toEqual({ recipients: 260, messages: 260, chunks: 2 });
    for (const result of again) expect(result).toMatchObject({ recipients: 260, messages: 260 });
    const after = await db().recallMessage.findMany({ where: { recallId: recall.id }, orderBy: { messageId: "asc" } });
    expect(after.map((m) => m.messageId)).toEqual(before.map((m) => m.messageId));
    expect(await db().recallRecipient.count({ where: { recallId: recall.id } })).toBe(260);
    const perChunk = [0, 1].map((chunk) => after.filter((m) => m.chunk === chunk).length);
    expect(perChunk).toEqual([250, 10]);
    expect(await queuedChunks(recall.id)).toEqual([0, 1]);
  });

  it("queues only chunks with messages still pending on a re-run", async () => {
    const { shop, recall } = await sentRecallOf({ customers: RECALL_CHUNK_SIZE + 1 });
    const chunks: number[] = [];
    const record = async (payload: { chunk: number }) => {
      chunks.push(payload.chunk);
    };
    await fanOutRecall(db(), { shopId: shop.id, recallId: recall.id }, { enqueue: record });
    await db().recallMessage.updateMany({ where: { recallId: recall.id, chunk: 0 }, data: { status: "sent" } });

    await fanOutRecall(db(), { shopId: shop.id, recallId: recall.id }, { enqueue: record });

    expect(chunks).toEqual([0, 1, 1]);
  });

  it("tells no one about a draft or a closed recall", async () => {
    const seeded = await seedRecallShop(db(), { customers: 3 });
    const draft = await createDraftRecall(db(), seeded.shop, [seeded.lots[0].id]);
    const nothing = { recipients: 0, messages: 0, chunks: 0 };
    expect(await fanOutRecall(db(), { shopId: seeded.shop.id, recallId: draft.id }, { enqueue: enqueueChunk })).toEqual(
      nothing,
    );

    await sendRecall(db(), { shopId: seeded.shop.id, recallId: draft.id, actor: "user:1" }, { enqueue });
    await closeRecall(db(), { shopId: seeded.shop.id, recallId: draft.id, actor: "user:1" });
    expect(await fanOutRecall(db(), { shopId: seeded.shop.id, recallId: draft.id }, { enqueue: enqueueChunk })).toEqual(
      nothing,
    );
    expect(await db().recallRecipient.count({ where: { recallId: draft.id } })).toBe(0);
    expect(await queuedChunks(draft.id)).toEqual([]);
  });

  it("cannot fan out another shop's recall", async () => {
    const { recall } = await sentRecallOf({ customers: 2 });
    const intruder = await seedRecallShop(db(), { customers: 1 });
    await expect(
      fanOutRecall(db(), { shopId: intruder.shop.id, recallId: recall.id }, { enqueue: enqueueChunk }),
    ).rejects.toMatchObject({ kind: "NOT_FOUND" });
    expect(await db().recallRecipient.count({ where: { recallId: recall.id } })).toBe(0);
  });
});
