import { describe, expect, it } from "vitest";
import { recallSettingsFromForm } from "../settings/settings-form";
import { checkRecallSettings, DEFAULT_RECALL_SETTINGS, storedRecallSettings } from "./recall-settings";

const valid = { sendRatePerSecond: 20, reminderAfterDays: 7, maxReminders: 2, logoUrl: "", replyTo: "" };

describe("checkRecallSettings", () => {
  it("accepts the defaults, with empty logo and reply-to saved as unset", () => {
    expect(checkRecallSettings(valid)).toEqual({ ok: true, settings: DEFAULT_RECALL_SETTINGS });
  });

  it("keeps an https logo and a reply-to address", () => {
    const checked = checkRecallSettings({
      ...valid,
      logoUrl: "https://cdn.example.com/logo.png",
      replyTo: "care@soap.example",
    });
    expect(checked).toMatchObject({
      ok: true,
      settings: { logoUrl: "https://cdn.example.com/logo.png", replyTo: "care@soap.example" },
    });
  });

  it("names every bad field at once", () => {
    const checked = checkRecallSettings({
      sendRatePerSecond: 0,
      reminderAfterDays: Number.NaN,
      maxReminders: 9,
      logoUrl: "http://insecure.example/logo.png",
      replyTo: "not an address",
    });
    expect(checked).toEqual({
      ok: false,
      fields: {
        sendRatePerSecond: expect.stringContaining("1 to 1000"),
        reminderAfterDays: expect.stringContaining("1 to 90"),
        maxReminders: expect.stringContaining("0 (none) to 5"),
        logoUrl: expect.stringContaining("https://"),
        replyTo: expect.stringContaining("not an address"),
      },
    });
  });

  it("allows no reminders at all", () => {
    expect(checkRecallSettings({ ...valid, maxReminders: 0 })).toMatchObject({
      ok: true,
      settings: { maxReminders: 0 },
    });
  });
});

describe("stored recall settings", () => {
  it("fall back field by field to the defaults when missing or damaged", () => {
    expect(storedRecallSettings.parse({ sendRatePerSecond: "fast", maxReminders: 4, replyTo: "x" })).toEqual({
      ...DEFAULT_RECALL_SETTINGS,
      maxReminders: 4,
    });
  });
});

describe("recallSettingsFromForm", () => {
  it("reads the Recall notices card, turning words where numbers belong into NaN", () => {
    const form = new URLSearchParams({
      intent: "recallSettings",
      sendRatePerSecond: " 50 ",
      reminderAfterDays: "a week",
      maxReminders: "1",
      logoUrl: " https://cdn.example.com/logo.png ",
      replyTo: "care@soap.example",
    });
    expect(recallSettingsFromForm(form.entries())).toEqual({
      sendRatePerSecond: 50,
      reminderAfterDays: Number.NaN,
      maxReminders: 1,
      logoUrl: "https://cdn.example.com/logo.png",
      replyTo: "care@soap.example",
    });
  });

  it("is null for the other Settings form or a post missing fields", () => {
    expect(recallSettingsFromForm(new URLSearchParams({ lotTemplate: "{SEQ:2}" }).entries())).toBeNull();
    expect(recallSettingsFromForm(new URLSearchParams({ intent: "recallSettings" }).entries())).toBeNull();
  });
});
