// The Settings form as posted: flat fields (`locationCodes.<gid>`, checkboxes as "true"/"false",
// warning windows as "30, 60, 90") turned into the input the settings service checks.
import { z } from "zod";
import type { RecallSettingsInput } from "../recalls/recall-settings";
import type { ShopSettingsInput } from "./shop-settings";

const LOCATION_PREFIX = "locationCodes.";

const flag = z.enum(["true", "false"]).transform((value) => value === "true");

const postedSettings = z.object({
  lotTemplate: z.string().max(500),
  serialTemplate: z.string().max(500),
  requireGs1: flag,
  quarantineExpired: flag,
  expiryWarningDays: z.string().max(100),
  orderTagPrefix: z.string().max(100),
  minShelfLifeDays: z.string().max(20),
  returnsToQuarantine: flag,
});

/** null when the post is not the Settings form at all (a stale page, a hand-made request). */
export function settingsFromForm(entries: Iterable<[string, FormDataEntryValue]>): ShopSettingsInput | null {
  const fields: Record<string, string> = {};
  const locationCodes: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (typeof value !== "string") return null;
    if (name.startsWith(LOCATION_PREFIX)) locationCodes[name.slice(LOCATION_PREFIX.length)] = value;
    else fields[name] = value;
  }
  const parsed = postedSettings.safeParse(fields);
  if (!parsed.success) return null;
  const days = parsed.data.expiryWarningDays
    .split(/[\s,]+/)
    .filter(Boolean)
    // A word where a number belongs becomes NaN and fails the range check with its message.
    .map((day) => (/^\d+$/.test(day) ? Number(day) : Number.NaN));
  const minShelfLifeDays = parsed.data.minShelfLifeDays.trim();
  return {
    ...parsed.data,
    expiryWarningDays: days,
    locationCodes,
    // Empty means "no minimum"; a word becomes NaN and fails the range check with its message.
    minShelfLifeDays:
      minShelfLifeDays === "" ? 0 : /^\d+$/.test(minShelfLifeDays) ? Number(minShelfLifeDays) : Number.NaN,
  };
}

export function locationCodeField(locationId: string): string {
  return `${LOCATION_PREFIX}${locationId}`;
}

/** The "Recall notices" card posts on its own, with this intent. */
export const RECALL_SETTINGS_INTENT = "recallSettings";

const postedRecallSettings = z.object({
  sendRatePerSecond: z.string().max(20),
  reminderAfterDays: z.string().max(20),
  maxReminders: z.string().max(20),
  logoUrl: z.string().max(2000),
  replyTo: z.string().max(320),
});

/** null when the post is not the Recall notices form. Words where numbers belong become NaN (named errors). */
export function recallSettingsFromForm(entries: Iterable<[string, FormDataEntryValue]>): RecallSettingsInput | null {
  const fields: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (typeof value !== "string") return null;
    fields[name] = value;
  }
  if (fields.intent !== RECALL_SETTINGS_INTENT) return null;
  const parsed = postedRecallSettings.safeParse(fields);
  if (!parsed.success) return null;
  const whole = (value: string) => (/^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN);
  return {
    sendRatePerSecond: whole(parsed.data.sendRatePerSecond),
    reminderAfterDays: whole(parsed.data.reminderAfterDays),
    maxReminders: whole(parsed.data.maxReminders),
    logoUrl: parsed.data.logoUrl.trim(),
    replyTo: parsed.data.replyTo.trim(),
  };
}
