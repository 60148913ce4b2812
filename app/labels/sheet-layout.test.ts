import { describe, expect, it } from "vitest";
import {
  fitInto,
  LABEL_SIZES,
  labelRegions,
  labelSlots,
  labelsPerPage,
  pageCount,
  paginate,
  SHEETS,
  truncateToWidth,
} from "./sheet-layout";

const inside = (inner: { x: number; y: number; width: number; height: number }, outer: typeof inner) =>
  inner.x >= outer.x - 1e-9 &&
  inner.y >= outer.y - 1e-9 &&
  inner.x + inner.width <= outer.x + outer.width + 1e-9 &&
  inner.y + inner.height <= outer.y + outer.height + 1e-9;

describe("sheet layouts", () => {
  it("thermal sizes are one label filling a 4 × 6 in or 2 × 1 in page", () => {
    expect(labelSlots(SHEETS["4x6"])).toEqual([{ x: 0, y: 0, width: 288, height: 432 }]);
    expect(labelSlots(SHEETS["2x1"])).toEqual([{ x: 0, y: 0, width: 144, height: 72 }]);
    expect(labelsPerPage(SHEETS["2x1"])).toBe(1);
  });

  it("an A4 sheet holds 24 labels and a Letter sheet 30, first label at the top left", () => {
    expect(SHEETS.a4.pageWidth).toBeCloseTo(595.28, 1);
    expect(SHEETS.a4.pageHeight).toBeCloseTo(841.89, 1);
    expect(labelsPerPage(SHEETS.a4)).toBe(24);
    expect(labelsPerPage(SHEETS.letter)).toBe(30);
    const [first] = labelSlots(SHEETS.letter);
    expect(first.x).toBeCloseTo(13.5);
    expect(first.y + first.height).toBeCloseTo(792 - 36);
    // Avery 5160: 2⅝ × 1 in.
    expect(first.width).toBeCloseTo(189);
    expect(first.height).toBeCloseTo(72);
  });

  it.each(LABEL_SIZES)("every %s label lies within the page margins and no two overlap", (size) => {
    const sheet = SHEETS[size];
    const slots = labelSlots(sheet);
    const printable = {
      x: sheet.marginX,
      y: sheet.marginBottom,
      width: sheet.pageWidth - 2 * sheet.marginX,
      height: sheet.pageHeight - sheet.marginTop - sheet.marginBottom,
    };
    for (const slot of slots) expect(inside(slot, printable)).toBe(true);
    for (let i = 0; i < slots.length; i += 1) {
      for (let j = i + 1; j < slots.length; j += 1) {
        const a = slots[i];
        const b = slots[j];
        const overlap =
          a.x < b.x + b.width - 1e-9 &&
          b.x < a.x + a.width - 1e-9 &&
          a.y < b.y + b.height - 1e-9 &&
          b.y < a.y + a.height - 1e-9;
        expect(overlap).toBe(false);
      }
    }
  });

  it("labels fill pages in order and the last page holds the remainder", () => {
    expect(pageCount(25, SHEETS.a4)).toBe(2);
    expect(pageCount(24, SHEETS.a4)).toBe(1);
    expect(pageCount(3, SHEETS["4x6"])).toBe(3);
    const pages = paginate(
      Array.from({ length: 31 }, (_, i) => i),
      SHEETS.letter,
    );
    expect(pages.map((page) => page.length)).toEqual([30, 1]);
    expect(pages[1][0]).toEqual({ item: 30, slot: labelSlots(SHEETS.letter)[0] });
    expect(paginate([], SHEETS.a4)).toEqual([]);
  });
});

describe("label regions", () => {
  it("a tall label puts the barcode below the text, inside the padding", () => {
    const label = { x: 0, y: 0, width: 288, height: 432 };
    const { text, barcode } = labelRegions(label, 10, false);
    expect(barcode.width).toBe(barcode.height);
    expect(barcode.y).toBe(10);
    expect(text.y).toBeGreaterThan(barcode.y + barcode.height);
    expect(inside(text, label) && inside(barcode, label)).toBe(true);
  });

  it("a wide label puts a square 2D symbol to the right of the text", () => {
    const label = { x: 100, y: 50, width: 189, height: 72 };
    const { text, barcode } = labelRegions(label, 4, false);
    expect(barcode.width).toBeCloseTo(64);
    expect(barcode.height).toBeCloseTo(64);
    expect(text.x + text.width).toBeLessThan(barcode.x);
    expect(inside(barcode, label)).toBe(true);
  });

  it("a linear barcode takes the full width at the bottom", () => {
    const { barcode, text } = labelRegions({ x: 0, y: 0, width: 144, height: 72 }, 4, true);
    expect(barcode).toMatchObject({ x: 4, y: 4, width: 136 });
    expect(text.width).toBe(136);
  });

  it("fits an image into a box keeping its proportions, centred", () => {
    expect(fitInto({ x: 0, y: 0, width: 100, height: 50 }, { width: 20, height: 20 })).toEqual({
      x: 25,
      y: 0,
      width: 50,
      height: 50,
    });
  });
});

describe("text truncation", () => {
  const measure = (text: string) => text.length * 10;

  it("leaves text that fits alone", () => {
    expect(truncateToWidth("Lavender Soap", 130, measure)).toBe("Lavender Soap");
  });

  it("cuts text that is too wide and ends it with an ellipsis that fits too", () => {
    const cut = truncateToWidth("Lavender Soap with Oat Milk", 100, measure);
    expect(cut).toBe("Lavender…");
    expect(measure(cut)).toBeLessThanOrEqual(100);
  });

  it("drops trailing spaces before the ellipsis, and gives nothing when not even one letter fits", () => {
    expect(truncateToWidth("Big Candle", 50, measure)).toBe("Big…");
    expect(truncateToWidth("Candle", 15, measure)).toBe("");
  });
});
