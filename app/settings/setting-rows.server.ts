// A group of shop settings kept as one `Setting` row (key per group: "shop", "recalls",
// "trace-details"): read as a plain object whatever is stored, and saved together with an audit
// entry naming each changed setting (before → after), in one transaction.
import type { Db, Prisma } from "../db.server";

/** The stored object of a group; anything else (no row, a damaged value) reads as empty. */
export async function readSettingRow(db: Db, shopId: string, key: string): Promise<Record<string, unknown>> {
  const row = await db.setting.findUnique({ where: { shopId_key: { shopId, key } } });
  return storedObject(row?.value);
}

export function storedObject(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Saves `after`; the audit entry lists the settings whose value differs from `before` (none: no entry). */
export async function saveSettingRow<T extends object>(
  db: Db,
  input: { shopId: string; key: string; before: T; after: T; actor: string; action?: string },
): Promise<void> {
  const { shopId, key } = input;
  const value = input.after as unknown as Prisma.InputJsonObject;
  const changes = changedSettings(input.before, input.after);
  await db.$transaction([
    db.setting.upsert({ where: { shopId_key: { shopId, key } }, create: { shopId, key, value }, update: { value } }),
    ...(Object.keys(changes).length > 0
      ? [
          db.auditEntry.create({
            data: {
              shopId,
              actor: input.actor,
              action: input.action ?? "settings.updated",
              subjectType: "Setting",
              subjectId: key,
              details: changes,
            },
          }),
        ]
      : []),
  ]);
}

function changedSettings<T extends object>(before: T, after: T): Prisma.InputJsonObject {
  const changes: Record<string, { from: Prisma.InputJsonValue | null; to: Prisma.InputJsonValue | null }> = {};
  for (const key of Object.keys(after) as (keyof T & string)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changes[key] = {
        from: (before[key] ?? null) as Prisma.InputJsonValue | null,
        to: (after[key] ?? null) as Prisma.InputJsonValue | null,
      };
    }
  }
  return changes;
}
