// What each export kind asks the merchant for, checked before a job is queued. The Exports
// page renders its form from `fields`, so adding a kind is one entry here plus its writer.
import { z } from "zod";
import type { ExportFormat, ExportKind } from "../generated/prisma/client.ts";

export interface ExportField {
  name: string;
  label: string;
  type: "date" | "text" | "checkbox" | "product" | "lot";
  helpText?: string;
}

export interface ExportKindSpec {
  label: string;
  description: string;
  formats: ExportFormat[];
  fields: ExportField[];
  parameters: z.ZodType<Record<string, unknown>>;
  /** The download's name without extension, e.g. "fsma204-2026-01-01-to-2026-03-31". */
  fileStem: (parameters: Record<string, unknown>, completedAt: Date) => string;
}

const isoDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-03-31")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), "Use a real date");
const optionalDay = z
  .union([isoDay, z.literal("")])
  .optional()
  .transform((value) => value || undefined);
const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((value) => value || undefined);
const flag = z
  .union([z.boolean(), z.literal("on"), z.literal("true"), z.literal("false"), z.literal("")])
  .optional()
  .transform((value) => value === true || value === "on" || value === "true");

const ledgerShape = {
  from: optionalDay,
  to: optionalDay,
  lotFrom: optionalText,
  lotTo: optionalText,
  productId: optionalText,
};

function checkRanges(
  value: { from?: string; to?: string; lotFrom?: string; lotTo?: string },
  ctx: z.RefinementCtx,
): void {
  if (value.from && value.to && value.from > value.to) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "The end date is before the start date" });
  }
  if (value.lotFrom && value.lotTo && value.lotFrom > value.lotTo) {
    ctx.addIssue({ code: "custom", path: ["lotTo"], message: "The last lot code sorts before the first" });
  }
}

/** Date range (inclusive calendar days, UTC), lot code range (as text) and product. */
export const ledgerFilters = z.object(ledgerShape).superRefine(checkRanges);
export type LedgerFilters = z.output<typeof ledgerFilters>;

export const fsma204Parameters = z.object({ ...ledgerShape, bom: flag }).superRefine(checkRanges);
export type Fsma204Parameters = z.output<typeof fsma204Parameters>;

const LEDGER_FIELDS: ExportField[] = [
  { name: "from", label: "From", type: "date" },
  { name: "to", label: "To", type: "date" },
  { name: "lotFrom", label: "First lot code", type: "text", helpText: "Lot codes sort as text" },
  { name: "lotTo", label: "Last lot code", type: "text" },
  { name: "productId", label: "Product", type: "product" },
];

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function rangeStem(prefix: string) {
  return (parameters: Record<string, unknown>, completedAt: Date) =>
    `${prefix}-${(parameters.from as string | undefined) ?? "start"}-to-${(parameters.to as string | undefined) ?? dayOf(completedAt)}`;
}

export const EXPORT_KINDS: Record<ExportKind, ExportKindSpec> = {
  fsma204: {
    label: "FDA FSMA 204 sortable spreadsheet",
    description: "One row per receiving and shipping event with the key data elements of 21 CFR 1.1340 and 1.1345.",
    formats: ["xlsx", "csv"],
    fields: [...LEDGER_FIELDS, { name: "bom", label: "Add a byte order mark (CSV for Excel)", type: "checkbox" }],
    parameters: fsma204Parameters,
    fileStem: rangeStem("fsma204"),
  },
  forward_trace: {
    label: "Forward trace of a lot",
    description: "Every shipment of a lot: orders, customers, quantities, dates.",
    formats: ["xlsx", "csv"],
    fields: [{ name: "lotId", label: "Lot", type: "lot" }],
    parameters: z.object({ lotId: z.uuid("Choose a lot") }),
    fileStem: (parameters) => `forward-trace-${String(parameters.lotId).slice(0, 8)}`,
  },
  backward_trace: {
    label: "Backward trace of a lot",
    description: "The receipts a lot came from: supplier, supplier lot code, reference document, dates.",
    formats: ["xlsx", "csv"],
    fields: [{ name: "lotId", label: "Lot", type: "lot" }],
    parameters: z.object({ lotId: z.uuid("Choose a lot") }),
    fileStem: (parameters) => `backward-trace-${String(parameters.lotId).slice(0, 8)}`,
  },
  epcis: {
    label: "GS1 EPCIS 2.0 events",
    description: "Receiving and shipping events as an EPCIS 2.0 JSON-LD document.",
    formats: ["json"],
    fields: LEDGER_FIELDS,
    parameters: ledgerFilters,
    fileStem: rangeStem("epcis"),
  },
  retailer: {
    label: "Retailer shipments",
    description: "Every shipped lot and serial per customer, company or tag.",
    formats: ["xlsx", "csv"],
    fields: [
      { name: "from", label: "From", type: "date" },
      { name: "to", label: "To", type: "date" },
      { name: "customerTag", label: "Customer tag", type: "text" },
      { name: "companyName", label: "Company", type: "text" },
      { name: "customer", label: "Customer email or name", type: "text" },
    ],
    parameters: z.object({
      from: optionalDay,
      to: optionalDay,
      customerTag: optionalText,
      companyName: optionalText,
      customer: optionalText,
    }),
    fileStem: rangeStem("retailer"),
  },
};

export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { csv: "csv", xlsx: "xlsx", json: "json" };

export function exportFileName(
  kind: ExportKind,
  format: ExportFormat,
  parameters: Record<string, unknown>,
  completedAt: Date,
): string {
  return `${EXPORT_KINDS[kind].fileStem(parameters, completedAt)}.${EXPORT_EXTENSIONS[format]}`;
}

export type CheckedExportRequest = { kind: ExportKind; format: ExportFormat; parameters: Record<string, unknown> };

/** Field errors keyed by the form's names (`kind`, `format`, or a parameter name). */
export function checkExportRequest(input: {
  kind: string;
  format: string;
  parameters: Record<string, unknown>;
}): { ok: true; value: CheckedExportRequest } | { ok: false; fields: Record<string, string> } {
  const spec = (EXPORT_KINDS as Record<string, ExportKindSpec | undefined>)[input.kind];
  if (!spec) return { ok: false, fields: { kind: "Choose what to export" } };
  const kind = input.kind as ExportKind;
  if (!spec.formats.includes(input.format as ExportFormat)) {
    return { ok: false, fields: { format: `Choose ${spec.formats.map((f) => f.toUpperCase()).join(" or ")}` } };
  }
  const parsed = spec.parameters.safeParse(input.parameters);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? "parameters")] ??= issue.message;
    return { ok: false, fields };
  }
  return { ok: true, value: { kind, format: input.format as ExportFormat, parameters: parsed.data } };
}
