// Shop settings, stored as one `Setting` row (key "shop") per shop. Reads never fail on an old
// or damaged value: each field falls back to its default. Saves are checked in full first.
import type { Db } from "../db.server";
import { AppError } from "../utils/errors";
import { readSettingRow, saveSettingRow, storedObject } from "./setting-rows.server";
import {
  checkShopSettings,
  DEFAULT_SHOP_SETTINGS,
  type ShopSettings,
  type ShopSettingsInput,
  storedShopSettings,
} from "./shop-settings";

export const SETTINGS_KEY = "shop";

export async function retrieveShopSettings(db: Db, shopId: string): Promise<ShopSettings> {
  return shopSettingsFrom(await readSettingRow(db, shopId, SETTINGS_KEY));
}

/** Settings from the stored row's value (undefined or null = no row: every default). */
export function shopSettingsFrom(value: unknown): ShopSettings {
  return { ...DEFAULT_SHOP_SETTINGS, ...storedShopSettings.parse(storedObject(value)) };
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
  const before = await retrieveShopSettings(db, shopId);
  await saveSettingRow(db, { shopId, key: SETTINGS_KEY, before, after: checked.settings, actor });
  return checked.settings;
}
