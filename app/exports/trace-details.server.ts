// Reads and saves the merchant's business details (Setting "trace-details") and describes every
// location and supplier the shop's ledger mentions, flagging what is still missing.
import type { Db } from "../db.server";
import { readSettingRow, saveSettingRow } from "../settings/setting-rows.server";
import { AppError } from "../utils/errors";
import {
  checkTraceDetails,
  describeParty,
  type PartyDescription,
  storedTraceDetails,
  supplierKey,
  type TraceDetails,
} from "./trace-details";

export const TRACE_DETAILS_KEY = "trace-details";

export async function retrieveTraceDetails(db: Db, shopId: string): Promise<TraceDetails> {
  return storedTraceDetails(await readSettingRow(db, shopId, TRACE_DETAILS_KEY));
}

export async function updateTraceDetails(
  db: Db,
  input: { shopId: string; details: unknown; actor: string },
): Promise<TraceDetails> {
  const checked = checkTraceDetails(input.details);
  if (!checked.ok) {
    throw new AppError("INVALID_DATA", "Some details need fixing; nothing was saved.", checked.fields);
  }
  await saveSettingRow(db, {
    shopId: input.shopId,
    key: TRACE_DETAILS_KEY,
    before: await retrieveTraceDetails(db, input.shopId),
    after: checked.value,
    actor: input.actor,
    action: "trace-details.updated",
  });
  return checked.value;
}

/** The locations and suppliers the shop's receipts, lots and ledger mention. */
export async function listTraceParties(
  db: Db,
  shopId: string,
): Promise<{ locations: { id: string; code: string | null }[]; suppliers: string[] }> {
  const [locations, suppliers] = await Promise.all([
    db.$queryRaw<{ id: string; code: string | null }[]>`
      SELECT l."locationId" AS id, MAX(r."locationCode") AS code
      FROM (SELECT DISTINCT "locationId" FROM "Lot" WHERE "shopId" = ${shopId}::uuid
            UNION SELECT DISTINCT "locationId" FROM "Receipt" WHERE "shopId" = ${shopId}::uuid) l
      LEFT JOIN "Receipt" r ON r."shopId" = ${shopId}::uuid AND r."locationId" = l."locationId"
      GROUP BY l."locationId" ORDER BY l."locationId"`,
    // Imported lots carry their supplier on the ledger row, not on a receipt.
    db.$queryRaw<{ name: string }[]>`
      SELECT DISTINCT name FROM (
        SELECT "supplierName" AS name FROM "Receipt" WHERE "shopId" = ${shopId}::uuid
        UNION SELECT reference->>'supplierName' FROM "LotEvent"
          WHERE "shopId" = ${shopId}::uuid AND type = 'received' AND "receiptId" IS NULL
      ) s WHERE name IS NOT NULL AND name <> '' ORDER BY name`,
  ]);
  return { locations, suppliers: suppliers.map((row) => row.name) };
}

/**
 * Every location (keyed by gid) and supplier (keyed by `supplierKey(name)`) the shop's data
 * mentions or the merchant described, with what is missing. A location without a business
 * name falls back to its receiving code so a file still says which place it means.
 */
export async function describeLocations(db: Db, shopId: string): Promise<Map<string, PartyDescription>> {
  const [details, parties] = await Promise.all([retrieveTraceDetails(db, shopId), listTraceParties(db, shopId)]);
  const described = new Map<string, PartyDescription>();
  const codes = new Map(parties.locations.map((location) => [location.id, location.code]));
  for (const id of new Set([...codes.keys(), ...Object.keys(details.locations)])) {
    described.set(id, describeParty(details.locations[id], null));
    const code = codes.get(id);
    const entry = described.get(id)!;
    if (!entry.name && code) entry.name = `Location ${code}`;
  }
  for (const name of new Set([...parties.suppliers, ...Object.keys(details.suppliers)])) {
    described.set(supplierKey(name), describeParty(details.suppliers[name], name));
  }
  return described;
}
