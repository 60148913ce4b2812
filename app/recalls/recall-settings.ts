// How a shop's recall notices go out: send rate, reminders, and the sender details customers see.
// Pure, so the Settings page and the server check a save with the same rules.
import { z } from "zod";

export interface RecallSettings {
  /** Notices per second for this shop, across every worker (mail providers cap senders). */
  sendRatePerSecond: number;
  /** A customer who has not acknowledged gets a reminder this many days after the last notice. */
  reminderAfterDays: number;
  /** At most this many reminders per customer and recall (0 = none). */
  maxReminders: number;
  /** Shown at the top of the notice; https only (mail clients block the rest). */
  logoUrl: string | null;
  /** Where customers' replies go; unset = the recall's contact email, if any. */
  replyTo: string | null;
}

export const DEFAULT_RECALL_SETTINGS: RecallSettings = {
  sendRatePerSecond: 20,
  reminderAfterDays: 7,
  maxReminders: 2,
  logoUrl: null,
  replyTo: null,
};

export const RECALL_SETTING_LIMITS = {
  sendRatePerSecond: { min: 1, max: 1000 },
  reminderAfterDays: { min: 1, max: 90 },
  maxReminders: { min: 0, max: 5 },
} as const;

const EMAIL = z.email();
const HTTPS_URL = z.url({ protocol: /^https$/ });

const whole = (name: keyof typeof RECALL_SETTING_LIMITS) =>
  z
    .number()
    .int()
    .min(RECALL_SETTING_LIMITS[name].min)
    .max(RECALL_SETTING_LIMITS[name].max)
    .catch(DEFAULT_RECALL_SETTINGS[name]);

/** How stored values are read: anything missing or no longer valid falls back to its default. */
export const storedRecallSettings = z.object({
  sendRatePerSecond: whole("sendRatePerSecond"),
  reminderAfterDays: whole("reminderAfterDays"),
  maxReminders: whole("maxReminders"),
  logoUrl: HTTPS_URL.nullable().catch(null),
  replyTo: EMAIL.nullable().catch(null),
});

/** What a save carries: numbers (NaN for a word typed where a number belongs) and trimmed text. */
export const recallSettingsInput = z.object({
  sendRatePerSecond: z.number(),
  reminderAfterDays: z.number(),
  maxReminders: z.number(),
  logoUrl: z.string().trim(),
  replyTo: z.string().trim(),
});
export type RecallSettingsInput = z.infer<typeof recallSettingsInput>;

export type RecallSettingsCheck =
  | { ok: true; settings: RecallSettings }
  | { ok: false; fields: Record<string, string> };

/** Checks a save; every bad field is named at once, keyed like the form's fields. */
export function checkRecallSettings(input: RecallSettingsInput): RecallSettingsCheck {
  const fields: Record<string, string> = {};
  const inRange = (name: keyof typeof RECALL_SETTING_LIMITS, message: string) => {
    const { min, max } = RECALL_SETTING_LIMITS[name];
    const value = input[name];
    if (!Number.isInteger(value) || value < min || value > max) fields[name] = message;
  };
  inRange("sendRatePerSecond", "Give a whole number of notices per second from 1 to 1000 (ask your mail provider)");
  inRange("reminderAfterDays", "Give a whole number of days from 1 to 90");
  inRange("maxReminders", "Give a whole number of reminders from 0 (none) to 5");
  const logoUrl = input.logoUrl.trim();
  if (logoUrl && !HTTPS_URL.safeParse(logoUrl).success) {
    fields.logoUrl = "Give the full https:// address of the logo image, or leave it empty";
  }
  const replyTo = input.replyTo.trim();
  if (replyTo && !EMAIL.safeParse(replyTo).success) {
    fields.replyTo = `"${replyTo}" is not an email address, e.g. care@your-shop.com`;
  }
  if (Object.keys(fields).length > 0) return { ok: false, fields };
  return {
    ok: true,
    settings: {
      sendRatePerSecond: input.sendRatePerSecond,
      reminderAfterDays: input.reminderAfterDays,
      maxReminders: input.maxReminders,
      logoUrl: logoUrl || null,
      replyTo: replyTo || null,
    },
  };
}
