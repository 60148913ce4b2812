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

const SETTINGS_KEY = "shop";

export async function retrieveShopSettings(db: Db, shopId: string): Promise<ShopSettings> {
  const row = await db.setting.findUnique({ where: { shopId_key: { shopId, key: SETTINGS_KEY } } });
  const stored = row && typeof row.value === "object" && !Array.isArray(row.value) ? row.value : {};
  return { ...DEFAULT_SHOP_SETTINGS, ...storedShopSettings.parse(stored ?? {}) };
}

/** Saves the settings, or throws INVALID_DATA naming each bad field, having saved nothing. */
export async function updateShopSettings(db: Db, shopId: string, input: ShopSettingsInput): Promise<ShopSettings> {
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
  await db.setting.upsert({
    where: { shopId_key: { shopId, key: SETTINGS_KEY } },
    create: { shopId, key: SETTINGS_KEY, value },
    update: { value },
  });
  return checked.settings;
}
