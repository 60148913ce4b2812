// A shop's settings: what they are, their defaults, and the checks a save must pass. Pure, so
// the Settings page previews with the same rules the server enforces.
import { z } from "zod";
import {
  type CodeTemplate,
  DEFAULT_LOT_TEMPLATE,
  DEFAULT_SERIAL_TEMPLATE,
  parseCodeTemplate,
} from "../domain/lot-code-template";

export const EXPIRY_WARNING_DAYS = [30, 60, 90] as const;

export interface ShopSettings {
  lotTemplate: string;
  serialTemplate: string;
  /** Codes must fit GS1 AI (10)/(21): at most 20 characters of the GS1 set. Off: up to 64 printable. */
  requireGs1: boolean;
  /** `{LOCATION}` per Shopify location gid; a location without one uses its name's initials. */
  locationCodes: Record<string, string>;
  /** Move an expired lot's `available` stock to `quality_control` in Shopify. */
  quarantineExpired: boolean;
  /** The dashboard's "expiring within" windows, in days, ascending. */
  expiryWarningDays: number[];
  /** Order tags Lotline writes are this prefix + the lot code, e.g. "lot:SOAP-2611-001". */
  orderTagPrefix: string;
  /** Never allocate units with fewer days of shelf life left (0 = any unexpired unit); products may override. */
  minShelfLifeDays: number;
  /** Returned units go to quarantine (`quality_control`) instead of back on sale. */
  returnsToQuarantine: boolean;
}

export const DEFAULT_SHOP_SETTINGS: ShopSettings = {
  lotTemplate: DEFAULT_LOT_TEMPLATE,
  serialTemplate: DEFAULT_SERIAL_TEMPLATE,
  requireGs1: true,
  locationCodes: {},
  quarantineExpired: false,
  expiryWarningDays: [...EXPIRY_WARNING_DAYS],
  orderTagPrefix: "lot:",
  minShelfLifeDays: 0,
  returnsToQuarantine: false,
};

// A tag prefix goes into Shopify order tags (at most 40 characters each, no commas).
const TAG_PREFIX = /^[A-Za-z0-9\-_.:/]{1,12}$/;

// Location codes go into lot codes, so they use the characters a template literal may use.
const LOCATION_CODE = /^[A-Za-z0-9\-_./]{1,10}$/;

/** What a save carries; checked field by field so every mistake is named at once. */
export const shopSettingsInput = z.object({
  lotTemplate: z.string().trim(),
  serialTemplate: z.string().trim(),
  requireGs1: z.boolean(),
  locationCodes: z.record(z.string().min(1), z.string().trim()),
  quarantineExpired: z.boolean(),
  expiryWarningDays: z.array(z.number()),
  orderTagPrefix: z.string().trim(),
  minShelfLifeDays: z.number(),
  returnsToQuarantine: z.boolean(),
});
export type ShopSettingsInput = z.infer<typeof shopSettingsInput>;

/** How stored values are read: anything missing or no longer valid falls back to its default. */
export const storedShopSettings = z.object({
  lotTemplate: z.string().catch(DEFAULT_SHOP_SETTINGS.lotTemplate),
  serialTemplate: z.string().catch(DEFAULT_SHOP_SETTINGS.serialTemplate),
  requireGs1: z.boolean().catch(DEFAULT_SHOP_SETTINGS.requireGs1),
  locationCodes: z.record(z.string(), z.string().regex(LOCATION_CODE)).catch({}),
  quarantineExpired: z.boolean().catch(DEFAULT_SHOP_SETTINGS.quarantineExpired),
  expiryWarningDays: z
    .array(z.number().int().min(1).max(365))
    .min(1)
    .max(3)
    .catch([...EXPIRY_WARNING_DAYS]),
  orderTagPrefix: z.string().regex(TAG_PREFIX).catch(DEFAULT_SHOP_SETTINGS.orderTagPrefix),
  minShelfLifeDays: z.number().int().min(0).max(3650).catch(DEFAULT_SHOP_SETTINGS.minShelfLifeDays),
  returnsToQuarantine: z.boolean().catch(DEFAULT_SHOP_SETTINGS.returnsToQuarantine),
});

export type SettingsCheck =
  | { ok: true; settings: ShopSettings; lotTemplate: CodeTemplate; serialTemplate: CodeTemplate }
  | { ok: false; fields: Record<string, string> };

/** Checks a save; field errors are keyed like the form's fields (`locationCodes.<gid>` per location). */
export function checkShopSettings(input: ShopSettingsInput): SettingsCheck {
  const fields: Record<string, string> = {};
  const lot = parseCodeTemplate(input.lotTemplate, { kind: "lot", requireGs1: input.requireGs1 });
  if (!lot.ok) fields.lotTemplate = lot.error;
  const serial = parseCodeTemplate(input.serialTemplate, { kind: "serial", requireGs1: input.requireGs1 });
  if (!serial.ok) fields.serialTemplate = serial.error;

  const locationCodes: Record<string, string> = {};
  for (const [locationId, code] of Object.entries(input.locationCodes)) {
    if (code === "") continue;
    if (!LOCATION_CODE.test(code)) {
      fields[`locationCodes.${locationId}`] =
        `"${code}" cannot be a location code: use 1 to 10 letters, digits, "-", "_", "." or "/"`;
    } else {
      locationCodes[locationId] = code.toUpperCase();
    }
  }

  const days = [...new Set(input.expiryWarningDays)].sort((a, b) => a - b);
  if (days.length === 0 || days.length > 3 || days.some((day) => !(day >= 1 && day <= 365))) {
    fields.expiryWarningDays = "Give one to three warning windows, each from 1 to 365 days, e.g. 30, 60, 90";
  }

  if (!TAG_PREFIX.test(input.orderTagPrefix)) {
    fields.orderTagPrefix = 'Use 1 to 12 letters, digits, "-", "_", ".", ":" or "/", e.g. lot:';
  }
  if (!Number.isInteger(input.minShelfLifeDays) || input.minShelfLifeDays < 0 || input.minShelfLifeDays > 3650) {
    fields.minShelfLifeDays = "Give a whole number of days from 0 (any unexpired unit) to 3650";
  }

  if (!lot.ok || !serial.ok || Object.keys(fields).length > 0) return { ok: false, fields };
  return {
    ok: true,
    settings: {
      lotTemplate: input.lotTemplate,
      serialTemplate: input.serialTemplate,
      requireGs1: input.requireGs1,
      locationCodes,
      quarantineExpired: input.quarantineExpired,
      expiryWarningDays: days,
      orderTagPrefix: input.orderTagPrefix,
      minShelfLifeDays: input.minShelfLifeDays,
      returnsToQuarantine: input.returnsToQuarantine,
    },
    lotTemplate: lot.template,
    serialTemplate: serial.template,
  };
}
