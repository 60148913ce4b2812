// Recall settings, stored as one `Setting` row (key "recalls") per shop, read leniently (each
// field falls back to its default) and saved only when every field passes, with an audit entry.
import type { Db, Prisma } from "../db.server";
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
  const row = await db.setting.findUnique({ where: { shopId_key: { shopId, key: SETTINGS_KEY } } });
  const stored =
    row && typeof row.value === "object" && row.value !== null && !Array.isArray(row.value) ? row.value : {};
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
  const changes: Record<string, { from: Prisma.InputJsonValue | null; to: Prisma.InputJsonValue | null }> = {};
  for (const key of Object.keys(checked.settings) as (keyof RecallSettings)[]) {
    if (before[key] !== checked.settings[key]) changes[key] = { from: before[key], to: checked.settings[key] };
  }
  const value = checked.settings as unknown as Prisma.InputJsonObject;
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
              details: changes as Prisma.InputJsonObject,
            },
          }),
        ]
      : []),
  ]);
  return checked.settings;
}
