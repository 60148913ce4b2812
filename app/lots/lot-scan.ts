// Finding a lot by scanning its label: the Lots page reads GS1 data (element string, scanner
// output or Digital Link) into what identifies a lot — batch/lot (10), serial (21), GTIN (01).
import { parseGs1 } from "../domain/gs1";
import { gtinForms } from "../utils/gtin";

export interface LotScanFilter {
  /** AI (10): a lot code Lotline issued, or the supplier's lot code. */
  lot?: string;
  /** AI (21): a serial number of one unit. */
  serial?: string;
  /** AI (01) in every form a stored GTIN may take. */
  gtins?: string[];
}

export function lotFilterFromScan(input: string): { ok: true; filter: LotScanFilter } | { ok: false; error: string } {
  const parsed = parseGs1(input);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const value = (ai: string) => parsed.ais.find((element) => element.ai === ai)?.value;
  const lot = value("10");
  const serial = value("21");
  const gtin = value("01") ?? value("02");
  if (!lot && !serial && !gtin) {
    const found = parsed.ais.map(({ ai }) => `(${ai})`).join(", ");
    return { ok: false, error: `The scan holds ${found}, but no lot (10), serial (21) or GTIN (01) to look for` };
  }
  return {
    ok: true,
    filter: {
      ...(lot ? { lot } : {}),
      ...(serial ? { serial } : {}),
      ...(gtin ? { gtins: gtinForms(gtin) } : {}),
    },
  };
}
