// The public acknowledgement page a recall notice links to, called as the browser would (no
// login): the customer sees their own notice and nothing else, confirms once (the first time is
// kept, the answer can change), and a tampered, expired or over-used link records nothing.
import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { closeRecall } from "../../app/recalls/recalls.server";
import { action, loader } from "../../app/routes/recall.ack.$token";
import { ackToken, createSentRecall } from "../support/acknowledgement-factories";
import { TEST_APP_URL } from "../support/test-env";

/** A fresh client address per call site, so one test's requests never count against another's. */
function anyAddress() {
  return `198.51.${randomInt(0, 255)}.${randomInt(1, 254)}`;
}

function visit(token: string, clientIp = anyAddress()) {
  const request = new Request(`${TEST_APP_URL}/recall/ack/${token}`);
  return loader({ request, params: { token }, context: { clientIp } }) as Promise<Response>;
}

function submit(token: string, fields: Record<string, string>, clientIp = anyAddress()) {
  const request = new Request(`${TEST_APP_URL}/recall/ack/${token}`, {
    method: "POST",
    body: new URLSearchParams(fields),
  });
  return action({ request, params: { token }, context: { clientIp } }) as Promise<Response>;
}

type Page = {
  state: string;
  message?: string;
  saved?: boolean;
  notice?: { subject: string; html: string; text: string };
  recipient?: { acknowledgedAt: string | null; response: string | null };
  shopName?: string;
  recallNumber?: number;
  retryAfterSeconds?: number;
};

async function read(response: Response): Promise<Page> {
  return (await response.json()) as Page;
}

async function acknowledgementsOf(shopId: string) {
  return db().auditEntry.findMany({ where: { shopId, action: "recall.acknowledged" }, orderBy: { createdAt: "asc" } });
}

describe("the acknowledgement page", () => {
  it("shows the customer their own notice with a form, and nothing about the other customers", async () => {
    const { shop, recall, recipients } = await createSentRecall(db(), { customers: 2 });
    const [ann, bob] = recipients;
    const bobOrders = await db().orderRef.findMany({ where: { id: { in: bob.orderRefIds } } });

    const response = await visit(ackToken(ann.id, recall.expiresAt as Date));

    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("Referrer-Policy")).toBe("same-origin");
    expect(response.headers.get("X-Robots-Tag")).toContain("noindex");
    const page = await read(response);
    expect(page).toMatchObject({ state: "ok", recallNumber: recall.number, recipient: { acknowledgedAt: null } });
    expect(page.notice?.text).toContain("Lavender Soap");
    expect(page.notice?.html).toContain("Lavender Soap");
    const everything = JSON.stringify(page);
    expect(everything).toContain(ann.name as string);
    expect(everything).not.toContain(bob.email as string);
    expect(everything).not.toContain(bob.name as string);
    for (const order of bobOrders) expect(everything).not.toContain(order.name);
    // The page reads only: opening it is not confirming it.
    expect(await acknowledgementsOf(shop.id)).toHaveLength(0);
  });

  it("records the confirmation and response once; a second confirmation keeps the first time", async () => {
    const { shop, recall, recipients } = await createSentRecall(db(), { customers: 2 });
    const [ann, bob] = recipients;
    const token = ackToken(ann.id, recall.expiresAt as Date);

    const first = await submit(token, { received: "yes", response: "returning" });
    expect(first.status).toBe(200);
    const confirmed = await read(first);
    expect(confirmed).toMatchObject({ saved: true, message: expect.stringMatching(/recorded/) });
    expect(confirmed.recipient?.response).toBe("returning");
    const afterFirst = await db().recallRecipient.findUniqueOrThrow({ where: { id: ann.id } });
    expect(afterFirst.acknowledgedAt).not.toBeNull();
    expect(afterFirst.response).toBe("returning");

    const second = await read(await submit(token, { received: "yes", response: "refund" }));

    const afterSecond = await db().recallRecipient.findUniqueOrThrow({ where: { id: ann.id } });
    expect(afterSecond.acknowledgedAt).toEqual(afterFirst.acknowledgedAt);
    expect(afterSecond.response).toBe("refund");
    expect(second.recipient).toEqual({ acknowledgedAt: afterFirst.acknowledgedAt?.toISOString(), response: "refund" });
    // Reopening the link shows the answer already given.
    expect((await read(await visit(token))).recipient?.response).toBe("refund");
    // Only Ann's row moved.
    expect(await db().recallRecipient.findUniqueOrThrow({ where: { id: bob.id } })).toMatchObject({
      acknowledgedAt: null,
      response: null,
    });
    const audit = await acknowledgementsOf(shop.id);
    expect(audit.map((entry) => [entry.actor, entry.subjectId])).toEqual([
      ["customer", ann.id],
      ["customer", ann.id],
    ]);
    expect(JSON.stringify(audit)).not.toContain(ann.email as string);
  });

  it("asks the customer to tick the box (and pick a listed answer) when the form is off, and records nothing", async () => {
    const { shop, recall, recipients } = await createSentRecall(db(), { customers: 1 });
    const token = ackToken(recipients[0].id, recall.expiresAt as Date);

    const response = await submit(token, { response: "disposed" });

    expect(response.status).toBe(422);
    const page = await read(response);
    expect(page.message).toMatch(/I have received this notice/);
    expect(page.saved).toBeUndefined();
    expect(page.notice?.html).toContain("Lavender Soap");
    const madeUp = await submit(token, { received: "yes", response: "sue-the-shop" });
    expect(madeUp.status).toBe(422);
    expect((await read(madeUp)).message).toMatch(/Choose one of the answers/);
    expect(await db().recallRecipient.findUniqueOrThrow({ where: { id: recipients[0].id } })).toMatchObject({
      acknowledgedAt: null,
      response: null,
    });
    expect(await acknowledgementsOf(shop.id)).toHaveLength(0);
  });

  it("answers a tampered link with a polite 404 and changes nothing", async () => {
    const { shop, recall, recipients } = await createSentRecall(db(), { customers: 2 });
    const [ann, bob] = recipients;
    const token = ackToken(ann.id, recall.expiresAt as Date);
    // Ann's signature over Bob's recipient id: what someone guessing at other customers would try.
    const [, expiry, signature] = token.split(".");
    const forged = `${Buffer.from(bob.id).toString("base64url")}.${expiry}.${signature}`;
    const flipped = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;

    for (const bad of [forged, flipped, "not-a-token-at-all"]) {
      const shown = await visit(bad);
      expect(shown.status).toBe(404);
      expect(await read(shown)).toEqual({ state: "invalid" });
      const posted = await submit(bad, { received: "yes", response: "refund" });
      expect(posted.status).toBe(404);
      expect(posted.headers.get("Cache-Control")).toBe("no-store");
    }

    const rows = await db().recallRecipient.findMany({ where: { recallId: recall.id } });
    expect(rows.every((row) => row.acknowledgedAt === null && row.response === null)).toBe(true);
    expect(await acknowledgementsOf(shop.id)).toHaveLength(0);
  });

  it("answers an expired link (token or recall) with a polite 410 and records nothing", async () => {
    const { shop, recall, recipients } = await createSentRecall(db(), { customers: 2 });
    const [ann, bob] = recipients;
    const lapsed = ackToken(ann.id, new Date(Date.now() - 60_000));

    expect((await visit(lapsed)).status).toBe(410);
    const posted = await submit(lapsed, { received: "yes", response: "refund" });
    expect(posted.status).toBe(410);
    expect(await read(posted)).toEqual({ state: "expired" });

    // The merchant shortened the recall's life after sending: Bob's still-signed link stops too.
    const bobToken = ackToken(bob.id, recall.expiresAt as Date);
    await db().recall.update({ where: { id: recall.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect((await visit(bobToken)).status).toBe(410);
    expect((await submit(bobToken, { received: "yes" })).status).toBe(410);

    const rows = await db().recallRecipient.findMany({ where: { recallId: recall.id } });
    expect(rows.every((row) => row.acknowledgedAt === null)).toBe(true);
    expect(await acknowledgementsOf(shop.id)).toHaveLength(0);
  });

  it("still shows the notice of a closed recall but no longer takes confirmations", async () => {
    const { shop, recall, recipients } = await createSentRecall(db(), { customers: 1 });
    const token = ackToken(recipients[0].id, recall.expiresAt as Date);
    await closeRecall(db(), { shopId: shop.id, recallId: recall.id, actor: "user:1" });

    const shown = await visit(token);
    expect(shown.status).toBe(200);
    const page = await read(shown);
    expect(page.state).toBe("closed");
    expect(page.notice?.html).toContain("Lavender Soap");
    expect(page).not.toHaveProperty("recipient");

    const posted = await submit(token, { received: "yes", response: "disposed" });
    expect(posted.status).toBe(410);
    expect((await read(posted)).message).toMatch(/closed/);
    expect(await db().recallRecipient.findUniqueOrThrow({ where: { id: recipients[0].id } })).toMatchObject({
      acknowledgedAt: null,
      response: null,
    });
    expect(await acknowledgementsOf(shop.id)).toHaveLength(0);
  });
});

describe("rate limits on the acknowledgement page", () => {
  it("answers 429 with a polite page once one address has made 30 requests, other addresses unaffected", async () => {
    const { recall, recipients } = await createSentRecall(db(), { customers: 1 });
    const token = ackToken(recipients[0].id, recall.expiresAt as Date);
    const address = anyAddress();

    for (let request = 1; request <= 30; request += 1) {
      expect((await visit(token, address)).status).toBe(200);
    }
    const refused = await visit(token, address);

    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(refused.headers.get("Cache-Control")).toBe("no-store");
    const page = await read(refused);
    expect(page.state).toBe("rate-limited");
    expect(JSON.stringify(page)).not.toContain("Lavender Soap");
    expect((await visit(token, anyAddress())).status).toBe(200);
  });

  it("takes at most 10 confirmations a minute for one link, from however many addresses", async () => {
    const { recall, recipients } = await createSentRecall(db(), { customers: 1 });
    const token = ackToken(recipients[0].id, recall.expiresAt as Date);

    for (let post = 1; post <= 10; post += 1) {
      expect((await submit(token, { received: "yes", response: "disposed" })).status).toBe(200);
    }
    const refused = await submit(token, { received: "yes", response: "refund" });

    expect(refused.status).toBe(429);
    // The refused answer was not recorded.
    expect((await db().recallRecipient.findUniqueOrThrow({ where: { id: recipients[0].id } })).response).toBe(
      "disposed",
    );
  });
});
