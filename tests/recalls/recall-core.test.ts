// Recall drafts, sending and the trace preview against a real database and real queues: a
// merchant can prepare and edit a draft, cannot recall another shop's lot, cannot change what
// customers were told, and sees before sending exactly who is affected and who cannot be reached.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { QUEUE_NAMES } from "../../app/jobs/contract";
import { enqueue, getQueue } from "../../app/jobs/queues.server";
import { listAffectedOrderIds, traceRecall } from "../../app/recalls/recall-trace.server";
import {
  closeRecall,
  createRecallDraft,
  listRecalls,
  retrieveRecall,
  sendRecall,
  updateRecallDraft,
} from "../../app/recalls/recalls.server";
import { AppError } from "../../app/utils/errors";
import { createShop } from "../support/factories";
import { createLot, createShippedOrder } from "../support/operations-factories";
import {
  completeRecallInput,
  createDraftRecall,
  RECALL_SHOP_FRONT,
  RECALL_WAREHOUSE,
  seedRecallShop,
} from "../support/recall-factories";

afterAll(async () => {
  for (const queue of QUEUE_NAMES) await getQueue(queue).obliterate({ force: true });
});

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`Expected an AppError, got ${String(error)}`);
  return error;
}

async function queuedJobs(name: string, recallId: string) {
  const jobs = await getQueue(name === "recalls.fan-out" ? "mail" : "shopify-writeback").getJobs([
    "waiting",
    "delayed",
    "active",
    "completed",
    "failed",
  ]);
  return jobs.filter((job) => job.name === name && job.data.recallId === recallId);
}

describe("recall drafts", () => {
  it("saves a draft with its lots and numbers each shop's recalls from 1", async () => {
    const { shop, lots } = await seedRecallShop(db(), { lots: 2, customers: 2 });
    const first = await createDraftRecall(db(), shop, [lots[0].id]);
    const second = await createDraftRecall(
      db(),
      shop,
      lots.map((lot) => lot.id),
      { title: "Cedar candles" },
    );

    expect([first.number, second.number]).toEqual([1, 2]);
    expect(first.status).toBe("draft");
    const saved = await retrieveRecall(db(), shop.id, second.id);
    expect(saved.title).toBe("Cedar candles");
    expect(saved.customerActions).toEqual(["stop_using", "return"]);
    expect(saved.lots.map((row) => row.lot.code)).toEqual(lots.map((lot) => lot.code));
    const list = await listRecalls(db(), shop.id);
    expect(list.map((row) => [row.number, row.lotCodes.length, row.status])).toEqual([
      [2, 2, "draft"],
      [1, 1, "draft"],
    ]);
    const otherShop = await createShop(db());
    expect((await createDraftRecall(db(), otherShop, [(await createLot(db(), otherShop.id)).id])).number).toBe(1);
  });

  it("edits a draft: new wording, other lots, cleared contact", async () => {
    const { shop, lots } = await seedRecallShop(db(), { lots: 2, customers: 2 });
    const draft = await createDraftRecall(db(), shop, [lots[0].id], { contactPhone: "+44 20 7946 0000" });

    await updateRecallDraft(db(), {
      shopId: shop.id,
      recallId: draft.id,
      actor: "user:2",
      input: completeRecallInput([lots[1].id], { hazard: "Glass fragments", remedies: ["replacement"] }),
    });

    const saved = await retrieveRecall(db(), shop.id, draft.id);
    expect(saved.hazard).toBe("Glass fragments");
    expect(saved.remedies).toEqual(["replacement"]);
    expect(saved.contactPhone).toBeNull();
    expect(saved.lots.map((row) => row.lot.id)).toEqual([lots[1].id]);
  });

  it("refuses a draft without a title or lots, naming each field", async () => {
    const { shop } = await seedRecallShop(db(), { customers: 1 });
    const error = await refusal(
      createRecallDraft(db(), {
        shopId: shop.id,
        actor: "user:1",
        input: { ...completeRecallInput([]), title: " ", contactEmail: "not-an-address" },
      }),
    );
    expect(error.kind).toBe("INVALID_DATA");
    expect(Object.keys(error.fields).sort()).toEqual(["contactEmail", "lotIds", "title"]);
    expect(error.fields.lotIds).toMatch(/at least one lot/);
    expect(await db().recall.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("refuses another shop's lot when creating or editing, naming the lot and saving nothing", async () => {
    const { shop, lots } = await seedRecallShop(db(), { customers: 1 });
    const other = await seedRecallShop(db(), { customers: 1 });
    const foreignLot = other.lots[0].id;

    const onCreate = await refusal(createDraftRecall(db(), shop, [lots[0].id, foreignLot]));
    expect(onCreate.kind).toBe("INVALID_DATA");
    expect(onCreate.fields.lotIds).toContain(foreignLot);
    expect(await db().recall.count({ where: { shopId: shop.id } })).toBe(0);

    const draft = await createDraftRecall(db(), shop, [lots[0].id]);
    const onEdit = await refusal(
      updateRecallDraft(db(), {
        shopId: shop.id,
        recallId: draft.id,
        actor: "user:1",
        input: completeRecallInput([foreignLot], { title: "Changed" }),
      }),
    );
    expect(onEdit.fields.lotIds).toContain(foreignLot);
    const unchanged = await retrieveRecall(db(), shop.id, draft.id);
    expect(unchanged.title).not.toBe("Changed");
    expect(unchanged.lots.map((row) => row.lot.id)).toEqual([lots[0].id]);
  });

  it("hides another shop's recall: reading, tracing, sending and editing it all answer not found", async () => {
    const { shop, lots } = await seedRecallShop(db(), { customers: 1 });
    const intruder = await createShop(db());
    const draft = await createDraftRecall(db(), shop, [lots[0].id]);

    const attempts = [
      () => retrieveRecall(db(), intruder.id, draft.id),
      () => traceRecall(db(), intruder.id, draft.id),
      () => sendRecall(db(), { shopId: intruder.id, recallId: draft.id, actor: "user:9" }, { enqueue }),
      () =>
        updateRecallDraft(db(), {
          shopId: intruder.id,
          recallId: draft.id,
          actor: "user:9",
          input: completeRecallInput([lots[0].id]),
        }),
      () => closeRecall(db(), { shopId: intruder.id, recallId: draft.id, actor: "user:9" }),
      () => retrieveRecall(db(), shop.id, "not-a-recall-id"),
    ];
    for (const attempt of attempts) expect((await refusal(attempt())).kind).toBe("NOT_FOUND");
    expect((await retrieveRecall(db(), shop.id, draft.id)).status).toBe("draft");
  });
});

describe("sending a recall", () => {
  it("refuses an incomplete recall field by field and leaves it a draft", async () => {
    const { shop, lots } = await seedRecallShop(db(), { customers: 1 });
    const draft = await createDraftRecall(db(), shop, [lots[0].id], {
      reason: "",
      hazard: "",
      customerActions: [],
      remedies: [],
      contactEmail: undefined,
    });

    const error = await refusal(
      sendRecall(db(), { shopId: shop.id, recallId: draft.id, actor: "user:1" }, { enqueue }),
    );
    expect(error.kind).toBe("INVALID_DATA");
    expect(Object.keys(error.fields).sort()).toEqual([
      "contactEmail",
      "customerActions",
      "hazard",
      "reason",
      "remedies",
    ]);
    expect((await retrieveRecall(db(), shop.id, draft.id)).status).toBe("draft");
    expect(await db().lot.findUniqueOrThrow({ where: { id: lots[0].id } })).toMatchObject({ status: "active" });
    expect(await queuedJobs("recalls.fan-out", draft.id)).toHaveLength(0);
  });

  it("refuses a notice text that lost a required element, naming it", async () => {
    const { shop, lots } = await seedRecallShop(db(), { customers: 1 });
    const draft = await createDraftRecall(db(), shop, [lots[0].id], {
      noticeSubject: "Recall of our soap",
      noticeBody: "Please stop using the soap. {{acknowledge_link}}",
    });
    const error = await refusal(
      sendRecall(db(), { shopId: shop.id, recallId: draft.id, actor: "user:1" }, { enqueue }),
    );
    expect(error.kind).toBe("INVALID_DATA");
    expect(error.fields.noticeBody).toMatch(/\{\{\w+\}\}/);
  });

  it("refuses an EU notice whose risk text downplays the risk, naming the words", async () => {
    const { shop, lots } = await seedRecallShop(db(), { customers: 1 });
    const draft = await createDraftRecall(db(), shop, [lots[0].id], {
      jurisdiction: "eu_gpsr",
      hazard: "As a precaution only: the soap may contain traces of peanut.",
    });
    const error = await refusal(
      sendRecall(db(), { shopId: shop.id, recallId: draft.id, actor: "user:1" }, { enqueue }),
    );
    expect(error.kind).toBe("INVALID_DATA");
    expect(error.fields.hazard).toMatch(/as a precaution/i);
    expect((await retrieveRecall(db(), shop.id, draft.id)).status).toBe("draft");
  });

  it("marks lots recalled with a ledger row each, queues the fan-out once however often Send is pressed", async () => {
    const { shop, lots } = await seedRecallShop(db(), { lots: 2, customers: 3 });
    const draft = await createDraftRecall(
      db(),
      shop,
      lots.map((lot) => lot.id),
    );
    const now = new Date("2026-11-21T15:00:00Z");

    const [first, second] = await Promise.all([
      sendRecall(db(), { shopId: shop.id, recallId: draft.id, actor: "user:1", now }, { enqueue }),
      sendRecall(db(), { shopId: shop.id, recallId: draft.id, actor: "user:1", now }, { enqueue }),
    ]);
    await sendRecall(db(), { shopId: shop.id, recallId: draft.id, actor: "user:1" }, { enqueue });

    expect(first.status).toBe("sent");
    expect(second.sentAt).toEqual(now);
    const sent = await retrieveRecall(db(), shop.id, draft.id);
    expect(sent.sentBy).toBe("user:1");
    expect(sent.expiresAt).toEqual(new Date("2027-11-21T15:00:00Z"));
    expect(sent.lots.map((row) => row.lot.status)).toEqual(["recalled", "recalled"]);
    const ledger = await db().lotEvent.findMany({ where: { shopId: shop.id, type: "recalled" } });
    expect(ledger).toHaveLength(2);
    expect(ledger[0].reference).toEqual({ kind: "recall", recallId: draft.id, number: draft.number });
    expect(await db().auditEntry.count({ where: { shopId: shop.id, action: "recall.sent" } })).toBe(1);
    expect(await queuedJobs("recalls.fan-out", draft.id)).toHaveLength(1);
    expect(await queuedJobs("recalls.flow-trigger", draft.id)).toHaveLength(1);
  });

  it("keeps a sent recall's content fixed, and lets it be closed", async () => {
    const { shop, lots } = await seedRecallShop(db(), { customers: 1 });
    const draft = await createDraftRecall(db(), shop, [lots[0].id]);
    await sendRecall(db(), { shopId: shop.id, recallId: draft.id, actor: "user:1" }, { enqueue });

    const error = await refusal(
      updateRecallDraft(db(), {
        shopId: shop.id,
        recallId: draft.id,
        actor: "user:1",
        input: completeRecallInput([lots[0].id], { hazard: "Something else" }),
      }),
    );
    expect(error.kind).toBe("CONFLICT");
    expect(error.message).toMatch(/can no longer change/);
    expect((await retrieveRecall(db(), shop.id, draft.id)).hazard).toBe("May cause skin irritation or a rash.");

    const closed = await closeRecall(db(), { shopId: shop.id, recallId: draft.id, actor: "user:1" });
    expect(closed.status).toBe("closed");
    expect(closed.closedBy).toBe("user:1");
    const resend = await refusal(
      sendRecall(db(), { shopId: shop.id, recallId: draft.id, actor: "user:1" }, { enqueue }),
    );
    expect(resend.kind).toBe("CONFLICT");
  });
});

describe("the trace preview", () => {
  it("counts units shipped, allocated but unshipped and in stock per lot and location, and lists the unreachable", async () => {
    // 6 customers × 2 orders, lots taken in turn: lot 1 (warehouse) gets orders 0,2,4,..., lot 2
    // (shop front) orders 1,3,5,...; 3 in 4 lines are shipped (all but 0, 4, 8); odd customers have no email.
    const seeded = await seedRecallShop(db(), {
      lots: 2,
      customers: 6,
      linesPerCustomer: 2,
      shippedShare: 0.75,
      unreachableShare: 0.5,
      locations: [RECALL_WAREHOUSE, RECALL_SHOP_FRONT],
    });
    // A customer whose only affected order has not shipped: their order is held, they are not mailed.
    const waiting = await seedRecallShop(db(), { shop: seeded.shop, customers: 1, shippedShare: 0, inStockPerLot: 2 });
    const draft = await createDraftRecall(
      db(),
      seeded.shop,
      [...seeded.lots, ...waiting.lots].map((lot) => lot.id),
    );

    const trace = await traceRecall(db(), seeded.shop.id, draft.id);

    const byCode = new Map(trace.lots.map((lot) => [lot.code, lot]));
    expect(byCode.get(seeded.lots[0].code)).toMatchObject({
      locationId: RECALL_WAREHOUSE,
      shipped: 3,
      allocatedUnshipped: 3,
      inStock: 5,
    });
    expect(byCode.get(seeded.lots[1].code)).toMatchObject({
      locationId: RECALL_SHOP_FRONT,
      shipped: 6,
      allocatedUnshipped: 0,
      inStock: 5,
    });
    expect(byCode.get(waiting.lots[0].code)).toMatchObject({ shipped: 0, allocatedUnshipped: 1, inStock: 2 });
    expect(trace.orders).toBe(13);
    expect(trace.unshippedOrders).toBe(4);
    expect(trace.customers).toBe(6);
    expect(trace.reachable).toBe(3);
    expect(trace.unreachableCount).toBe(3);
    expect(trace.unreachable.map((row) => row.customerName).sort()).toEqual(["Customer 1", "Customer 3", "Customer 5"]);
    expect(trace.unreachable[0].orderName).toMatch(/^#R\d+, #R\d+$/);
    expect(trace.sample.filter((row) => row.email !== null)).toHaveLength(3);
    expect(trace.sample.find((row) => row.customerName === "Customer 0")).toMatchObject({
      email: `customer0@${seeded.emailDomain}`,
      units: 1,
    });

    const held = await listAffectedOrderIds(db(), seeded.shop.id, draft.id, { unshippedOnly: true });
    expect(held).toHaveLength(4);
    expect(await listAffectedOrderIds(db(), seeded.shop.id, draft.id)).toHaveLength(13);
  });

  it("shows no one to notify for a lot nobody bought, and the recall can still be sent to stop the stock", async () => {
    const shop = await createShop(db());
    const lot = await createLot(db(), shop.id, { onHand: 40 });
    const draft = await createDraftRecall(db(), shop, [lot.id]);

    const trace = await traceRecall(db(), shop.id, draft.id);
    expect(trace).toMatchObject({ orders: 0, customers: 0, reachable: 0, unreachableCount: 0, unshippedOrders: 0 });
    expect(trace.lots).toEqual([expect.objectContaining({ code: lot.code, shipped: 0, inStock: 40 })]);

    const sent = await sendRecall(db(), { shopId: shop.id, recallId: draft.id, actor: "user:1" }, { enqueue });
    expect(sent.status).toBe("sent");
    expect(await db().lot.findUniqueOrThrow({ where: { id: lot.id } })).toMatchObject({ status: "recalled" });
  });

  it("traces a serial range to exactly the lines holding serials in it", async () => {
    const shop = await createShop(db());
    const lot = await createLot(db(), shop.id, { onHand: 10 });
    const inRange = await createShippedOrder(db(), shop.id, {
      name: "#2001",
      customerId: "gid://shopify/Customer/1",
      email: "ada@example.com",
      customerName: "Ada",
      lines: [{ lotId: lot.id, quantity: 3, serials: ["SN-0001", "SN-0002", "SN-0003"] }],
    });
    await createShippedOrder(db(), shop.id, {
      name: "#2002",
      customerId: "gid://shopify/Customer/2",
      email: "bo@example.com",
      customerName: "Bo",
      lines: [{ lotId: lot.id, quantity: 2, serials: ["SN-0010", "SN-0011"] }],
    });
    await createShippedOrder(db(), shop.id, {
      name: "#2003",
      customerId: "gid://shopify/Customer/3",
      email: "cy@example.com",
      customerName: "Cy",
      lines: [{ lotId: lot.id, quantity: 1, serials: ["SN-0100"] }],
    });
    const draft = await createDraftRecall(db(), shop, [], {
      lotIds: [],
      serialProductId: lot.productId,
      serialFrom: "SN-0002",
      serialTo: "SN-10",
    });

    const trace = await traceRecall(db(), shop.id, draft.id);
    expect(trace.orders).toBe(2);
    expect(trace.customers).toBe(2);
    expect(trace.sample.map((row) => [row.customerName, row.units])).toEqual([
      ["Ada", 2],
      ["Bo", 1],
    ]);
    expect(trace.lots).toEqual([expect.objectContaining({ lotId: lot.id, shipped: 3, allocatedUnshipped: 0 })]);
    expect((await listAffectedOrderIds(db(), shop.id, draft.id)).map((row) => row.name)).toEqual(["#2001", "#2002"]);

    await sendRecall(db(), { shopId: shop.id, recallId: draft.id, actor: "user:1" }, { enqueue });
    const serials = await db().serialNumber.findMany({ where: { shopId: shop.id }, orderBy: { serial: "asc" } });
    expect(serials.filter((s) => s.status === "recalled").map((s) => s.serial)).toEqual([
      "SN-0002",
      "SN-0003",
      "SN-0010",
    ]);
    expect(inRange.name).toBe("#2001");
    // Only the range is recalled: the lot's other units stay sellable, and the ledger says which range.
    expect(await db().lot.findUniqueOrThrow({ where: { id: lot.id } })).toMatchObject({ status: "active" });
    const [event] = await db().lotEvent.findMany({ where: { lotId: lot.id, type: "recalled" } });
    expect(event.reference).toMatchObject({ recallId: draft.id, serialFrom: "SN-0002", serialTo: "SN-10" });
  });

  it("refuses a serial range with no serial numbers in it", async () => {
    const shop = await createShop(db());
    const lot = await createLot(db(), shop.id);
    const error = await refusal(
      createDraftRecall(db(), shop, [], { serialProductId: lot.productId, serialFrom: "X-1", serialTo: "X-9" }),
    );
    expect(error.kind).toBe("INVALID_DATA");
    expect(error.fields.serialFrom).toMatch(/No serial numbers/);
  });
});
