// Shop settings, stored as one `Setting` row (key "shop") per shop. Reads never fail on an old
// or damaged value: each field falls back to its default. Saves are checked in full first.
import type { Db, Prisma } from "../db.server";
import { AppError } from "../utils/errors";
import {
  checkShopSettings,
  DEFAULT_SHOP_SETTINGS,
  type ShopSettings,
  type ShopSettingsInput,
  storedShopSettings,
} from "./shop-settings";

export const SETTINGS_KEY = "shop";

export async function retrieveShopSettings(db: Db, shopId: string): Promise<ShopSettings> {
  const row = await db.setting.findUnique({ where: { shopId_key: { shopId, key: SETTINGS_KEY } } });
  return shopSettingsFrom(row?.value);
}

/** Settings from the stored row's value (undefined or null = no row: every default). */
export function shopSettingsFrom(value: unknown): ShopSettings {
  const stored = value && typeof value === "object" && !Array.isArray(value) ? value : {};
  return { ...DEFAULT_SHOP_SETTINGS, ...storedShopSettings.parse(stored) };
}

/**
 * Saves the settings and audits what changed (before → after per setting), or throws
 * INVALID_DATA naming each bad field, having saved nothing.
 */
export async function updateShopSettings(
  db: Db,
  shopId: string,
  input: ShopSettingsInput,
  actor: string,
): Promise<ShopSettings> {
  const checked = checkShopSettings(input);
  if (!checked.ok) {
    const count = Object.keys(checked.fields).length;
    throw new AppError(
      "INVALID_DATA",
      count === 1 ? "A setting needs fixing; nothing was saved." : `${count} settings need fixing; nothing was saved.`,
      checked.fields,
    );
  }
  const value = checked.settings as unknown as Prisma.InputJsonObject;
  const before = await retrieveShopSettings(db, shopId);
  const changes = changedSettings(before, checked.settings);
  await db.$transaction([
    db.setting.upsert({
      where: { shopId_key: { shopId, key: SETTINGS_KEY } },
      create: { shopId, key: SETTINGS_KEY, value },
      update: { value },
    }),
    ...(Object.keys(changes).length > 0
      ? [
          db.auditEntry.create({
            data: {
              shopId,
              actor,
              action: "settings.updated",
              subjectType: "Setting",
              subjectId: SETTINGS_KEY,
              details: changes,
            },
          }),
        ]
      : []),
  ]);
  return checked.settings;
}

function changedSettings(before: ShopSettings, after: ShopSettings): Prisma.InputJsonObject {
  const changes: Record<string, { from: Prisma.InputJsonValue; to: Prisma.InputJsonValue }> = {};
  for (const key of Object.keys(after) as (keyof ShopSettings)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changes[key] = { from: before[key] as Prisma.InputJsonValue, to: after[key] as Prisma.InputJsonValue };
    }
  }
  return changes;
}
