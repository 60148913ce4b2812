// Handlers for customers/data_request and customers/redact (shop/redact is dispatched with the
// shop lifecycle in process.server.ts). Both run for uninstalled shops too, and a second run of
// either changes nothing more.
import type { Db } from "../db.server";
import { Prisma } from "../generated/prisma/client.ts";
import { appOutboxDir, removeOutboxMessages } from "../recalls/outbox.server";
import type { TopicHandlers } from "../webhooks/topic-handler";
import { collectCustomerData, customerOrdersWhere, customerRecipientsWhere } from "./customer-data.server";
import { type CustomerRequest, parseCustomerRequest } from "./customer-requests";

export const COMPLIANCE_TOPIC_HANDLERS: TopicHandlers = {
  "customers/data_request": async ({ db, shopId, payload, event }) => {
    await recordCustomerDataRequest(db, shopId, parseCustomerRequest(payload), `webhook:${event.topic}`);
  },
  "customers/redact": async ({ db, shopId, payload, event }) => {
    // This delivery's own body was erased by a run that committed before it could be marked processed.
    if ((payload as { redacted?: unknown } | null)?.redacted) return;
    await redactCustomer(db, shopId, parseCustomerRequest(payload), `webhook:${event.topic}`, event.id);
  },
};

/** Collects what Lotline holds about the customer into one CustomerDataRequest the merchant downloads. */
export async function recordCustomerDataRequest(db: Db, shopId: string, customer: CustomerRequest, actor: string) {
  const data = await collectCustomerData(db, shopId, customer);
  const row = {
    customerId: customer.customerIds[0] ?? null,
    customerEmail: customer.email,
    // Plain JSON built from rows: dates are ISO strings already.
    data: data as unknown as Prisma.InputJsonObject,
  };
  // A job that ran twice for one request refreshes its row instead of adding a second.
  const existing = customer.requestId
    ? await db.customerDataRequest.findFirst({ where: { shopId, requestId: customer.requestId }, select: { id: true } })
    : null;
  const saved = existing
    ? await db.customerDataRequest.update({ where: { id: existing.id }, data: row })
    : await db.customerDataRequest.create({ data: { shopId, requestId: customer.requestId, ...row } });
  await db.auditEntry.create({
    data: {
      shopId,
      actor,
      action: "customer.data-requested",
      subjectType: "CustomerDataRequest",
      subjectId: saved.id,
      details: { orders: data.orders.length, requestId: customer.requestId },
    },
  });
  return saved;
}

/**
 * Removes the customer's personal data from their orders (the order ↔ lot links stay, so traces
 * and recalls still work) and from the recall notices addressed to them (the recipient rows stay
 * for the recall's counts), every data request collected about them, and the raw bodies of
 * already processed notifications that carry their email (this redact's own included).
 */
export async function redactCustomer(
  db: Db,
  shopId: string,
  customer: CustomerRequest,
  actor: string,
  currentEventId?: string,
) {
  // One transaction: a retry after a crash finds either nothing done or everything done.
  await db.$transaction(async (tx) => {
    // Read before the orders lose the email that may be the only thing naming them.
    const orderRefIds = (
      await tx.orderRef.findMany({ where: customerOrdersWhere(shopId, customer), select: { id: true } })
    ).map((order) => order.id);
    const recipientsWhere = customerRecipientsWhere(shopId, customer, orderRefIds);
    const messages = await tx.recallMessage.findMany({
      where: { shopId, recipient: recipientsWhere },
      select: { messageId: true },
    });
    // Notices written to the outbox (no SMTP_URL) name the customer too. Removed before the
    // commit: if the commit fails, the retry redacts the rows and finds the files already gone;
    // the other order could leave files behind for good (a retry skips a redacted delivery).
    await removeOutboxMessages({
      outboxDir: appOutboxDir(),
      shopId,
      messageIds: messages.map((message) => message.messageId),
    });
    // Recipients keep their row, acknowledgement and delivery status: a recall's counts must not
    // change because a customer asked to be forgotten.
    const recipients = await tx.recallRecipient.updateMany({
      where: recipientsWhere,
      data: { email: null, name: null, locale: null, redactedAt: new Date() },
    });
    const orders = await tx.orderRef.updateMany({
      where: customerOrdersWhere(shopId, customer),
      data: {
        customerEmail: null,
        customerName: null,
        customerLocale: null,
        shippingAddress: Prisma.DbNull,
        redactedAt: new Date(),
      },
    });
    const requests = await tx.customerDataRequest.deleteMany({ where: dataRequestsOf(shopId, customer) });
    // Unprocessed ones keep their body: they still have to be processed.
    const notifications = await tx.webhookEvent.updateMany({
      where: {
        shopId,
        OR: [{ status: { in: ["processed", "skipped"] } }, ...(currentEventId ? [{ id: currentEventId }] : [])],
        body: customer.email ? { contains: customer.email, mode: "insensitive" } : { in: [] },
      },
      data: { body: REDACTED_BODY },
    });
    // Counts only: the audit trail must not keep what was just erased.
    await tx.auditEntry.create({
      data: {
        shopId,
        actor,
        action: "customer.redacted",
        subjectType: "Customer",
        subjectId: customer.customerIds[0] ?? null,
        details: {
          orders: orders.count,
          recallRecipients: recipients.count,
          dataRequests: requests.count,
          notifications: notifications.count,
        },
      },
    });
  });
}

/** What a processed notification's body becomes once the customer in it is redacted. */
export const REDACTED_BODY = '{"redacted":"customers/redact"}';

function dataRequestsOf(shopId: string, customer: CustomerRequest): Prisma.CustomerDataRequestWhereInput {
  const matches: Prisma.CustomerDataRequestWhereInput[] = [];
  if (customer.customerIds.length) matches.push({ customerId: { in: customer.customerIds } });
  if (customer.email) matches.push({ customerEmail: { equals: customer.email, mode: "insensitive" } });
  return { shopId, OR: matches.length ? matches : [{ id: { in: [] } }] };
}
