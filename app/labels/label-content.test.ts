import { describe, expect, it } from "vitest";
import { parseGs1 } from "../domain/gs1";
import { buildLabels, type LabelLot, labelBarcode } from "./label-content";

const soap: LabelLot = {
  code: "LAV-261121-01",
  productTitle: "Lavender Soap",
  sku: "LAV",
  gtin: "0614141001019",
  producedAt: new Date("2026-01-15T00:00:00Z"),
  bestBefore: null,
  expiresAt: new Date("2027-12-31T00:00:00Z"),
  serials: [],
};

const candle: LabelLot = {
  code: "CAN-261121-01",
  productTitle: "Beeswax Candle",
  sku: null,
  gtin: null,
  producedAt: null,
  bestBefore: null,
  expiresAt: null,
  serials: ["S0001", "S0002", "S0003"],
};

describe("label barcodes", () => {
  it("a lot with a GTIN gets GS1-128 with (01), the expiry (17) and the lot (10) last", () => {
    expect(labelBarcode(soap, null, "gs1-128")).toEqual({
      bcid: "gs1-128",
      text: "(01)00614141001019(17)271231(10)LAV-261121-01",
      gs1: true,
    });
  });

  it("best before goes in (15), and a serial label adds (21) after the lot", () => {
    const lot = { ...soap, bestBefore: new Date("2027-06-30T00:00:00Z"), expiresAt: null };
    expect(labelBarcode(lot, "A17", "datamatrix")).toEqual({
      bcid: "gs1datamatrix",
      text: "(01)00614141001019(15)270630(10)LAV-261121-01(21)A17",
      gs1: true,
    });
  });

  it("the barcode data reads back through Lotline's own scanner parser", () => {
    const parsed = parseGs1(labelBarcode(soap, "A17", "gs1-128").text, { requireAssociations: true });
    expect(parsed).toMatchObject({
      ok: true,
      ais: [
        { ai: "01", value: "00614141001019" },
        { ai: "17", value: "271231" },
        { ai: "10", value: "LAV-261121-01" },
        { ai: "21", value: "A17" },
      ],
    });
  });

  it("a QR code carries the GS1 Digital Link URI", () => {
    expect(labelBarcode(soap, null, "qr")).toEqual({
      bcid: "qrcode",
      text: "https://id.gs1.org/01/00614141001019/10/LAV-261121-01?17=271231",
      gs1: true,
    });
  });

  it("a lot without a GTIN gets a Code 128 of its lot code, whatever symbol was asked for", () => {
    for (const symbol of ["gs1-128", "datamatrix", "qr"] as const) {
      expect(labelBarcode(candle, null, symbol)).toEqual({ bcid: "code128", text: "CAN-261121-01", gs1: false });
    }
  });

  it("an invalid GTIN or a lot code GS1 cannot carry falls back to Code 128 rather than a wrong GS1 barcode", () => {
    expect(labelBarcode({ ...soap, gtin: "0614141001018" }, null, "gs1-128").bcid).toBe("code128");
    expect(labelBarcode({ ...soap, code: "LOT WITH SPACES" }, null, "gs1-128").bcid).toBe("code128");
  });
});

describe("label content", () => {
  it("one label per lot with product, lot code, the dates it has and the GTIN", () => {
    const [label] = buildLabels([soap], { symbol: "gs1-128", serials: false });
    expect(label).toMatchObject({
      title: "Lavender Soap",
      subtitle: "SKU LAV",
      lotCode: "LAV-261121-01",
      dates: ["Produced 2026-01-15", "Expires 2027-12-31"],
      gtin: "00614141001019",
      note: null,
    });
  });

  it("a label whose barcode is not GS1 says so", () => {
    const [label] = buildLabels([candle], { symbol: "gs1-128", serials: false });
    expect(label.note).toMatch(/Not a GS1 barcode \(no GTIN\)/);
    expect(label.subtitle).toBeNull();
  });

  it("serial labels are one per unit, each naming its serial; a lot without serials still gets one", () => {
    const labels = buildLabels([candle, soap], { symbol: "qr", serials: true });
    expect(labels.map((label) => label.subtitle)).toEqual(["Serial S0001", "Serial S0002", "Serial S0003", "SKU LAV"]);
    expect(labels[1].barcode.text).toBe("CAN-261121-01 S0002");
  });
});
