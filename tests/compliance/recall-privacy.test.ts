// Recall data under Shopify's privacy requests: a customers/data_request reports the recall
// notices sent to the customer (which recall, when, their acknowledgement); customers/redact
// removes their name and email from those notices (and their outbox files) but keeps the recall's
// counts; shop/redact removes every recall row and outbox file of the shop and nothing of another's.
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { recordCustomerDataRequest, redactCustomer } from "../../app/compliance/compliance-webhooks.server";
import { parseCustomerRequest } from "../../app/compliance/customer-requests";
import { db } from "../../app/db.server";
import { outboxFileName } from "../../app/mail/outbox.server";
import { redactShop } from "../../app/models/shop.server";
import { acknowledgeNotice, retrieveAcknowledgementPage } from "../../app/recalls/acknowledgement.server";
import { appOutboxDir } from "../../app/recalls/outbox.server";
import { listRecalls } from "../../app/recalls/recalls.server";
import { ackToken, createSentRecall } from "../support/acknowledgement-factories";

/** Shopify's body for a request about the customer behind `recipient` (numeric id, email). */
function requestAbout(recipient: { customerId: string | null; email: string | null }, requestId?: string) {
  return parseCustomerRequest({
    shop_domain: "ignored.myshopify.com",
    customer: { id: Number(recipient.customerId?.split("/").at(-1)), email: recipient.email },
    orders_requested: [],
    ...(requestId ? { data_request: { id: requestId } } : {}),
  });
}

const outboxFolders: string[] = [];
afterAll(() => {
  for (const folder of outboxFolders) rmSync(folder, { recursive: true, force: true });
});

/** The notice to `recipientId` as the outbox mailer (no SMTP_URL) leaves it on disk; returns its path. */
async function writeOutboxNotice(shopId: string, recipient: { id: string; name: string | null; email: string | null }) {
  const message = await db().recallMessage.findFirstOrThrow({ where: { recipientId: recipient.id, sequence: 0 } });
  const folder = path.join(appOutboxDir(), shopId);
  mkdirSync(folder, { recursive: true });
  outboxFolders.push(folder);
  const file = path.join(folder, outboxFileName(message.messageId));
  writeFileSync(
    file,
    `To: ${recipient.name} <${recipient.email}>\r\nSubject: Recall\r\n\r\nDear ${recipient.name}\r\n`,
  );
  return file;
}

/** A sent recall of two customers; Ann's notice went out and she confirmed she is returning it. */
async function recallWithAcknowledgedNotice() {
  const sentAt = new Date("2026-11-20T08:00:00Z");
  const seeded = await createSentRecall(db(), { customers: 2, sentAt });
  const [ann, bob] = seeded.recipients;
  await db().recallMessage.updateMany({
    where: { recipientId: ann.id, sequence: 0 },
    data: { status: "sent", sentAt: new Date("2026-11-20T08:05:00Z"), deliveryReceipt: "250 queued" },
  });
  const token = ackToken(ann.id, seeded.recall.expiresAt as Date);
  await acknowledgeNotice(db(), { token, response: "returning" }, new Date("2026-11-21T12:00:00Z"));
  return { ...seeded, ann, bob, token };
}

describe("customers/data_request", () => {
  it("reports the customer's recall notices: recall, lots, orders, when sent, acknowledgement and response", async () => {
    const { shop, recall, lots, ann, bob } = await recallWithAcknowledgedNotice();
    const annOrders = await db().orderRef.findMany({ where: { id: { in: ann.orderRefIds } } });

    const saved = await recordCustomerDataRequest(db(), shop.id, requestAbout(ann, "7001"), "webhook:test");

    const data = saved.data as { recallNotices: Record<string, unknown>[] };
    expect(data.recallNotices).toEqual([
      expect.objectContaining({
        recallNumber: recall.number,
        recallTitle: recall.title,
        recallStatus: "sent",
        recallSentAt: "2026-11-20T08:00:00.000Z",
        lots: lots.map((lot) => ({ code: lot.code, productTitle: "Lavender Soap" })),
        orders: annOrders.map((order) => order.name),
        name: ann.name,
        email: ann.email,
        sentAt: "2026-11-20T08:05:00.000Z",
        messages: [{ kind: "notice", status: "sent", sentAt: "2026-11-20T08:05:00.000Z" }],
        acknowledgedAt: "2026-11-21T12:00:00.000Z",
        response: "returning",
        redactedAt: null,
      }),
    ]);
    expect(JSON.stringify(data)).not.toContain(bob.email as string);
  });

  it("reports a customer who was not affected by any recall with no notices", async () => {
    const { shop } = await recallWithAcknowledgedNotice();

    const saved = await recordCustomerDataRequest(
      db(),
      shop.id,
      parseCustomerRequest({ customer: { id: 424242, email: "nobody@example.com" } }),
      "webhook:test",
    );

    expect((saved.data as { recallNotices: unknown[] }).recallNotices).toEqual([]);
  });
});

describe("customers/redact", () => {
  it("blanks the customer's name and email on their recall notices while the recall's counts stay", async () => {
    const { shop, recall, ann, bob, token } = await recallWithAcknowledgedNotice();
    const before = await listRecalls(db(), shop.id);
    expect(before[0]).toMatchObject({ recipients: 2, acknowledged: 1 });

    const annFile = await writeOutboxNotice(shop.id, ann);
    const bobFile = await writeOutboxNotice(shop.id, bob);

    await redactCustomer(db(), shop.id, requestAbout(ann), "webhook:customers/redact");

    // Her notice in the outbox named her too; Bob's stays.
    expect(existsSync(annFile)).toBe(false);
    expect(existsSync(bobFile)).toBe(true);

    const redacted = await db().recallRecipient.findUniqueOrThrow({ where: { id: ann.id } });
    expect(redacted).toMatchObject({ email: null, name: null, locale: null, response: "returning" });
    expect(redacted.redactedAt).not.toBeNull();
    expect(redacted.acknowledgedAt?.toISOString()).toBe("2026-11-21T12:00:00.000Z");
    expect(await db().recallRecipient.findUniqueOrThrow({ where: { id: bob.id } })).toMatchObject({
      email: bob.email,
      name: bob.name,
      redactedAt: null,
    });
    expect(await listRecalls(db(), shop.id)).toEqual(before);
    expect(await db().recallMessage.count({ where: { recallId: recall.id } })).toBe(2);
    // Her link still shows the notice, but it no longer names her.
    const page = await retrieveAcknowledgementPage(db(), token);
    expect(page.state).toBe("ok");
    expect(JSON.stringify(page)).not.toContain(ann.name as string);
    expect(JSON.stringify(page)).not.toContain(ann.email as string);
    // And a later data request has nothing personal left to report about her notices.
    const saved = await recordCustomerDataRequest(db(), shop.id, requestAbout(ann), "webhook:test");
    const notices = (saved.data as { recallNotices: Record<string, unknown>[] }).recallNotices;
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ name: null, email: null, recallNumber: recall.number });
    // (The request's own header still echoes the email Shopify sent in it.)
    expect(JSON.stringify(notices)).not.toContain(ann.email as string);
    expect(JSON.stringify(notices)).not.toContain(ann.name as string);
  });
});

describe("shop/redact", () => {
  it("removes every recall row and outbox file of the shop and leaves another shop's recall alone", async () => {
    const gone = await recallWithAcknowledgedNotice();
    const kept = await createSentRecall(db(), { customers: 1 });
    const shopId = gone.shop.id;
    const goneFile = await writeOutboxNotice(shopId, gone.ann);
    const keptFile = await writeOutboxNotice(kept.shop.id, kept.recipients[0]);

    await redactShop(db(), gone.shop.domain);

    expect(existsSync(path.dirname(goneFile))).toBe(false);
    expect(existsSync(keptFile)).toBe(true);

    const left = await Promise.all([
      db().recall.count({ where: { shopId } }),
      db().recallLot.count({ where: { shopId } }),
      db().recallRecipient.count({ where: { shopId } }),
      db().recallMessage.count({ where: { shopId } }),
      db().recallAction.count({ where: { shopId } }),
      db().auditEntry.count({ where: { shopId } }),
    ]);
    expect(left).toEqual([0, 0, 0, 0, 0, 0]);
    // The customer's link now names nothing: a polite "does not work" page, not an error.
    expect(await retrieveAcknowledgementPage(db(), gone.token)).toEqual({ state: "invalid" });
    expect(await db().recallRecipient.count({ where: { shopId: kept.shop.id } })).toBe(1);
    expect(await db().recall.count({ where: { shopId: kept.shop.id } })).toBe(1);
  });
});
