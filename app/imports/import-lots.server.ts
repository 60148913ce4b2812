// The `lots.import` job: writes the rows of a started lot import as lots, all in one database
// transaction, so the shop gets every row it asked for or none. The file is checked again first
// (another receipt may have taken a code since the dry run). Opening balances are stock Shopify
// already counts, so nothing is written to Shopify; matching unassigned stock shrinks instead.
//
// Progress: the transaction's rows are invisible until it commits, so `processedRows` is written
// outside it, through the client's other pooled connections, after each chunk. At most one such
// write is in flight and it only ever raises the count of an import still importing, so a late
// one can never undo the final state. (On embedded PGlite, a single connection, the write waits
// for the commit: there the bar jumps from 0 to done.)
import type { Db, Prisma } from "../db.server";
import type { JobPayload } from "../jobs/contract";
import { takeSequenceNumbers } from "../models/code-sequence.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { AppError } from "../utils/errors";
import { logger } from "../utils/logger.server";
import { parseLotCsv } from "./lot-csv";
import { issueAndCheckCodes, loadImportContext } from "./lot-import-check.server";
import {
  type IssuedImportRow,
  importSequenceDemand,
  planLotImportRows,
  type RowError,
  sortErrors,
} from "./lot-import-rows";
import { storedErrors } from "./lot-imports.server";

type Tx = Prisma.TransactionClient;

export interface ImportLotsCollaborators {
  /** The shop's Admin API (the offline session's in workers). */
  adminGraphql: (shopDomain: string) => Promise<AdminGraphql>;
  /** Rows per chunk written (and per progress step); tests make it small. */
  chunkSize?: number;
  now?: Date;
}

export type ImportLotsResult =
  | { status: "completed"; imported: number; skipped: number; alreadyDone?: boolean }
  | { status: "failed"; error: string };

const DEFAULT_CHUNK = 500;
// Serial rows have 5 columns; PostgreSQL takes at most 65,535 bind parameters per statement.
const SERIAL_CHUNK = 5_000;
// 10,000 rows take seconds on PostgreSQL; the limit only stops a transaction that hangs.
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 15 * 60_000 };

class RowsRefused extends Error {
  constructor(
    readonly errors: RowError[],
    readonly validRows: number,
  ) {
    super("rows refused");
  }
}

export async function importLots(
  db: Db,
  payload: JobPayload<"lots.import">,
  collaborators: ImportLotsCollaborators,
): Promise<ImportLotsResult> {
  const { shopId, importId } = payload;
  const lotImport = await db.lotImport.findFirst({ where: { id: importId, shopId } });
  if (!lotImport) throw new AppError("NOT_FOUND", `Lot import ${importId} does not exist in shop ${shopId}.`);
  if (lotImport.status === "completed") {
    return { status: "completed", imported: lotImport.processedRows, skipped: 0, alreadyDone: true };
  }
  if (lotImport.status !== "importing" && lotImport.status !== "failed") {
    throw new AppError("NOT_ALLOWED", `Lot import ${importId} was not started (it is ${lotImport.status}).`);
  }
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { domain: true, uninstalledAt: true } });
  if (!shop || shop.uninstalledAt) throw new AppError("NOT_ALLOWED", "Lotline is not installed on this shop.");

  // A retry after a crash or a transient failure starts over: the rolled-back attempt left nothing.
  await db.lotImport.updateMany({
    where: { id: importId, shopId, status: { in: ["importing", "failed"] } },
    data: { status: "importing", processedRows: 0, error: null, startedAt: lotImport.startedAt ?? new Date() },
  });

  try {
    const parsed = parseLotCsv(lotImport.content);
    if (!parsed.ok) return await markFailed(db, lotImport, `The stored file cannot be read: ${parsed.error}`);
    const context = await loadImportContext(db, {
      shopId,
      actor: lotImport.createdBy,
      graphql: await collaborators.adminGraphql(shop.domain),
      rows: parsed.rows,
      now: collaborators.now,
    });
    const { planned, errors: rowErrors } = planLotImportRows(parsed.rows, context);
    const progress = progressWriter(db, shopId, importId);

    const outcome = await db.$transaction(async (tx) => {
      // One import at a time per import: a second run of the job waits here, then sees it done.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`lot-import:${importId}`}, 0))`;
      const current = await tx.lotImport.findFirst({ where: { id: importId, shopId }, select: { status: true } });
      if (current?.status === "completed") return null;

      const firstNumber = await takeSequenceNumbers(tx, shopId, importSequenceDemand(planned));
      const { issued, errors: codeErrors } = await issueAndCheckCodes(tx, shopId, planned, firstNumber);
      const errors = sortErrors([...rowErrors, ...codeErrors]);
      if (errors.length > 0 && !lotImport.skipInvalidRows) throw new RowsRefused(errors, issued.length);

      await writeLots(
        tx,
        shopId,
        importId,
        lotImport.createdBy,
        issued,
        collaborators.chunkSize ?? DEFAULT_CHUNK,
        progress.report,
      );
      await decrementUnassignedStock(tx, shopId, issued);
      await tx.auditEntry.create({
        data: {
          shopId,
          actor: lotImport.createdBy,
          action: "lots.imported",
          subjectType: "LotImport",
          subjectId: importId,
          details: {
            fileName: lotImport.fileName,
            imported: issued.length,
            skipped: parsed.rows.length - issued.length,
          },
        },
      });
      // A progress write still in flight waits for this row's lock, then finds the import completed.
      await tx.lotImport.update({
        where: { id: importId },
        data: {
          status: "completed",
          totalRows: parsed.rows.length,
          validRows: issued.length,
          processedRows: issued.length,
          rowErrors: storedErrors(errors),
          error: null,
          completedAt: new Date(),
        },
      });
      return { imported: issued.length, skipped: parsed.rows.length - issued.length };
    }, TRANSACTION_OPTIONS);
    await progress.settle();

    if (!outcome) return { status: "completed", imported: lotImport.processedRows, skipped: 0, alreadyDone: true };
    logger.info({ shopId, importId, ...outcome }, "lots imported");
    return { status: "completed", ...outcome };
  } catch (error) {
    if (error instanceof RowsRefused) {
      const count = new Set(error.errors.map((e) => e.line)).size;
      return markFailed(
        db,
        lotImport,
        `${count} ${count === 1 ? "row has" : "rows have"} problems now, so nothing was imported. Fix ${count === 1 ? "it" : "them"} and upload the file again, or import with "Skip invalid rows".`,
        { errors: error.errors, validRows: error.validRows },
      );
    }
    if (error instanceof AppError && error.kind !== "CONFLICT") {
      return markFailed(db, lotImport, error.message);
    }
    // Worth a retry (Shopify or the database away, a code taken at the last moment): say so, rethrow.
    await db.lotImport.updateMany({
      where: { id: importId, shopId, status: "importing" },
      data: {
        status: "failed",
        processedRows: 0,
        error: `The import stopped before finishing and nothing was imported; it is retried automatically. (${(error as Error).message})`,
      },
    });
    throw error;
  }
}

async function writeLots(
  tx: Tx,
  shopId: string,
  importId: string,
  actor: string,
  rows: readonly IssuedImportRow[],
  chunkSize: number,
  report: (processed: number) => void,
) {
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    const lots = await tx.lot.createManyAndReturn({
      data: chunk.map((row) => {
        const line = row.plan.lines[0];
        return {
          shopId,
          code: row.lotCode,
          inventoryItemId: line.variant.inventoryItemId,
          variantId: line.variant.variantId,
          productId: line.variant.productId,
          locationId: row.plan.locationId,
          sku: line.variant.sku,
          productTitle: line.variant.productTitle,
          supplierLotCode: line.supplierLotCode,
          gtin: line.gtin,
          producedAt: line.producedAt,
          bestBefore: line.bestBefore,
          expiresAt: line.expiresAt,
          receivedAt: row.plan.receivedAt,
          receivedQuantity: line.quantity,
          onHandQuantity: line.quantity,
        };
      }),
      select: { id: true, code: true },
    });
    // RETURNING order is not promised; codes are unique per shop.
    const lotIdByCode = new Map(lots.map((lot) => [lot.code, lot.id]));

    const serialRows = chunk.flatMap((row) =>
      row.serials.map((serial) => ({
        shopId,
        serial,
        lotId: lotIdByCode.get(row.lotCode)!,
        productId: row.plan.lines[0].variant.productId,
        variantId: row.plan.lines[0].variant.variantId,
      })),
    );
    for (let at = 0; at < serialRows.length; at += SERIAL_CHUNK) {
      await tx.serialNumber.createMany({ data: serialRows.slice(at, at + SERIAL_CHUNK) });
    }

    await tx.lotEvent.createMany({
      data: chunk.map((row) => ({
        shopId,
        lotId: lotIdByCode.get(row.lotCode)!,
        type: "received" as const,
        quantity: row.plan.lines[0].quantity,
        occurredAt: row.plan.receivedAt,
        actor,
        reference: { importId, line: row.line, supplierName: row.supplierName },
      })),
    });
    report(start + chunk.length);
  }
}

/** Unassigned stock of the same item and location is what the imported lots now explain. */
async function decrementUnassignedStock(tx: Tx, shopId: string, rows: readonly IssuedImportRow[]) {
  const byLevel = new Map<string, { item: string; location: string; quantity: number }>();
  for (const row of rows) {
    const item = row.plan.lines[0].variant.inventoryItemId;
    const key = `${item}\u0000${row.plan.locationId}`;
    const level = byLevel.get(key) ?? { item, location: row.plan.locationId, quantity: 0 };
    level.quantity += row.plan.lines[0].quantity;
    byLevel.set(key, level);
  }
  if (byLevel.size === 0) return;
  const levels = [...byLevel.values()];
  await tx.$executeRaw`
    UPDATE "UnassignedStock" AS stock
    SET "quantity" = GREATEST(stock."quantity" - imported.quantity, 0), "updatedAt" = now()
    FROM unnest(${levels.map((l) => l.item)}::text[], ${levels.map((l) => l.location)}::text[], ${levels.map((l) => l.quantity)}::int[])
      AS imported(item, location, quantity)
    WHERE stock."shopId" = ${shopId}::uuid
      AND stock."inventoryItemId" = imported.item
      AND stock."locationId" = imported.location`;
}

/** Writes progress outside the transaction: one write at a time, later counts skipped while one is pending. */
function progressWriter(db: Db, shopId: string, importId: string) {
  let pending: Promise<unknown> | null = null;
  return {
    report(processed: number) {
      if (pending) return;
      pending = db.lotImport
        .updateMany({
          where: { id: importId, shopId, status: "importing", processedRows: { lt: processed } },
          data: { processedRows: processed },
        })
        .catch((error: unknown) => logger.warn({ err: error, shopId, importId }, "import progress not recorded"))
        .finally(() => {
          pending = null;
        });
    },
    /** Waits for a write in flight; only after the commit (on one connection it waits for the commit). */
    async settle() {
      await pending;
    },
  };
}

async function markFailed(
  db: Db,
  lotImport: { id: string; shopId: string },
  error: string,
  rows?: { errors: RowError[]; validRows: number },
): Promise<ImportLotsResult> {
  await db.lotImport.updateMany({
    where: { id: lotImport.id, shopId: lotImport.shopId },
    data: {
      status: "failed",
      processedRows: 0,
      error,
      ...(rows ? { rowErrors: storedErrors(rows.errors), validRows: rows.validRows } : {}),
    },
  });
  return { status: "failed", error };
}
