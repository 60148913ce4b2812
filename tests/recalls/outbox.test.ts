// The merchant's outbox page (no SMTP_URL: notices are .eml files under DATA_DIR/outbox/<shopId>/):
// it lists only this shop's messages, newest first, with recipient, subject and date; opens and
// downloads one; and no name a request carries reaches a file outside the shop's own list.
import { mkdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "../../app/env.server";
import { loader } from "../../app/routes/app.outbox";
import { routeArgs, settle, shopWithLotline, type TestShop } from "../orders-ui/harness";
import { setUpInProcessShopify } from "../support/in-process-shopify";

setUpInProcessShopify();

// The app's own outbox folder: shop ids are fresh per run, and this file removes what it wrote.
const outboxDir = path.resolve(env().DATA_DIR, "outbox");
const written: string[] = [];
afterAll(() => {
  for (const target of written) rmSync(target, { recursive: true, force: true });
});

function compose(options: Record<string, unknown>): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    new MailComposer(options).compile().build((error, message) => (error ? reject(error) : resolve(message))),
  );
}

/** Writes a notice into the shop's outbox as the outbox mailer would, written at `writtenAt`. */
async function writeNotice(shopId: string, input: { to: string; subject: string; text: string; writtenAt: Date }) {
  const dir = path.join(outboxDir, shopId);
  mkdirSync(dir, { recursive: true });
  written.push(dir);
  const messageId = `${crypto.randomUUID()}@lotline.test`;
  const file = path.join(dir, `${messageId}.eml`);
  writeFileSync(
    file,
    await compose({
      from: "Lotline recalls <recalls@lotline.test>",
      to: input.to,
      subject: input.subject,
      date: input.writtenAt,
      messageId: `<${messageId}>`,
      text: input.text,
      html: `<p>${input.text}</p>`,
    }),
  );
  utimesSync(file, input.writtenAt, input.writtenAt);
  return path.basename(file);
}

type OutboxPage = {
  entries: { fileName: string; to: string; subject: string; date: string }[];
  total: number;
  selected: { fileName: string; to: string; subject: string; text: string } | null;
};

async function openOutbox(shop: TestShop, query = ""): Promise<Response> {
  return settle(() => loader(routeArgs(shop.domain, `/app/outbox${query}`)) as Promise<Response>);
}

let soap: TestShop;
let candles: TestShop;
const files: Record<string, string> = {};
let secretName = "";

beforeAll(async () => {
  soap = await shopWithLotline("Outbox Soap");
  candles = await shopWithLotline("Outbox Candles");
  files.older = await writeNotice(soap.shopId, {
    to: "Ann Lee <ann@example.com>",
    subject: "Recall 1: Lavender Soap",
    text: "Stop using the lavender soap from lot LAV-1.",
    writtenAt: new Date("2026-11-20T09:00:00Z"),
  });
  files.newer = await writeNotice(soap.shopId, {
    to: "Zoë Müller <zoe@example.com>",
    subject: "Rückruf 1: Lavendelseife",
    text: "Bitte die Seife nicht mehr verwenden.",
    writtenAt: new Date("2026-11-21T09:00:00Z"),
  });
  files.otherShop = await writeNotice(candles.shopId, {
    to: "Carl <carl@example.com>",
    subject: "Recall 1: Beeswax Candle",
    text: "Candle wicks may flare.",
    writtenAt: new Date("2026-11-21T10:00:00Z"),
  });
  // Not a message: never listed, never opened.
  writeFileSync(path.join(outboxDir, soap.shopId, "notes.txt"), "scratch");
  secretName = `secret-${crypto.randomUUID()}.eml`;
  writeFileSync(path.join(outboxDir, secretName), "Subject: outside any shop\r\n\r\nsecret");
  written.push(path.join(outboxDir, secretName));
});

describe("the outbox page", () => {
  it("lists this shop's notices newest first with recipient, subject and date, and no other shop's", async () => {
    const response = await openOutbox(soap);

    expect(response.status).toBe(200);
    const page = (await response.json()) as OutboxPage;
    expect(page.total).toBe(2);
    expect(page.entries).toEqual([
      {
        fileName: files.newer,
        to: "Zoë Müller <zoe@example.com>",
        subject: "Rückruf 1: Lavendelseife",
        date: "2026-11-21T09:00:00.000Z",
        byteSize: expect.any(Number),
      },
      {
        fileName: files.older,
        to: "Ann Lee <ann@example.com>",
        subject: "Recall 1: Lavender Soap",
        date: "2026-11-20T09:00:00.000Z",
        byteSize: expect.any(Number),
      },
    ]);
    expect(JSON.stringify(page)).not.toContain("carl@example.com");
  });

  it("shows a shop with nothing written yet an empty outbox", async () => {
    const fresh = await shopWithLotline("Outbox Empty");

    const page = (await (await openOutbox(fresh)).json()) as OutboxPage;

    expect(page).toMatchObject({ entries: [], total: 0, selected: null });
  });

  it("opens one notice's text and downloads the message file", async () => {
    const opened = (await (await openOutbox(soap, `?message=${encodeURIComponent(files.newer)}`)).json()) as OutboxPage;
    expect(opened.selected).toMatchObject({
      fileName: files.newer,
      to: "Zoë Müller <zoe@example.com>",
      text: "Bitte die Seife nicht mehr verwenden.",
    });

    const download = await openOutbox(soap, `?download=${encodeURIComponent(files.older)}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Type")).toBe("message/rfc822");
    expect(download.headers.get("Content-Disposition")).toBe(`attachment; filename="${files.older}"`);
    const raw = await download.text();
    expect(raw).toContain("Subject: Recall 1: Lavender Soap");
    expect(raw).toContain("To: Ann Lee <ann@example.com>");
  });

  it("refuses any file name that is not in the shop's own list", async () => {
    const attempts = [
      "../x",
      `../${secretName}`,
      `../${candles.shopId}/${files.otherShop}`,
      files.otherShop,
      "notes.txt",
      `${soap.shopId}/../${secretName}`,
      secretName,
      "/etc/passwd",
    ];
    for (const name of attempts) {
      for (const parameter of ["message", "download"]) {
        const response = await openOutbox(soap, `?${parameter}=${encodeURIComponent(name)}`);
        expect(response.status, `${parameter}=${name}`).toBe(404);
        const body = await response.text();
        expect(body).toMatch(/not in your shop's outbox/);
        expect(body).not.toContain("secret");
        expect(body).not.toContain("Candle");
      }
    }
  });
});
