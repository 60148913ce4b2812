// What every export kind implements: write one file to `out` from the database, reporting
// progress and flagging missing details. The runner owns the job row, the file and the link.
import type { Writable } from "node:stream";
import type { Db } from "../db.server";
import type { ExportFormat, ExportKind } from "../generated/prisma/client.ts";

export interface ExportWarning {
  /** Stable code, e.g. "LOCATION_ADDRESS_MISSING". */
  code: string;
  /** What is missing and where the merchant fills it in. */
  message: string;
}

export interface ExportRun {
  db: Db;
  shopId: string;
  exportJobId: string;
  kind: ExportKind;
  format: ExportFormat;
  /** The job's parameters, already checked by the kind's schema when the export was requested. */
  parameters: Record<string, unknown>;
  out: Writable;
  /** Record progress (throttled by the runner); `totalRows` once known. */
  progress: (processedRows: number, totalRows?: number) => Promise<void>;
  warn: (warning: ExportWarning) => void;
}

export type ExportWriter = (run: ExportRun) => Promise<{ rows: number }>;
