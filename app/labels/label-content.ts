// What each label says and what its barcode carries, per lot (and per unit for serial labels).
// Pure: the PDF renderer draws exactly this, and tests assert it without decoding a picture.
import { isValidGtin, toDigitalLink, toElementString, toGtin14 } from "../domain/gs1";

export const LABEL_SYMBOLS = ["gs1-128", "datamatrix", "qr"] as const;
export type LabelSymbol = (typeof LABEL_SYMBOLS)[number];

/** A lot as labels need it: what was recorded when it was received, no Shopify call. */
export interface LabelLot {
  code: string;
  productTitle: string;
  sku: string | null;
  gtin: string | null;
  producedAt: Date | null;
  bestBefore: Date | null;
  expiresAt: Date | null;
  serials: string[];
}

/** What bwip-js is given: its encoder name and the exact text. */
export interface LabelBarcode {
  bcid: "gs1-128" | "gs1datamatrix" | "qrcode" | "code128";
  text: string;
  /** Whether scanners read this as GS1 data (AIs), i.e. whether receiving can parse it back. */
  gs1: boolean;
}

export interface Label {
  title: string;
  /** Second line: SKU and, for serial labels, the serial number. */
  subtitle: string | null;
  lotCode: string;
  /** "Produced 2026-01-15" etc., only the dates the lot has. */
  dates: string[];
  gtin: string | null;
  barcode: LabelBarcode;
  /** Said on the label when the barcode is not a GS1 barcode, so nobody relies on it at a GS1 scanner. */
  note: string | null;
}

const NOT_GS1_NOTE = "Not a GS1 barcode (no GTIN)";

function gs1Date(date: Date): string {
  return date.toISOString().slice(2, 10).replaceAll("-", "");
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * The AIs a lot's label carries. Fixed-length AIs come first and (10) last so a single-lot label
 * needs no FNC1 separator; a serial (21) follows (10).
 */
export function labelAis(lot: LabelLot, serial: string | null): { ai: string; value: string }[] | null {
  if (!lot.gtin || !isValidGtin(lot.gtin)) return null;
  const ais = [{ ai: "01", value: toGtin14(lot.gtin) }];
  if (lot.bestBefore) ais.push({ ai: "15", value: gs1Date(lot.bestBefore) });
  if (lot.expiresAt) ais.push({ ai: "17", value: gs1Date(lot.expiresAt) });
  ais.push({ ai: "10", value: lot.code });
  if (serial !== null) ais.push({ ai: "21", value: serial });
  return ais;
}

/** The barcode for one label; a lot without a valid GTIN (or whose code GS1 cannot carry) gets a Code 128. */
export function labelBarcode(lot: LabelLot, serial: string | null, symbol: LabelSymbol): LabelBarcode {
  const ais = labelAis(lot, serial);
  if (ais) {
    if (symbol === "qr") {
      const link = toDigitalLink(ais);
      if (link.ok) return { bcid: "qrcode", text: link.uri, gs1: true };
    } else if (toDigitalLink(ais).ok) {
      // toDigitalLink validates every AI value (character set, length): only valid data goes in.
      return { bcid: symbol === "gs1-128" ? "gs1-128" : "gs1datamatrix", text: toElementString(ais), gs1: true };
    }
  }
  return { bcid: "code128", text: serial === null ? lot.code : `${lot.code} ${serial}`, gs1: false };
}

/** Labels for lots: one per lot, or with `serials` one per serial number (lots without serials get one). */
export function buildLabels(lots: LabelLot[], options: { symbol: LabelSymbol; serials: boolean }): Label[] {
  return lots.flatMap((lot) => {
    const units: (string | null)[] = options.serials && lot.serials.length > 0 ? lot.serials : [null];
    return units.map((serial) => {
      const barcode = labelBarcode(lot, serial, options.symbol);
      const dates = [
        lot.producedAt && `Produced ${isoDate(lot.producedAt)}`,
        lot.bestBefore && `Best before ${isoDate(lot.bestBefore)}`,
        lot.expiresAt && `Expires ${isoDate(lot.expiresAt)}`,
      ].filter((line): line is string => Boolean(line));
      const subtitle = [lot.sku && `SKU ${lot.sku}`, serial !== null && `Serial ${serial}`].filter(Boolean).join(" · ");
      return {
        title: lot.productTitle,
        subtitle: subtitle || null,
        lotCode: lot.code,
        dates,
        gtin: lot.gtin && isValidGtin(lot.gtin) ? toGtin14(lot.gtin) : null,
        barcode,
        note: barcode.gs1 ? null : NOT_GS1_NOTE,
      };
    });
  });
}
