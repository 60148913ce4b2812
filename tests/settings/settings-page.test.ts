// The Settings page as the embedded admin calls it, against the simulated store and a real
// database: a saved template is what the next receipt's codes come from, a bad one is refused
// on its field with nothing saved, and one shop's settings never reach another.
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { loader as homeLoader } from "../../app/routes/app._index";
import { action as receiveAction } from "../../app/routes/app.receive";
import { action as settingsAction, loader as settingsLoader } from "../../app/routes/app.settings";
import { setUpInProcessShopify, shopify } from "../support/in-process-shopify";
import { BROWSER_USER_AGENT } from "../support/simulated-app";
import { TEST_APP_URL } from "../support/test-env";

setUpInProcessShopify();

let shopCount = 0;

async function shopWithLotline() {
  shopCount += 1;
  const { shop, locations } = shopify.createShop({ name: `Settings Soap ${shopCount}` });
  const domain = shop.myshopifyDomain;
  const soap = shopify.createProduct(domain, {
    title: "Lavender Soap",
    variants: [{ sku: `LAV-${shopCount}`, inventory: { [locations[0].id]: 0 } }],
  }).variants[0];
  await loadSettings(domain);
  const { id: shopId } = await db().shop.findUniqueOrThrow({ where: { domain } });
  return { domain, shopId, location: locations[0], soap };
}

type Shop = Awaited<ReturnType<typeof shopWithLotline>>;

function args(domain: string, path: string, body?: URLSearchParams) {
  const request = new Request(`${TEST_APP_URL}${path}`, {
    method: body ? "POST" : "GET",
    body,
    headers: { Authorization: `Bearer ${shopify.mintSessionToken(domain)}`, "User-Agent": BROWSER_USER_AGENT },
  });
  return { request, params: {}, context: {} };
}

async function loadSettings(domain: string) {
  return ((await settingsLoader(args(domain, "/app/settings"))) as unknown as Response).json();
}

function settingsForm(overrides: Record<string, string> = {}) {
  return new URLSearchParams({
    lotTemplate: "{SKU}-{YY}{MM}{DD}-{SEQ:2}",
    serialTemplate: "{YY}{JJJ}-{SEQ:5}",
    requireGs1: "true",
    quarantineExpired: "false",
    expiryWarningDays: "30, 60, 90",
    orderTagPrefix: "lot:",
    minShelfLifeDays: "0",
    returnsToQuarantine: "false",
    ...overrides,
  });
}

async function saveSettings(shop: Shop, form: URLSearchParams) {
  return (await settingsAction(args(shop.domain, "/app/settings", form))) as Response;
}

async function receiveOneSoap(shop: Shop) {
  const form = new URLSearchParams({
    locationId: shop.location.id,
    referenceType: "invoice",
    "lines[0].variantId": shop.soap.id,
    "lines[0].quantity": "4",
    "lines[0].supplierLotCode": "ML7",
    "lines[0].serialMode": "none",
  });
  const response = (await receiveAction(args(shop.domain, "/app/receive", form))) as Response;
  expect(response.status).toBe(302);
  return db().lot.findFirstOrThrow({ where: { shopId: shop.shopId }, orderBy: { createdAt: "desc" } });
}

const today = () => new Date().toISOString().slice(0, 10).replaceAll("-", "");

describe("shop settings", () => {
  it("shows Lotline's defaults before anything is saved", async () => {
    const shop = await shopWithLotline();
    const page = await loadSettings(shop.domain);
    expect(page.settings).toEqual({
      lotTemplate: "{SKU}-{YY}{MM}{DD}-{SEQ:2}",
      serialTemplate: "{YY}{JJJ}-{SEQ:5}",
      requireGs1: true,
      locationCodes: {},
      quarantineExpired: false,
      expiryWarningDays: [30, 60, 90],
      orderTagPrefix: "lot:",
      minShelfLifeDays: 0,
      returnsToQuarantine: false,
    });
    expect(page.locations).toEqual([
      expect.objectContaining({ id: shop.location.id, name: shop.location.name, defaultCode: expect.any(String) }),
    ]);
  });

  it("saves a valid template, returns it on the next load, and the next receipt's lot code follows it", async () => {
    const shop = await shopWithLotline();
    const response = await saveSettings(
      shop,
      settingsForm({
        lotTemplate: "{LOCATION}{YYYY}{MM}{DD}-{SEQ:3}",
        quarantineExpired: "true",
        expiryWarningDays: "14, 45",
        orderTagPrefix: "batch-",
        minShelfLifeDays: "90",
        returnsToQuarantine: "true",
        [`locationCodes.${shop.location.id}`]: "north",
      }),
    );

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ saved: true });
    expect((await loadSettings(shop.domain)).settings).toEqual({
      lotTemplate: "{LOCATION}{YYYY}{MM}{DD}-{SEQ:3}",
      serialTemplate: "{YY}{JJJ}-{SEQ:5}",
      requireGs1: true,
      locationCodes: { [shop.location.id]: "NORTH" },
      quarantineExpired: true,
      expiryWarningDays: [14, 45],
      orderTagPrefix: "batch-",
      minShelfLifeDays: 90,
      returnsToQuarantine: true,
    });

    const audit = await db().auditEntry.findMany({ where: { shopId: shop.shopId, action: "settings.updated" } });
    expect(audit).toHaveLength(1);
    expect(audit[0].actor).toMatch(/^user:/);
    expect(audit[0].details).toMatchObject({
      lotTemplate: { from: "{SKU}-{YY}{MM}{DD}-{SEQ:2}", to: "{LOCATION}{YYYY}{MM}{DD}-{SEQ:3}" },
      minShelfLifeDays: { from: 0, to: 90 },
    });
    expect(audit[0].details).not.toHaveProperty("serialTemplate");

    const lot = await receiveOneSoap(shop);
    expect(lot.code).toBe(`NORTH${today()}-001`);
  });

  it.each([
    ["an unknown token", { lotTemplate: "{SKU}-{BATCH}" }, "lotTemplate", /Unknown token \{BATCH\}/],
    ["a serial template without {SEQ:n}", { serialTemplate: "{YY}{JJJ}" }, "serialTemplate", /needs \{SEQ:n\}/],
    [
      "a template longer than GS1 allows",
      { lotTemplate: "{PRODUCT}-{YYYY}{MM}{DD}-{SEQ:4}" },
      "lotTemplate",
      /GS1 AI \(10\) allows at most 20/,
    ],
  ])("refuses %s with 422, the message on its field, and saves nothing", async (_, change, field, message) => {
    const shop = await shopWithLotline();

    const response = await saveSettings(shop, settingsForm({ ...change, quarantineExpired: "true" }));

    expect(response.status).toBe(422);
    const body = await response.json();
    expect(Object.keys(body.fields)).toEqual([field]);
    expect(body.fields[field]).toMatch(message);
    expect(await db().setting.count({ where: { shopId: shop.shopId } })).toBe(0);
    expect((await loadSettings(shop.domain)).settings.quarantineExpired).toBe(false);
  });

  it("allows the long template once GS1 compatibility is turned off", async () => {
    const shop = await shopWithLotline();
    const response = await saveSettings(
      shop,
      settingsForm({ lotTemplate: "{PRODUCT}-{YYYY}{MM}{DD}-{SEQ:4}", requireGs1: "false" }),
    );
    expect(response.status).toBe(200);
    const lot = await receiveOneSoap(shop);
    expect(lot.code).toBe(`LAVENDER-${today()}-0001`);
  });

  it("answers 400 to a post that is not the Settings form", async () => {
    const shop = await shopWithLotline();
    const response = await saveSettings(shop, new URLSearchParams({ lotTemplate: "{SEQ:2}" }));
    expect(response.status).toBe(400);
  });

  it("keeps each shop's settings to itself", async () => {
    const first = await shopWithLotline();
    const second = await shopWithLotline();

    await saveSettings(first, settingsForm({ lotTemplate: "A{SKU}-{SEQ:3}" }));

    expect((await loadSettings(second.domain)).settings.lotTemplate).toBe("{SKU}-{YY}{MM}{DD}-{SEQ:2}");
    const lot = await receiveOneSoap(second);
    expect(lot.code).toBe(`${second.soap.sku}-${today().slice(2)}-01`);
    expect((await receiveOneSoap(first)).code).toBe(`A${first.soap.sku}-001`);
  });

  it("the home page's expiry cards follow the shop's warning windows", async () => {
    const shop = await shopWithLotline();
    await saveSettings(shop, settingsForm({ expiryWarningDays: "7, 14" }));
    const lot = await receiveOneSoap(shop);
    await db().lot.update({ where: { id: lot.id }, data: { expiresAt: new Date(Date.now() + 10 * 24 * 3600 * 1000) } });

    const home = (await homeLoader(args(shop.domain, "/app"))) as unknown as { dashboard: unknown };

    expect(home.dashboard).toEqual({
      expiring: [
        { days: 7, lots: 0, units: 0 },
        { days: 14, lots: 1, units: 4 },
      ],
      expiredWithStock: { lots: 0, units: 0 },
      unassigned: { units: 0, items: 0 },
    });
  });
});
