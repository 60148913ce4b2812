import { describe, expect, it } from "vitest";
import { settingsFromForm } from "./settings-form";
import { checkShopSettings, DEFAULT_SHOP_SETTINGS, type ShopSettingsInput, storedShopSettings } from "./shop-settings";

const valid: ShopSettingsInput = { ...DEFAULT_SHOP_SETTINGS, locationCodes: {}, expiryWarningDays: [30, 60, 90] };

describe("checkShopSettings", () => {
  it("accepts Lotline's defaults", () => {
    expect(checkShopSettings(valid)).toMatchObject({ ok: true, settings: DEFAULT_SHOP_SETTINGS });
  });

  it("names the unknown token on the lot template field", () => {
    expect(checkShopSettings({ ...valid, lotTemplate: "{SKU}-{lot}" })).toEqual({
      ok: false,
      fields: { lotTemplate: expect.stringContaining("{lot}") },
    });
  });

  it("refuses a serial template without a sequence", () => {
    const result = checkShopSettings({ ...valid, serialTemplate: "{SKU}{YY}" });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.fields.serialTemplate).toMatch(/\{SEQ:n\}/);
  });

  it("refuses more than 20 characters with GS1 on and allows them with it off", () => {
    const long = { ...valid, lotTemplate: "BATCH-{YYYY}{MM}{DD}-{SEQ:6}" };
    expect(checkShopSettings(long).ok).toBe(false);
    expect(checkShopSettings({ ...long, requireGs1: false }).ok).toBe(true);
  });

  it("upper-cases location codes, drops empty ones, and names a bad one on its location", () => {
    const good = checkShopSettings({ ...valid, locationCodes: { "gid://shopify/Location/1": "wks", "gid://x/2": "" } });
    expect(good).toMatchObject({ ok: true, settings: { locationCodes: { "gid://shopify/Location/1": "WKS" } } });
    const bad = checkShopSettings({ ...valid, locationCodes: { "gid://shopify/Location/1": "North Hall" } });
    expect(bad).toEqual({ ok: false, fields: { "locationCodes.gid://shopify/Location/1": expect.any(String) } });
  });

  it("sorts and de-duplicates warning windows and refuses zero, four windows or words", () => {
    expect(checkShopSettings({ ...valid, expiryWarningDays: [90, 30, 30] })).toMatchObject({
      settings: { expiryWarningDays: [30, 90] },
    });
    for (const days of [[0], [1, 2, 3, 4], [Number.NaN], []]) {
      expect(checkShopSettings({ ...valid, expiryWarningDays: days })).toMatchObject({
        ok: false,
        fields: { expiryWarningDays: expect.any(String) },
      });
    }
  });
});

describe("stored settings", () => {
  it("fall back field by field to the defaults when missing or damaged", () => {
    expect(storedShopSettings.parse({ requireGs1: "yes", lotTemplate: "{SKU}-{SEQ:3}" })).toEqual({
      ...DEFAULT_SHOP_SETTINGS,
      lotTemplate: "{SKU}-{SEQ:3}",
    });
  });
});

describe("settingsFromForm", () => {
  it("reads flags, windows and per-location codes from the posted fields", () => {
    const form = new URLSearchParams({
      lotTemplate: "{SKU}-{SEQ:3}",
      serialTemplate: "{SEQ:6}",
      requireGs1: "false",
      quarantineExpired: "true",
      expiryWarningDays: "7, 14 x",
      orderTagPrefix: "lot:",
      minShelfLifeDays: "",
      returnsToQuarantine: "true",
      "locationCodes.gid://shopify/Location/9": "HQ",
    });
    expect(settingsFromForm(form.entries())).toEqual({
      lotTemplate: "{SKU}-{SEQ:3}",
      serialTemplate: "{SEQ:6}",
      requireGs1: false,
      quarantineExpired: true,
      expiryWarningDays: [7, 14, Number.NaN],
      orderTagPrefix: "lot:",
      minShelfLifeDays: 0,
      returnsToQuarantine: true,
      locationCodes: { "gid://shopify/Location/9": "HQ" },
    });
  });

  it("turns a minimum shelf life that is not a whole number into a named error", () => {
    const check = checkShopSettings({ ...valid, minShelfLifeDays: Number.NaN, orderTagPrefix: "lot, batch" });
    expect(check).toMatchObject({
      ok: false,
      fields: { minShelfLifeDays: expect.stringContaining("days"), orderTagPrefix: expect.stringContaining("lot:") },
    });
  });

  it("is null for a post missing the form's fields", () => {
    expect(settingsFromForm(new URLSearchParams({ lotTemplate: "{SEQ:2}" }).entries())).toBeNull();
  });
});
