// The business details regulators want for every place food came from or went to (name, phone,
// address) and the GS1 identifiers EPCIS uses. Shopify knows a location's name but rarely
// its phone or full address, and nothing about suppliers, so the merchant fills them in once.
import { z } from "zod";

export interface PartyDetails {
  businessName?: string;
  phone?: string;
  address?: string;
  gln?: string;
}

export interface TraceDetails {
  gs1CompanyPrefix: string | null;
  /** Keyed by Shopify location gid. */
  locations: Record<string, PartyDetails>;
  /** Keyed by supplier name as typed on receipts. */
  suppliers: Record<string, PartyDetails>;
}

export interface PartyDescription {
  name: string | null;
  address: string | null;
  phone: string | null;
  gln: string | null;
  /** What a regulator would ask for and the merchant has not given, e.g. ["phone", "address"]. */
  missing: string[];
}

export const EMPTY_TRACE_DETAILS: TraceDetails = { gs1CompanyPrefix: null, locations: {}, suppliers: {} };

/** describeLocations() keys: a location by its gid, a supplier by this. */
export function supplierKey(name: string): string {
  return `supplier:${name}`;
}

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters`)
    .transform((value) => value || undefined)
    .optional();

const gln = z
  .string()
  .trim()
  .refine((value) => value === "" || /^\d{13}$/.test(value), "A GLN is 13 digits")
  .transform((value) => value || undefined)
  .optional();

const party = z.object({ businessName: text(200), phone: text(50), address: text(500), gln });

export const traceDetailsInput = z.object({
  gs1CompanyPrefix: z
    .string()
    .trim()
    .refine((value) => value === "" || /^\d{6,12}$/.test(value), "A GS1 company prefix is 6 to 12 digits")
    .transform((value) => value || null)
    .nullable()
    .default(null),
  locations: z.record(z.string(), party).default({}),
  suppliers: z.record(z.string(), party).default({}),
});

export type TraceDetailsInput = z.input<typeof traceDetailsInput>;

export function checkTraceDetails(
  input: unknown,
): { ok: true; value: TraceDetails } | { ok: false; fields: Record<string, string> } {
  const parsed = traceDetailsInput.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) fields[issue.path.join(".")] ??= issue.message;
  return { ok: false, fields };
}

/** A stored value that no longer parses (an old shape, a bad edit) reads as nothing filled in. */
export function storedTraceDetails(value: unknown): TraceDetails {
  const parsed = traceDetailsInput.safeParse(value ?? {});
  return parsed.success ? parsed.data : EMPTY_TRACE_DETAILS;
}

/** Name, phone and address are what 21 CFR 1.1310's "location description" requires. */
export function describeParty(details: PartyDetails | undefined, fallbackName: string | null): PartyDescription {
  const name = details?.businessName ?? fallbackName;
  const missing: string[] = [];
  if (!name) missing.push("business name");
  if (!details?.phone) missing.push("phone");
  if (!details?.address) missing.push("address");
  return {
    name: name ?? null,
    address: details?.address ?? null,
    phone: details?.phone ?? null,
    gln: details?.gln ?? null,
    missing,
  };
}
