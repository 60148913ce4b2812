// Lot imports as the merchant drives them: upload a file for a dry run (every row checked,
// nothing but the check itself stored), start the import of the rows that passed, and read an
// import back — always within the merchant's own shop.
import type { Db, Prisma } from "../db.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { AppError } from "../utils/errors";
import { decodeCsvBytes, parseLotCsv } from "./lot-csv";
import { issueAndCheckCodes, loadImportContext, peekSequenceNumbers } from "./lot-import-check.server";
import { importSequenceDemand, planLotImportRows, type RowError, sortErrors } from "./lot-import-rows";

/** Errors kept on an import; the page shows the first 200 and the count of rows with problems. */
export const MAX_STORED_ERRORS = 2_000;

export interface CheckLotImportInput {
  shopId: string;
  /** Who uploaded it, as audit entries name actors. */
  actor: string;
  fileName: string;
  bytes: Uint8Array;
}

/**
 * The dry run: reads the file, checks every row against the shop and stores the outcome as a
 * `validated` import. Writes no lots. A file that cannot be read at all (too large, not CSV,
 * unknown columns) is refused with INVALID_DATA and stores nothing.
 */
export async function checkLotImportFile(
  db: Db,
  input: CheckLotImportInput,
  collaborators: { graphql: AdminGraphql; now?: Date },
) {
  const decoded = decodeCsvBytes(input.bytes);
  if (!decoded.ok) throw fileRefused(decoded.error);
  const parsed = parseLotCsv(decoded.text);
  if (!parsed.ok) throw fileRefused(parsed.error);

  const context = await loadImportContext(db, {
    shopId: input.shopId,
    actor: input.actor,
    graphql: collaborators.graphql,
    rows: parsed.rows,
    now: collaborators.now,
  });
  const { planned, errors: rowErrors } = planLotImportRows(parsed.rows, context);
  const firstNumber = await peekSequenceNumbers(db, input.shopId, importSequenceDemand(planned));
  const { issued, errors: codeErrors } = await issueAndCheckCodes(db, input.shopId, planned, firstNumber);
  const errors = sortErrors([...rowErrors, ...codeErrors]);

  return db.lotImport.create({
    data: {
      shopId: input.shopId,
      fileName: cleanFileName(input.fileName),
      content: decoded.text,
      status: "validated",
      totalRows: parsed.rows.length,
      validRows: issued.length,
      rowErrors: storedErrors(errors),
      createdBy: input.actor,
    },
  });
}

/**
 * Starts importing a checked file: all rows, or with `skipInvalidRows` only the valid ones.
 * Refused while rows have problems and skipping was not chosen. Queues the job after the status
 * change, so the job always finds the import started; starting twice queues one job.
 */
export async function startLotImport(
  db: Db,
  input: { shopId: string; importId: string; skipInvalidRows: boolean },
  enqueue: (payload: { shopId: string; importId: string }) => Promise<unknown>,
) {
  const lotImport = await retrieveLotImport(db, input.shopId, input.importId);
  if (lotImport.status === "validated") {
    const invalid = lotImport.totalRows - lotImport.validRows;
    if (lotImport.validRows === 0) {
      throw new AppError(
        "INVALID_DATA",
        "No row of this file can be imported. Fix the rows listed and upload it again.",
      );
    }
    if (invalid > 0 && !input.skipInvalidRows) {
      throw new AppError(
        "INVALID_DATA",
        `${invalid} ${invalid === 1 ? "row has" : "rows have"} problems, so nothing was imported. Fix ${invalid === 1 ? "it" : "them"} and upload the file again, or tick "Skip invalid rows" to import the other ${lotImport.validRows}.`,
        { skipInvalidRows: "Tick this to import only the valid rows" },
      );
    }
    const started = await db.lotImport.updateMany({
      where: { id: lotImport.id, shopId: input.shopId, status: "validated" },
      data: { status: "importing", skipInvalidRows: input.skipInvalidRows, startedAt: new Date() },
    });
    if (started.count === 0) return retrieveLotImport(db, input.shopId, input.importId);
  } else if (lotImport.status !== "importing") {
    throw new AppError(
      "CONFLICT",
      lotImport.status === "completed"
        ? "This file was already imported."
        : "This import stopped; upload the file again to check it afresh.",
    );
  }
  await enqueue({ shopId: input.shopId, importId: lotImport.id });
  return retrieveLotImport(db, input.shopId, input.importId);
}

/** One import of the shop; another shop's import is NOT_FOUND, exactly like a missing one. */
export async function retrieveLotImport(db: Db, shopId: string, importId: string) {
  const lotImport = await db.lotImport.findFirst({ where: { id: importId, shopId } });
  if (!lotImport) throw new AppError("NOT_FOUND", "This import does not exist in your shop.");
  return lotImport;
}

/** What the import page shows: counts, status and the first `limit` problems. */
export async function describeLotImport(db: Db, shopId: string, importId: string, limit = 200) {
  const lotImport = await retrieveLotImport(db, shopId, importId);
  const errors = readErrors(lotImport.rowErrors);
  return {
    id: lotImport.id,
    fileName: lotImport.fileName,
    status: lotImport.status,
    skipInvalidRows: lotImport.skipInvalidRows,
    totalRows: lotImport.totalRows,
    validRows: lotImport.validRows,
    invalidRows: lotImport.totalRows - lotImport.validRows,
    processedRows: lotImport.processedRows,
    error: lotImport.error,
    errors: errors.slice(0, limit),
    errorCount: errors.length,
    errorsTruncated: errors.length >= MAX_STORED_ERRORS,
    createdAt: lotImport.createdAt.toISOString(),
    completedAt: lotImport.completedAt?.toISOString() ?? null,
  };
}

export function storedErrors(errors: readonly RowError[]): Prisma.InputJsonArray {
  return errors.slice(0, MAX_STORED_ERRORS).map((error) => ({ ...error }));
}

export function readErrors(value: Prisma.JsonValue | null): RowError[] {
  return Array.isArray(value) ? (value as unknown as RowError[]) : [];
}

function fileRefused(message: string): AppError {
  return new AppError("INVALID_DATA", `${message} Nothing was imported.`, { file: message });
}

function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop()?.trim() ?? "";
  return (base || "lots.csv").slice(0, 200);
}
