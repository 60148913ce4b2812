// Recall settings, stored as one `Setting` row (key "recalls") per shop, read leniently (each
// field falls back to its default) and saved only when every field passes, with an audit entry.
import type { Db } from "../db.server";
import { readSettingRow, saveSettingRow } from "../settings/setting-rows.server";
import { AppError } from "../utils/errors";
import {
  checkRecallSettings,
  DEFAULT_RECALL_SETTINGS,
  type RecallSettings,
  type RecallSettingsInput,
  storedRecallSettings,
} from "./recall-settings";

const SETTINGS_KEY = "recalls";

export async function retrieveRecallSettings(db: Db, shopId: string): Promise<RecallSettings> {
  const stored = await readSettingRow(db, shopId, SETTINGS_KEY);
  return { ...DEFAULT_RECALL_SETTINGS, ...storedRecallSettings.parse(stored) };
}

/** Saves and audits what changed (before → after), or throws INVALID_DATA naming each bad field. */
export async function updateRecallSettings(
  db: Db,
  shopId: string,
  input: RecallSettingsInput,
  actor: string,
): Promise<RecallSettings> {
  const checked = checkRecallSettings(input);
  if (!checked.ok) {
    const count = Object.keys(checked.fields).length;
    throw new AppError(
      "INVALID_DATA",
      count === 1
        ? "A recall setting needs fixing; nothing was saved."
        : `${count} recall settings need fixing; nothing was saved.`,
      checked.fields,
    );
  }
  const before = await retrieveRecallSettings(db, shopId);
  await saveSettingRow(db, { shopId, key: SETTINGS_KEY, before, after: checked.settings, actor });
  return checked.settings;
}
