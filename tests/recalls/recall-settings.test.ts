// The "Recall notices" card of the Settings page, as the embedded admin posts it: saved on its
// own intent and audited, a bad value named on its field with nothing saved, the shop's other
// settings untouched, and what is saved is what the sender uses.
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { retrieveRecallSettings } from "../../app/recalls/recall-settings.server";
import { action as settingsAction, loader as settingsLoader } from "../../app/routes/app.settings";
import { setUpInProcessShopify, shopify } from "../support/in-process-shopify";
import { BROWSER_USER_AGENT } from "../support/simulated-app";
import { TEST_APP_URL } from "../support/test-env";

setUpInProcessShopify();

function args(domain: string, body?: URLSearchParams) {
  const request = new Request(`${TEST_APP_URL}/app/settings`, {
    method: body ? "POST" : "GET",
    body,
    headers: { Authorization: `Bearer ${shopify.mintSessionToken(domain)}`, "User-Agent": BROWSER_USER_AGENT },
  });
  return { request, params: {}, context: {} };
}

const load = async (domain: string) => ((await settingsLoader(args(domain))) as unknown as Response).json();
const save = async (domain: string, fields: Record<string, string>) =>
  (await settingsAction(args(domain, new URLSearchParams({ intent: "recallSettings", ...fields })))) as Response;

const card = {
  sendRatePerSecond: "50",
  reminderAfterDays: "5",
  maxReminders: "1",
  logoUrl: "https://cdn.example.com/soap.png",
  replyTo: "care@soap.example",
};

let shopCount = 0;
async function openShop() {
  shopCount += 1;
  const { shop } = shopify.createShop({ name: `Recall Settings Soap ${shopCount}` });
  const domain = shop.myshopifyDomain;
  const page = await load(domain);
  const { id } = await db().shop.findUniqueOrThrow({ where: { domain } });
  return { domain, shopId: id, page };
}

describe("the Recall notices card", () => {
  it("shows the defaults, saves the card on its own and audits the change", async () => {
    const { domain, shopId, page } = await openShop();
    expect(page.recallSettings).toEqual({
      sendRatePerSecond: 20,
      reminderAfterDays: 7,
      maxReminders: 2,
      logoUrl: null,
      replyTo: null,
    });
    const before = page.settings;

    const response = await save(domain, card);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ saved: true, message: "Recall notice settings saved." });
    const after = await load(domain);
    expect(after.recallSettings).toEqual({
      sendRatePerSecond: 50,
      reminderAfterDays: 5,
      maxReminders: 1,
      logoUrl: "https://cdn.example.com/soap.png",
      replyTo: "care@soap.example",
    });
    expect(after.settings).toEqual(before);
    const audit = await db().auditEntry.findFirstOrThrow({ where: { shopId, subjectId: "recalls" } });
    expect(audit).toMatchObject({
      action: "settings.updated",
      details: { sendRatePerSecond: { from: 20, to: 50 }, replyTo: { from: null, to: "care@soap.example" } },
    });
  });

  it("names a bad value on its field and saves nothing; another shop is never touched", async () => {
    const { domain, shopId } = await openShop();
    const other = await openShop();
    await save(domain, card);

    const response = await save(domain, { ...card, sendRatePerSecond: "lots", replyTo: "nobody" });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      saved: false,
      fields: { sendRatePerSecond: expect.any(String), replyTo: expect.stringContaining("nobody") },
    });
    expect((await retrieveRecallSettings(db(), shopId)).sendRatePerSecond).toBe(50);
    expect((await retrieveRecallSettings(db(), other.shopId)).sendRatePerSecond).toBe(20);
  });
});
