// What each recipient's notice says about them, read from real rows: their orders and only the
// recalled units on them, the shop's name and logo, a working acknowledgement link; nothing of
// another shop. Plus the merchant's preview of a draft and the test send through a real SMTP server.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { env } from "../../app/env.server";
import { createMailer, type Mailer } from "../../app/mail/mailer.server";
import { fanOutRecall } from "../../app/recalls/fan-out.server";
import { loadNoticeContexts, loadPreviewContext, sendTestNotice } from "../../app/recalls/notice-context.server";
import { renderNotice } from "../../app/recalls/notice-render";
import { updateRecallSettings } from "../../app/recalls/recall-settings.server";
import { sendRecall } from "../../app/recalls/recalls.server";
import { verifyToken } from "../../app/utils/signed-token.server";
import { createShop } from "../support/factories";
import { createLot, createShippedOrder } from "../support/operations-factories";
import { createDraftRecall } from "../support/recall-factories";
import { type SmtpSink, startSmtpSink } from "../support/smtp-sink";

const noEnqueue = async () => undefined;

/** A shop where Ada bought the recalled lot in two orders (one also has another lot) and Bob in one. */
async function seedShop() {
  const shop = await createShop(db());
  const recalled = await createLot(db(), shop.id, { code: `L-204-${shop.id.slice(-4)}` });
  const other = await createLot(db(), shop.id, { code: `L-999-${shop.id.slice(-4)}` });
  await db().lot.update({ where: { id: recalled.id }, data: { gtin: "05012345678900" } });
  const adaFirst = await createShippedOrder(db(), shop.id, {
    name: "#2001",
    customerId: `gid://shopify/Customer/1${shop.id.slice(-4)}`,
    email: "ada@example.com",
    customerName: "Ada Lovelace",
    lines: [
      { lotId: recalled.id, quantity: 2 },
      { lotId: other.id, quantity: 1 },
    ],
  });
  const adaSecond = await createShippedOrder(db(), shop.id, {
    name: "#2002",
    customerId: `gid://shopify/Customer/1${shop.id.slice(-4)}`,
    email: "ada@example.com",
    customerName: "Ada Lovelace",
    lines: [{ lotId: recalled.id, quantity: 1, serials: [`SN-${shop.id.slice(-4)}-1`] }],
  });
  await createShippedOrder(db(), shop.id, {
    name: "#2003",
    customerId: `gid://shopify/Customer/2${shop.id.slice(-4)}`,
    email: "bob@example.com",
    customerName: "Bob <script>alert(1)</script>",
    lines: [{ lotId: recalled.id, quantity: 1 }],
  });
  return { shop, recalled, other, adaFirst, adaSecond };
}

async function sendAndFanOut(shopId: string, recallId: string) {
  await sendRecall(db(), { shopId, recallId, actor: "user:1" }, { enqueue: noEnqueue });
  await fanOutRecall(db(), { shopId, recallId }, { enqueue: noEnqueue });
  return db().recallRecipient.findMany({ where: { shopId, recallId }, orderBy: { customerKey: "asc" } });
}

describe("loadNoticeContexts", () => {
  it("shows a customer both their orders and only the recalled lot, with a link that names them", async () => {
    const { shop, recalled } = await seedShop();
    await updateRecallSettings(
      db(),
      shop.id,
      {
        sendRatePerSecond: 20,
        reminderAfterDays: 7,
        maxReminders: 2,
        logoUrl: "https://cdn.example.com/logo.png",
        replyTo: "help@maker.example",
      },
      "user:1",
    );
    const recall = await createDraftRecall(db(), shop, [recalled.id], { jurisdiction: "eu_gpsr" });
    const recipients = await sendAndFanOut(shop.id, recall.id);
    const ada = recipients.find((recipient) => recipient.email === "ada@example.com");
    if (!ada) throw new Error("Ada was not made a recipient");

    const contexts = await loadNoticeContexts(db(), {
      shopId: shop.id,
      recallId: recall.id,
      recipientIds: recipients.map((recipient) => recipient.id),
      sequence: 0,
    });
    expect(contexts.size).toBe(2);
    const context = contexts.get(ada.id);
    if (!context) throw new Error("No context for Ada");

    expect(context.shop).toEqual({
      name: shop.name,
      logoUrl: "https://cdn.example.com/logo.png",
      contactEmail: "help@maker.example",
    });
    expect(context.recipient).toEqual({ name: "Ada Lovelace", email: "ada@example.com" });
    expect(context.orders.map((order) => order.name)).toEqual(["#2001", "#2002"]);
    expect(context.orders[0].items).toEqual([
      {
        title: "Lavender Soap",
        sku: recalled.sku,
        quantity: 2,
        lots: [{ code: recalled.code, expiresAt: recalled.expiresAt, supplierLotCode: recalled.supplierLotCode }],
        serials: [],
      },
    ]);
    expect(context.orders[1].items[0].serials).toEqual([`SN-${shop.id.slice(-4)}-1`]);
    expect(context.products).toEqual([{ title: "Lavender Soap", gtin: "05012345678900", lotCodes: [recalled.code] }]);

    const token = new URL(context.acknowledgeUrl).pathname.split("/").at(-1) ?? "";
    expect(context.acknowledgeUrl.startsWith(new URL("/recall/ack/", env().SHOPIFY_APP_URL).toString())).toBe(true);
    expect(verifyToken("recall-ack", token, new Date())).toEqual({ ok: true, subject: ada.id });

    const notice = renderNotice(context);
    expect(notice.subject).toBe("Product safety recall: Lavender Soap");
    for (const part of [notice.text, notice.html]) {
      expect(part).toContain("#2001");
      expect(part).toContain("#2002");
      expect(part).toContain(recalled.code);
      expect(part).not.toContain(`L-999-${shop.id.slice(-4)}`);
      expect(part).toContain(context.acknowledgeUrl);
    }
    expect(notice.html).toContain('<img src="https://cdn.example.com/logo.png"');
  });

  it("prefixes reminders and escapes a customer's name in the HTML", async () => {
    const { shop, recalled } = await seedShop();
    const recall = await createDraftRecall(db(), shop, [recalled.id]);
    const recipients = await sendAndFanOut(shop.id, recall.id);
    const bob = recipients.find((recipient) => recipient.email === "bob@example.com");
    if (!bob) throw new Error("Bob was not made a recipient");
    const contexts = await loadNoticeContexts(db(), {
      shopId: shop.id,
      recallId: recall.id,
      recipientIds: [bob.id],
      sequence: 1,
    });
    const context = contexts.get(bob.id);
    if (!context) throw new Error("No context for Bob");
    expect(context.orders.map((order) => order.name)).toEqual(["#2003"]);
    const notice = renderNotice(context);
    expect(notice.subject).toBe("Reminder: Product recall: Lavender Soap");
    expect(notice.html).not.toContain("<script>");
    expect(notice.html).toContain("Bob &lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("never loads another shop's recipient", async () => {
    const mine = await seedShop();
    const theirs = await seedShop();
    const myRecall = await createDraftRecall(db(), mine.shop, [mine.recalled.id]);
    const theirRecall = await createDraftRecall(db(), theirs.shop, [theirs.recalled.id]);
    const myRecipients = await sendAndFanOut(mine.shop.id, myRecall.id);
    const theirRecipients = await sendAndFanOut(theirs.shop.id, theirRecall.id);

    const contexts = await loadNoticeContexts(db(), {
      shopId: mine.shop.id,
      recallId: myRecall.id,
      recipientIds: [...myRecipients, ...theirRecipients].map((recipient) => recipient.id),
      sequence: 0,
    });
    expect([...contexts.keys()].sort()).toEqual(myRecipients.map((recipient) => recipient.id).sort());

    // Their recall asked for under my shop's id finds nothing either.
    const crossed = await loadNoticeContexts(db(), {
      shopId: mine.shop.id,
      recallId: theirRecall.id,
      recipientIds: theirRecipients.map((recipient) => recipient.id),
      sequence: 0,
    });
    expect(crossed.size).toBe(0);
  });
});

describe("the merchant's preview and test send", () => {
  let sink: SmtpSink;
  let outboxDir: string;
  let mailer: Mailer;
  beforeAll(async () => {
    sink = await startSmtpSink();
    outboxDir = await mkdtemp(join(tmpdir(), "lotline-notice-"));
    mailer = createMailer({ smtpUrl: sink.url, outboxDir, from: "Lotline <recalls@lotline.example>" });
  });
  afterAll(async () => {
    await mailer.close();
    await sink.close();
    await rm(outboxDir, { recursive: true, force: true });
  });

  it("previews a draft with the first affected customer's real orders and a placeholder link", async () => {
    const { shop, recalled } = await seedShop();
    const recall = await createDraftRecall(db(), shop, [recalled.id]);
    const context = await loadPreviewContext(db(), { shopId: shop.id, recallId: recall.id });
    expect(context?.recipient).toEqual({ name: "Ada Lovelace", email: "ada@example.com" });
    expect(context?.orders.map((order) => order.name)).toEqual(["#2001", "#2002"]);
    expect(context?.acknowledgeUrl).toBe("#preview");
    expect(await db().recallRecipient.count({ where: { recallId: recall.id } })).toBe(0);
  });

  it("names only the serial numbers in a serial-range recall, not every unit of their lot", async () => {
    const shop = await createShop(db());
    const lot = await createLot(db(), shop.id);
    await createShippedOrder(db(), shop.id, {
      name: "#3001",
      email: "cy@example.com",
      customerName: "Cy",
      lines: [{ lotId: lot.id, quantity: 3, serials: ["LS-0001", "LS-0002", "LS-0003"] }],
    });
    const recall = await createDraftRecall(db(), shop, [], {
      serialProductId: lot.productId,
      serialFrom: "LS-0001",
      serialTo: "LS-0002",
    });
    const context = await loadPreviewContext(db(), { shopId: shop.id, recallId: recall.id });
    expect(context?.orders).toEqual([
      {
        name: "#3001",
        processedAt: expect.any(Date),
        items: [
          {
            title: "Lavender Soap",
            sku: lot.sku,
            quantity: 2,
            lots: [{ code: lot.code, expiresAt: lot.expiresAt, supplierLotCode: lot.supplierLotCode }],
            serials: ["LS-0001", "LS-0002"],
          },
        ],
      },
    ]);
  });

  it("has nothing to preview when no one has received the lot yet", async () => {
    const shop = await createShop(db());
    const lot = await createLot(db(), shop.id);
    const recall = await createDraftRecall(db(), shop, [lot.id]);
    expect(await loadPreviewContext(db(), { shopId: shop.id, recallId: recall.id })).toBeNull();
  });

  it("sends the merchant a test notice marked [Test], with its own Message-ID, and records it", async () => {
    const { shop, recalled } = await seedShop();
    const recall = await createDraftRecall(db(), shop, [recalled.id]);
    await sendTestNotice(
      db(),
      { shopId: shop.id, recallId: recall.id, to: "owner@maker.example", actor: "user:7" },
      { mailer },
    );

    const message = sink.accepted.find((each) => each.to.includes("owner@maker.example"));
    if (!message) throw new Error("The test notice never reached the mail server");
    expect(message.raw).toMatch(/^Subject: \[Test\] Product recall: Lavender Soap/m);
    // Quoted-printable may break a line anywhere ("=" at its end): join them before reading.
    const unfolded = message.raw.replace(/=\r?\n/g, "");
    expect(unfolded).toContain("#2001");
    expect(unfolded).toContain("#preview");
    expect(unfolded).not.toContain("ada@example.com");
    const audit = await db().auditEntry.findFirstOrThrow({
      where: { shopId: shop.id, action: "recall.test-sent" },
    });
    expect(audit).toMatchObject({ actor: "user:7", subjectId: recall.id });
    expect(audit.details).toMatchObject({ to: "owner@maker.example", messageId: message.messageId });
    // A test send is not a notice: no customer was made a recipient or sent anything.
    expect(await db().recallMessage.count({ where: { recallId: recall.id } })).toBe(0);
  });

  it("sends a test notice with a sample customer before anyone has received the lot", async () => {
    const shop = await createShop(db());
    const lot = await createLot(db(), shop.id);
    const recall = await createDraftRecall(db(), shop, [lot.id]);
    await sendTestNotice(db(), { shopId: shop.id, recallId: recall.id, to: "early@maker.example" }, { mailer });
    const message = sink.accepted.find((each) => each.to.includes("early@maker.example"));
    if (!message) throw new Error("The test notice never reached the mail server");
    const unfolded = message.raw.replace(/=\r?\n/g, "");
    expect(unfolded).toContain("Sample Customer");
    expect(unfolded).toContain(lot.code);
  });

  it("refuses a test send to something that is not an email address, sending nothing", async () => {
    const { shop, recalled } = await seedShop();
    const recall = await createDraftRecall(db(), shop, [recalled.id]);
    const before = sink.accepted.length;
    await expect(
      sendTestNotice(db(), { shopId: shop.id, recallId: recall.id, to: "owner at maker" }, { mailer }),
    ).rejects.toMatchObject({
      kind: "INVALID_DATA",
      fields: { to: "Enter a valid email address, e.g. you@example.com" },
    });
    expect(sink.accepted.length).toBe(before);
  });
});
