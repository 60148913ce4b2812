// What the trace search box was given: typed text (a lot code, supplier lot code or serial) or a
// scanned GS1 barcode — an element string "(01)…(10)…", raw scanner output or a Digital Link.
import { type LotScanFilter, lotFilterFromScan } from "../lots/lot-scan";

export type TraceQuery =
  | { kind: "empty" }
  | { kind: "text"; text: string }
  | { kind: "scan"; filter: LotScanFilter }
  | { kind: "invalid-scan"; error: string };

export const MAX_QUERY_LENGTH = 1_000;

// Forms only GS1 data takes: brackets around an AI, a symbology identifier, FNC1 or a URI. A bare
// number stays text: a serial number is often all digits, and a GTIN alone names no lot.
const LOOKS_SCANNED = /^(\(\d{2,4}\)|\][A-Za-z]\d|\^|https?:\/\/)/i;
const GS = String.fromCharCode(0x1d);

export function readTraceQuery(input: string): TraceQuery {
  const text = input.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
  if (text === "") return { kind: "empty" };
  if (!LOOKS_SCANNED.test(text) && !text.startsWith(GS)) return { kind: "text", text };
  const scanned = lotFilterFromScan(text);
  return scanned.ok ? { kind: "scan", filter: scanned.filter } : { kind: "invalid-scan", error: scanned.error };
}
