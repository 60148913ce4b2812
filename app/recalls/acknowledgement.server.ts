// The customer's side of a recall notice, reached through the signed link in the notice without
// a login: the notice again, and "I have received this notice" with what they will do. The token
// names one recipient, so this module shows that recipient's notice and nothing else.
import type { Db } from "../db.server";
import { verifyToken } from "../utils/signed-token.server";
import type { AckResponse } from "./ack-responses";
import { loadNoticeContexts } from "./notice-context.server";
import { renderNotice } from "./notice-render";

export type AcknowledgementPage =
  | {
      state: "ok";
      notice: { subject: string; html: string; text: string };
      recipient: { acknowledgedAt: Date | null; response: string | null };
      shopName: string;
      recallNumber: number;
    }
  /**
   * The recall is closed: the notice still shows (the customer may still have the product and the
   * safety advice stays true), but nothing can be confirmed any more.
   */
  | {
      state: "closed";
      notice: { subject: string; html: string; text: string };
      shopName: string;
      recallNumber: number;
    }
  | { state: "invalid" | "expired" };

/** What the acknowledgement page shows for this link; reads only, records nothing. */
export async function retrieveAcknowledgementPage(
  db: Db,
  token: string,
  now: Date = new Date(),
): Promise<AcknowledgementPage> {
  const found = await findRecipientByToken(db, token, now);
  if (!("recipient" in found)) return found;
  return presentPage(db, found.recipient);
}

/**
 * Records that the customer received the notice and (optionally) what they will do. A second
 * confirmation keeps the first time and takes the newer answer; nothing is recorded for a link
 * that is invalid, expired or for a closed recall.
 */
export async function acknowledgeNotice(
  db: Db,
  input: { token: string; response: AckResponse | null },
  now: Date = new Date(),
): Promise<AcknowledgementPage> {
  const found = await findRecipientByToken(db, input.token, now);
  if (!("recipient" in found)) return found;
  const { recipient } = found;
  if (recipient.recall.status !== "sent") return presentPage(db, recipient);

  await recordAcknowledgement(db, recipient, input.response, now);
  const updated = await db.recallRecipient.findFirstOrThrow({
    where: { id: recipient.id, shopId: recipient.shopId },
    include: { recall: true },
  });
  return presentPage(db, updated);
}

/**
 * Records one recipient's acknowledgement: the first time is kept, a newer answer replaces the old
 * one. Callers have checked the recipient may still acknowledge (recall sent, not expired); the
 * notice link and the customer account block both come through here.
 */
export async function recordAcknowledgement(
  db: Db,
  recipient: { id: string; shopId: string; recallId: string },
  response: AckResponse | null,
  now: Date,
): Promise<void> {
  await db.$transaction(async (tx) => {
    // The row lock taken by the first update makes two simultaneous first confirmations agree on
    // one time: the second re-checks acknowledgedAt after the first commits and matches nothing.
    const first = await tx.recallRecipient.updateMany({
      where: { id: recipient.id, shopId: recipient.shopId, acknowledgedAt: null },
      data: { acknowledgedAt: now, ...(response ? { response } : {}) },
    });
    if (first.count === 0 && response) {
      await tx.recallRecipient.updateMany({
        where: { id: recipient.id, shopId: recipient.shopId },
        data: { response },
      });
    }
    await tx.auditEntry.create({
      data: {
        shopId: recipient.shopId,
        actor: "customer",
        action: "recall.acknowledged",
        subjectType: "RecallRecipient",
        subjectId: recipient.id,
        // No name or email: the audit trail outlives a customers/redact.
        details: { recallId: recipient.recallId, response, first: first.count === 1 },
      },
    });
  });
}

type RecipientWithRecall = NonNullable<Awaited<ReturnType<typeof findRecipient>>>;

async function findRecipientByToken(
  db: Db,
  token: string,
  now: Date,
): Promise<{ recipient: RecipientWithRecall } | { state: "invalid" | "expired" }> {
  const check = verifyToken("recall-ack", token, now);
  if (!check.ok) return { state: check.reason };
  // A valid signature over an id that is not a uuid can only come from a bug; treat as unknown.
  if (!UUID.test(check.subject)) return { state: "invalid" };
  const recipient = await findRecipient(db, check.subject);
  // Drafts have no recipients; a row gone (shop/redact) is a link that no longer names anything.
  if (!recipient || recipient.recall.status === "draft") return { state: "invalid" };
  // The recall's own expiry wins over the token's: a merchant may shorten it after sending.
  if (recipient.recall.expiresAt && now.getTime() >= recipient.recall.expiresAt.getTime()) {
    return { state: "expired" };
  }
  return { recipient };
}

function findRecipient(db: Db, recipientId: string) {
  // The signed token is the only key a customer has; the shop comes from the row it names.
  return db.recallRecipient.findUnique({ where: { id: recipientId }, include: { recall: true } });
}

async function presentPage(db: Db, recipient: RecipientWithRecall): Promise<AcknowledgementPage> {
  const { recall } = recipient;
  const [contexts, shop] = await Promise.all([
    loadNoticeContexts(db, {
      shopId: recipient.shopId,
      recallId: recall.id,
      recipientIds: [recipient.id],
      sequence: 0,
    }),
    db.shop.findUnique({ where: { id: recipient.shopId }, select: { name: true, domain: true } }),
  ]);
  const context = contexts.get(recipient.id);
  if (!context) return { state: "invalid" };
  const rendered = renderNotice(context);
  const notice = { subject: rendered.subject, html: noticeBody(rendered.html), text: rendered.text };
  const shopName = context.shop.name || shop?.name || shop?.domain || "The shop";
  if (recall.status === "closed") return { state: "closed", notice, shopName, recallNumber: recall.number };
  return {
    state: "ok",
    notice,
    recipient: { acknowledgedAt: recipient.acknowledgedAt, response: recipient.response },
    shopName,
    recallNumber: recall.number,
  };
}

/** The inside of the notice's <body>: the email is a whole document, the page already has one. */
export function noticeBody(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html);
  return body ? body[1] : html;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
