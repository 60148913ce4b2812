// The customer account API behind the order status block: a signed-in customer sees the recalls
// touching their own order with the notice they got by email, confirms they read it once (the
// first time is kept), and learns nothing about anyone else's order.
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "../../app/db.server";
import * as customerRecalls from "../../app/extension-api/customer-recalls.server";
import type { CustomerAcknowledgeResponse, CustomerOrderRecallsResponse } from "../../app/extension-api/types";
import { fanOutRecall } from "../../app/recalls/fan-out.server";
import { closeRecall, sendRecall } from "../../app/recalls/recalls.server";
import { loader as ordersLoader } from "../../app/routes/api.customer.orders.$orderId";
import { action, loader } from "../../app/routes/api.customer.orders.$orderId.recalls.$recallId.acknowledge";
import { logger } from "../../app/utils/logger.server";
import { createSentRecall } from "../support/acknowledgement-factories";
import { type Customer, customerOf, customerRequest, shopifyOrderNumber } from "../support/customer-api-factories";
import { createShop } from "../support/factories";
import { createLot, createShippedOrder } from "../support/operations-factories";
import { createDraftRecall, seedRecallShop } from "../support/recall-factories";

/** Runs a route as Remix would: a thrown Response is the answer. */
async function answer(run: () => Promise<unknown>): Promise<Response> {
  try {
    return (await run()) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function getRecalls(orderId: string, customer: Customer | null, method = "GET") {
  const request = await customerRequest(`/api/customer/orders/${orderId}`, customer, { method });
  return answer(() => ordersLoader({ request, params: { orderId }, context: {} }));
}

async function acknowledge(orderId: string, recallId: string, customer: Customer | null) {
  const path = `/api/customer/orders/${orderId}/recalls/${recallId}/acknowledge`;
  const request = await customerRequest(path, customer, { method: "POST" });
  return answer(() => action({ request, params: { orderId, recallId }, context: {} }));
}

/** A sent recall and its first customer (a recipient), seen from that customer's order. */
async function sentRecallForCustomer() {
  const sent = await createSentRecall(db(), { customers: 2 });
  const recipient = sent.recipients[0];
  const orderRefId = recipient.orderRefIds[0];
  return {
    ...sent,
    recipient,
    orderId: await shopifyOrderNumber(db(), orderRefId),
    customer: await customerOf(db(), orderRefId),
  };
}

describe("GET /api/customer/orders/:orderId", () => {
  it("shows the customer the recall of their lots with the notice they were emailed, ready to confirm", async () => {
    const { recall, lots, orderId, customer } = await sentRecallForCustomer();

    const response = await getRecalls(orderId, customer);

    expect(response.status).toBe(200);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = (await response.json()) as CustomerOrderRecallsResponse;
    expect(body.recalls).toHaveLength(1);
    const [shown] = body.recalls;
    expect(shown).toMatchObject({
      recallId: recall.id,
      number: recall.number,
      title: "Lavender Soap — possible contamination",
      lotCodes: [lots[0].code],
      acknowledgedAt: null,
      canAcknowledge: true,
    });
    const notice = shown.notice.join("\n\n");
    expect(notice).toContain("skin irritation");
    expect(notice).toContain(lots[0].code);
    expect(notice).not.toMatch(/^=+$/m);
  });

  it("lists nothing for an order whose lots are under no sent recall (a draft is not news yet)", async () => {
    const seeded = await seedRecallShop(db(), { customers: 1 });
    await createDraftRecall(db(), seeded.shop, [seeded.lots[0].id]);
    const order = await db().orderRef.findFirstOrThrow({ where: { shopId: seeded.shop.id } });
    const customer = await customerOf(db(), order.id);

    const response = await getRecalls(await shopifyOrderNumber(db(), order.id), customer);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ recalls: [] });
  });

  it("shows a serial-range recall only to the customer who received a serial in the range", async () => {
    const shop = await createShop(db());
    const lot = await createLot(db(), shop.id);
    const inRange = await createShippedOrder(db(), shop.id, {
      customerId: "gid://shopify/Customer/71",
      email: "cy@example.com",
      lines: [{ lotId: lot.id, quantity: 2, serials: ["LS-0001", "LS-0002"] }],
    });
    const outside = await createShippedOrder(db(), shop.id, {
      customerId: "gid://shopify/Customer/72",
      email: "di@example.com",
      lines: [{ lotId: lot.id, quantity: 1, serials: ["LS-0009"] }],
    });
    const draft = await createDraftRecall(db(), shop, [], {
      serialProductId: lot.productId,
      serialFrom: "LS-0001",
      serialTo: "LS-0003",
    });
    const noQueue = async () => undefined;
    await sendRecall(db(), { shopId: shop.id, recallId: draft.id, actor: "user:1" }, { enqueue: noQueue });
    await fanOutRecall(db(), { shopId: shop.id, recallId: draft.id }, { enqueue: noQueue });

    const seen = async (orderRefId: string) => {
      const response = await getRecalls(await shopifyOrderNumber(db(), orderRefId), await customerOf(db(), orderRefId));
      return (await response.json()) as CustomerOrderRecallsResponse;
    };
    const mine = await seen(inRange.id);
    expect(mine.recalls).toHaveLength(1);
    expect(mine.recalls[0]).toMatchObject({ recallId: draft.id, lotCodes: [lot.code], canAcknowledge: true });
    expect(mine.recalls[0].notice.join("\n")).toContain("LS-0002");
    expect(await seen(outside.id)).toEqual({ recalls: [] });
  });

  it("answers 404 for another customer's order and for another shop's order, with no recall in it", async () => {
    const { orderId, recipients, customer } = await sentRecallForCustomer();
    const other = await customerOf(db(), recipients[1].orderRefIds[0]);
    const otherShop = await seedRecallShop(db(), { customers: 1 });

    const wrongCustomer = await getRecalls(orderId, other);
    const wrongShop = await getRecalls(orderId, { ...customer, shopDomain: otherShop.shop.domain });

    for (const response of [wrongCustomer, wrongShop]) {
      expect(response.status).toBe(404);
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
      const body = (await response.json()) as { message: string; recalls?: unknown };
      expect(body.message).toMatch(/not one of yours/);
      expect(body.recalls).toBeUndefined();
    }
  });

  it("refuses a request without a session token with 401 the extension can read", async () => {
    const { orderId } = await sentRecallForCustomer();

    const response = await getRecalls(orderId, null);

    expect(response.status).toBe(401);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(((await response.json()) as { message: string }).message).toMatch(/Sign in/);
  });

  it("answers the browser's preflight with CORS headers and no data", async () => {
    const { orderId, recall } = await sentRecallForCustomer();
    const request = await customerRequest(`/api/customer/orders/${orderId}/recalls/${recall.id}/acknowledge`, null, {
      method: "OPTIONS",
      headers: { "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization" },
    });

    const response = await answer(() => loader({ request, params: { orderId, recallId: recall.id }, context: {} }));

    expect(response.status).toBe(204);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Access-Control-Allow-Headers")).toContain("Authorization");
  });
});

describe("POST /api/customer/orders/:orderId/recalls/:recallId/acknowledge", () => {
  it("records the customer's confirmation once: a second one keeps the first time", async () => {
    const { recall, recipient, orderId, customer } = await sentRecallForCustomer();

    const first = await acknowledge(orderId, recall.id, customer);
    expect(first.status).toBe(200);
    expect(first.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const firstBody = (await first.json()) as CustomerAcknowledgeResponse;
    expect(firstBody).toMatchObject({ ok: true, message: expect.stringContaining(`recall ${recall.number}`) });
    const stored = await db().recallRecipient.findUniqueOrThrow({ where: { id: recipient.id } });
    expect(stored.acknowledgedAt?.toISOString()).toBe(firstBody.acknowledgedAt);

    const second = (await (await acknowledge(orderId, recall.id, customer)).json()) as CustomerAcknowledgeResponse;
    expect(second.acknowledgedAt).toBe(firstBody.acknowledgedAt);

    const shown = (await (await getRecalls(orderId, customer)).json()) as CustomerOrderRecallsResponse;
    expect(shown.recalls[0]).toMatchObject({ acknowledgedAt: firstBody.acknowledgedAt, canAcknowledge: true });
    const audit = await db().auditEntry.findMany({ where: { action: "recall.acknowledged", subjectId: recipient.id } });
    expect(audit.map((entry) => (entry.details as { first: boolean }).first)).toEqual([true, false]);
  });

  it("shows a closed recall's notice without the button and refuses a confirmation with 409", async () => {
    const { shop, recall, recipient, orderId, customer } = await sentRecallForCustomer();
    await closeRecall(db(), { shopId: shop.id, recallId: recall.id, actor: "user:1" });

    const shown = (await (await getRecalls(orderId, customer)).json()) as CustomerOrderRecallsResponse;
    expect(shown.recalls[0].canAcknowledge).toBe(false);
    expect(shown.recalls[0].notice.join(" ")).toContain("skin irritation");

    const response = await acknowledge(orderId, recall.id, customer);
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      ok: false,
      acknowledgedAt: null,
      message: expect.stringMatching(/is closed/),
      fields: {},
    });
    expect((await db().recallRecipient.findUniqueOrThrow({ where: { id: recipient.id } })).acknowledgedAt).toBeNull();
  });

  it("refuses, with the reason, a customer whose notice was never sent (units not yet shipped at the send)", async () => {
    // Customer 0's line is unshipped: the recall touches the order but fan-out made no recipient.
    const { shop, recall } = await createSentRecall(db(), { customers: 2, shippedShare: 0.5 });
    const unshipped = await db().orderRef.findFirstOrThrow({ where: { shopId: shop.id, fulfillmentStatus: null } });
    const customer = await customerOf(db(), unshipped.id);
    const orderId = await shopifyOrderNumber(db(), unshipped.id);

    const shown = (await (await getRecalls(orderId, customer)).json()) as CustomerOrderRecallsResponse;
    expect(shown.recalls).toHaveLength(1);
    expect(shown.recalls[0]).toMatchObject({ recallId: recall.id, canAcknowledge: false, notice: [] });

    const response = await acknowledge(orderId, recall.id, customer);
    expect(response.status).toBe(409);
    expect(((await response.json()) as CustomerAcknowledgeResponse).message).toMatch(/was not sent to you/);
    expect(await db().recallRecipient.count({ where: { recallId: recall.id, customerId: customer.customerId } })).toBe(
      0,
    );
  });

  it("answers 404 when the recall does not concern the order, recording nothing", async () => {
    const { recall, orderId, customer } = await sentRecallForCustomer();
    const unrelated = await seedRecallShop(db(), { customers: 1 });
    const order = await db().orderRef.findFirstOrThrow({ where: { shopId: unrelated.shop.id } });
    const otherCustomer = await customerOf(db(), order.id);

    const response = await acknowledge(await shopifyOrderNumber(db(), order.id), recall.id, otherCustomer);
    expect(response.status).toBe(404);
    expect(((await response.json()) as CustomerAcknowledgeResponse).ok).toBe(false);
    const other = await acknowledge(orderId, "00000000-0000-0000-0000-000000000000", customer);
    expect(other.status).toBe(404);
  });
});

describe("answers the block can always read", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const PROBLEM = "Lotline had a problem answering. Try again in a moment.";

  it("answers 500 with CORS and a message, never the error, when reading the recalls fails", async () => {
    const { orderId, customer } = await sentRecallForCustomer();
    vi.spyOn(customerRecalls, "retrieveCustomerOrderRecalls").mockRejectedValue(new Error("deadlock detected"));
    const logged = vi.spyOn(logger, "error").mockImplementation(() => undefined);

    const response = await getRecalls(orderId, customer);

    expect(response.status).toBe(500);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual({ ok: false, message: PROBLEM, fields: {} });
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({ err: expect.objectContaining({ message: "deadlock detected" }) }),
      expect.any(String),
    );
  });

  it("keeps the acknowledgement's shape when recording it fails: nothing was acknowledged", async () => {
    const { recall, orderId, customer } = await sentRecallForCustomer();
    vi.spyOn(customerRecalls, "acknowledgeCustomerRecall").mockRejectedValue(new Error("deadlock detected"));
    vi.spyOn(logger, "error").mockImplementation(() => undefined);

    const response = await acknowledge(orderId, recall.id, customer);

    expect(response.status).toBe(500);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(await response.json()).toEqual({ ok: false, acknowledgedAt: null, message: PROBLEM, fields: {} });
  });

  it("refuses a GET of the acknowledgement with 405, readable by the block", async () => {
    const { recall, orderId, customer } = await sentRecallForCustomer();
    const path = `/api/customer/orders/${orderId}/recalls/${recall.id}/acknowledge`;
    const request = await customerRequest(path, customer);

    const response = await answer(() => loader({ request, params: { orderId, recallId: recall.id }, context: {} }));

    expect(response.status).toBe(405);
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(response.headers.get("Allow")).toBe("POST");
    expect(await response.json()).toMatchObject({
      ok: false,
      acknowledgedAt: null,
      message: expect.stringMatching(/POST/),
    });
  });
});

describe("the notice as paragraphs", () => {
  it("keeps the text's paragraphs and drops the plain-text email's underline and signature rule", () => {
    const text =
      "Product safety recall\n=====================\n\nDear Ann,\nplease stop using it.\n\n--\nYou receive this.\n";
    expect(customerRecalls.noticeParagraphs(text)).toEqual([
      "Product safety recall",
      "Dear Ann,\nplease stop using it.",
      "You receive this.",
    ]);
  });
});
