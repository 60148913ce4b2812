// The recall pages as the embedded admin loads and posts them: a draft refused field by field with
// nothing saved, the trace and notice preview of a saved draft, sending (the fan-out is queued),
// the dashboard's counts once notices go out and are acknowledged, the recall file as CSV and PDF,
// and no way into another shop's recall.
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "../../app/db.server";
import { JOBS } from "../../app/jobs/contract";
import { getQueue } from "../../app/jobs/queues.server";
import { fanOutRecall } from "../../app/recalls/fan-out.server";
import { loader as listLoader } from "../../app/routes/app.recalls._index";
import { action as recallAction, loader as recallLoader } from "../../app/routes/app.recalls.$id";
import { loader as fileLoader } from "../../app/routes/app.recalls.$id.file";
import { action as newAction, loader as newLoader } from "../../app/routes/app.recalls.new";
import { routeArgs, settle, shopWithLotline, type TestShop } from "../orders-ui/harness";
import { setUpInProcessShopify } from "../support/in-process-shopify";
import { createLot, createShippedOrder } from "../support/operations-factories";

setUpInProcessShopify();

// Without SMTP_URL test notices are written to DATA_DIR/outbox: a folder of this file's own, set
// before any module reads the environment.
const outboxRoot = await vi.hoisted(async () => {
  const { mkdtemp } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  process.env.DATA_DIR = await mkdtemp(join(tmpdir(), "lotline-recall-pages-"));
  return join(process.env.DATA_DIR, "outbox");
});

afterAll(() => rm(path.dirname(outboxRoot), { recursive: true, force: true }));

/** Every .eml file the outbox holds, wherever the mailer filed it. */
async function outboxMails(): Promise<string[]> {
  const entries = await readdir(outboxRoot, { withFileTypes: true, recursive: true }).catch(() => []);
  return Promise.all(
    entries
      .filter((entry) => entry.isFile() && entry.name.endsWith(".eml"))
      .map((entry) => readFile(path.join(entry.parentPath, entry.name), "utf8")),
  );
}

function form(fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const each of Array.isArray(value) ? value : [value]) body.append(key, each);
  }
  return body;
}

function draftFields(lotIds: string[]): Record<string, string | string[]> {
  return {
    title: "Lavender soap: possible contamination",
    jurisdiction: "generic",
    severity: "high",
    reason: "A fragrance oil batch was contaminated at the supplier.",
    hazard: "May cause skin irritation.",
    customerActions: ["stop_using", "dispose"],
    remedies: ["refund"],
    contactEmail: "recalls@soap.example",
    lotIds,
  };
}

/** Two soap lots; Ada's order took units of both and shipped, a guest order without email took one. */
async function soapShipped(shop: TestShop) {
  const first = await createLot(db(), shop.shopId, { code: "LAV-R1" });
  const second = await createLot(db(), shop.shopId, { code: "LAV-R2" });
  await createShippedOrder(db(), shop.shopId, {
    name: "#2001",
    customerId: "gid://shopify/Customer/81",
    email: "ada@example.com",
    customerName: "Ada Almeida",
    lines: [
      { lotId: first.id, quantity: 2 },
      { lotId: second.id, quantity: 1 },
    ],
  });
  await createShippedOrder(db(), shop.shopId, {
    name: "#2002",
    email: null,
    customerName: "=Grace Hughes",
    lines: [{ lotId: first.id, quantity: 1 }],
  });
  return { first, second };
}

async function createDraft(shop: TestShop, fields: Record<string, string | string[]>) {
  return settle(() => newAction(routeArgs(shop.domain, "/app/recalls/new", form(fields))));
}

async function draftFor(shop: TestShop, lotIds: string[]) {
  const response = await createDraft(shop, draftFields(lotIds));
  expect(response.status).toBe(302);
  const id = response.headers.get("Location")!.split("/").pop()!;
  return id;
}

async function recallPage(shop: TestShop, id: string) {
  const response = await settle(() => recallLoader(routeArgs(shop.domain, `/app/recalls/${id}`, undefined, { id })));
  return { status: response.status, body: response.status === 200 ? await response.json() : await response.text() };
}

async function post(shop: TestShop, id: string, fields: Record<string, string>) {
  const response = await settle(() => recallAction(routeArgs(shop.domain, `/app/recalls/${id}`, form(fields), { id })));
  return { status: response.status, body: await response.json() };
}

async function recallFile(shop: TestShop, id: string, format: "csv" | "pdf") {
  return settle(() =>
    fileLoader(routeArgs(shop.domain, `/app/recalls/${id}/file?format=${format}`, undefined, { id })),
  );
}

/** Sends the recall, builds its recipients as the fan-out job does, and answers its sequence-0 messages. */
async function sentWithRecipients(shop: TestShop, id: string) {
  expect((await post(shop, id, { intent: "send" })).status).toBe(200);
  await fanOutRecall(db(), { shopId: shop.shopId, recallId: id }, { enqueue: async () => undefined });
  return db().recallMessage.findMany({ where: { recallId: id, sequence: 0 }, include: { recipient: true } });
}

describe("creating a recall", () => {
  it("refuses a draft without a title or lots, names each field, and saves nothing", async () => {
    const shop = await shopWithLotline("Recall Soap");
    const response = await createDraft(shop, { ...draftFields([]), title: "  " });

    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.fields).toMatchObject({
      title: "Give the recall a title",
      lotIds: "Choose at least one lot to recall",
    });
    expect(await db().recall.count({ where: { shopId: shop.shopId } })).toBe(0);
  });

  it("finds this shop's lots by code or product for the lot picker, and never another shop's", async () => {
    const shop = await shopWithLotline("Recall Soap");
    await soapShipped(shop);
    const stranger = await shopWithLotline("Other Soap");
    await createLot(db(), stranger.shopId, { code: "LAV-R9" });

    const search = async (query: string) => {
      const response = await settle(() =>
        newLoader(routeArgs(shop.domain, `/app/recalls/new?lotSearch=${encodeURIComponent(query)}`)),
      );
      const body = await response.json();
      return body.lotChoices.map((lot: { code: string }) => lot.code).sort();
    };

    expect(await search("lav-r2")).toEqual(["LAV-R2"]);
    expect(await search("Lavender")).toEqual(["LAV-R1", "LAV-R2"]);
  });

  it("refuses a notice that lost a required element and names it", async () => {
    const shop = await shopWithLotline("Recall Soap");
    const { first } = await soapShipped(shop);
    const response = await createDraft(shop, {
      ...draftFields([first.id]),
      noticeSubject: "Recall of {{product_names}}",
      noticeBody: "Dear {{customer_name}}, please stop using {{product_identification}} ({{lot_codes}}).",
    });

    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.fields.noticeBody).toContain("{{hazard}}");
    expect(await db().recall.count({ where: { shopId: shop.shopId } })).toBe(0);
  });

  it("saves a draft and shows its trace, the unreachable guest, and a preview with a real customer", async () => {
    const shop = await shopWithLotline("Recall Soap");
    const { first, second } = await soapShipped(shop);
    const id = await draftFor(shop, [first.id, second.id]);

    const { status, body } = await recallPage(shop, id);

    expect(status).toBe(200);
    expect(body.recall).toMatchObject({ status: "draft", lots: expect.arrayContaining(["LAV-R1", "LAV-R2"]) });
    expect(body.trace).toMatchObject({ orders: 2, customers: 2, reachable: 1, unreachableCount: 1 });
    expect(body.trace.unreachable).toEqual([{ orderName: "#2002", customerName: "=Grace Hughes" }]);
    expect(body.trace.lots).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: "LAV-R1", shipped: 3, allocatedUnshipped: 0 })]),
    );
    expect(body.preview.html).toContain("Ada Almeida");
    expect(body.preview.html).toContain("LAV-R1");
    expect(body.dashboard).toBeNull();
  });

  it("shows no one to notify for a lot nobody received, and still lets the stock be stopped", async () => {
    const shop = await shopWithLotline("Recall Soap");
    const lot = await createLot(db(), shop.shopId, { code: "LAV-SHELF" });
    const id = await draftFor(shop, [lot.id]);

    const { body } = await recallPage(shop, id);
    expect(body.trace).toMatchObject({ customers: 0, orders: 0 });
    expect(body.trace.lots).toEqual([expect.objectContaining({ code: "LAV-SHELF", inStock: 20 })]);
    expect(body.preview).toBeNull();

    const stop = await post(shop, id, { intent: "stock", kind: "quarantine_stock", direction: "apply" });
    expect(stop).toMatchObject({ status: 200, body: { ok: true } });
    const { body: after } = await recallPage(shop, id);
    expect(after.actions).toEqual([expect.objectContaining({ kind: "quarantine_stock", status: "applying" })]);
  });
});

describe("a test notice", () => {
  it("goes to the address the merchant typed, marked as a test, and a bad address is named", async () => {
    const shop = await shopWithLotline("Recall Soap");
    const { first } = await soapShipped(shop);
    const id = await draftFor(shop, [first.id]);

    const refused = await post(shop, id, { intent: "test", to: "not-an-address" });
    expect(refused.status).toBe(422);
    expect(refused.body.fields.to).toBeTruthy();

    const sent = await post(shop, id, { intent: "test", to: "owner@soap.example" });
    expect(sent).toMatchObject({ status: 200, body: { ok: true, message: "Test notice sent to owner@soap.example." } });
    const mails = (await outboxMails()).filter((mail) => mail.includes("To: owner@soap.example"));
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail).toMatch(/Subject: \[Test\]/);
  });
});

describe("another shop's recall", () => {
  it("is not found on its page, its actions or its file", async () => {
    const owner = await shopWithLotline("Recall Soap");
    const { first } = await soapShipped(owner);
    const id = await draftFor(owner, [first.id]);
    const stranger = await shopWithLotline("Other Soap");

    expect((await recallPage(stranger, id)).status).toBe(404);
    expect((await post(stranger, id, { intent: "send" })).status).toBe(404);
    expect((await recallFile(stranger, id, "csv")).status).toBe(404);
    expect(await db().recall.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "draft" });
  });
});

describe("sending a recall", () => {
  it("marks it sent and queues the fan-out of its notices", async () => {
    const shop = await shopWithLotline("Recall Soap");
    const { first } = await soapShipped(shop);
    const id = await draftFor(shop, [first.id]);

    const sent = await post(shop, id, { intent: "send" });

    expect(sent).toMatchObject({ status: 200, body: { ok: true } });
    expect(await db().recall.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "sent" });
    const job = await getQueue(JOBS["recalls.fan-out"].queue).getJob(`recall-fan-out-${id}`);
    expect(job?.data).toEqual({ shopId: shop.shopId, recallId: id });
  });

  it("counts targeted, sent, unreachable and acknowledged customers on the dashboard and the list", async () => {
    const shop = await shopWithLotline("Recall Soap");
    const { first, second } = await soapShipped(shop);
    const id = await draftFor(shop, [first.id, second.id]);
    const messages = await sentWithRecipients(shop, id);
    expect(messages).toHaveLength(1);

    const before = (await recallPage(shop, id)).body.dashboard;
    expect(before).toMatchObject({ targeted: 2, pending: 1, sent: 0, unreachable: 1 });
    expect(before.progress).toBe(0);

    const sentAt = new Date();
    await db().recallMessage.update({ where: { id: messages[0].id }, data: { status: "sent", sentAt } });
    await db().recall.update({ where: { id }, data: { allSentAt: new Date(sentAt.getTime() + 192_000) } });
    await db().recallRecipient.update({
      where: { id: messages[0].recipientId },
      data: { acknowledgedAt: sentAt, response: "disposed" },
    });

    const { body } = await recallPage(shop, id);
    expect(body.dashboard).toMatchObject({
      targeted: 2,
      sent: 1,
      failed: 0,
      unreachable: 1,
      unconfirmed: 0,
      pending: 0,
      acknowledged: 1,
      progress: 1,
      percentages: { sent: 50, unreachable: 50, acknowledged: 50 },
    });
    expect(body.dashboard.sendDurationMs).toBeGreaterThanOrEqual(192_000);
    expect(body.dashboard.timeline).toEqual([expect.objectContaining({ sent: 1, acknowledged: 1 })]);

    const list = await (await settle(() => listLoader(routeArgs(shop.domain, "/app/recalls")))).json();
    expect(list.recalls).toEqual([
      expect.objectContaining({ id, status: "sent", targeted: 2, acknowledged: 1, lots: ["LAV-R1", "LAV-R2"] }),
    ]);
  });
});

describe("closing a recall", () => {
  it("closes a sent recall, and the list shows it closed", async () => {
    const shop = await shopWithLotline("Recall Soap");
    const { first } = await soapShipped(shop);
    const id = await draftFor(shop, [first.id]);
    await post(shop, id, { intent: "send" });

    const closed = await post(shop, id, { intent: "close" });

    expect(closed).toMatchObject({ status: 200, body: { ok: true } });
    const list = await (await settle(() => listLoader(routeArgs(shop.domain, "/app/recalls")))).json();
    expect(list.recalls).toEqual([expect.objectContaining({ id, status: "closed" })]);
  });
});

describe("the recall file", () => {
  it("lists every recipient once with their order, lot codes and notice status, formulas neutralised", async () => {
    const shop = await shopWithLotline("Recall Soap");
    const { first, second } = await soapShipped(shop);
    const id = await draftFor(shop, [first.id, second.id]);
    const [message] = await sentWithRecipients(shop, id);
    await db().recallMessage.update({ where: { id: message.id }, data: { status: "sent", sentAt: new Date() } });

    const response = await recallFile(shop, id, "csv");

    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toMatch(/attachment; filename="recall-\d+-.*\.csv"/);
    const lines = (await response.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe(
      "Recall,Customer,Email,Order,Items,Lot codes,Quantities,Notice status,Sent at,Acknowledged at,Response",
    );
    const rows = lines.slice(1);
    expect(rows).toHaveLength(2);
    const ada = rows.find((row) => row.includes("Ada Almeida"))!;
    expect(ada).toContain("ada@example.com,#2001");
    expect(ada).toContain("LAV-R1; LAV-R2,2; 1,sent");
    const grace = rows.find((row) => row.includes("Grace Hughes"))!;
    expect(grace).toContain("'=Grace Hughes,unreachable,#2002");
    expect(grace).toContain("LAV-R1,1,unreachable");
  });

  it("is a PDF with the recall's header and its recipient count", async () => {
    const shop = await shopWithLotline("Recall Soap");
    const { first } = await soapShipped(shop);
    const id = await draftFor(shop, [first.id]);
    await sentWithRecipients(shop, id);

    const response = await recallFile(shop, id, "pdf");

    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe("%PDF-");
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getSubject()).toBe("2 recipients");
    expect(pdf.getTitle()).toMatch(/^Recall \d+: Lavender soap: possible contamination$/);
    expect(pdf.getPageCount()).toBe(1);
  });
});
