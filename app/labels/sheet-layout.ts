// Where labels go on a page, in PDF points (1/72 in, origin bottom-left): thermal rolls print one
// label per page; A4 and US Letter sheets hold a grid with margins. Pure and unit-tested.

export const LABEL_SIZES = ["4x6", "2x1", "a4", "letter"] as const;
export type LabelSize = (typeof LABEL_SIZES)[number];

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SheetSpec {
  size: LabelSize;
  name: string;
  pageWidth: number;
  pageHeight: number;
  columns: number;
  rows: number;
  marginX: number;
  marginTop: number;
  marginBottom: number;
  gapX: number;
  gapY: number;
  /** Space kept clear inside each label, so nothing prints on the die cut. */
  padding: number;
}

const INCH = 72;
const MM = 72 / 25.4;

export const SHEETS: Readonly<Record<LabelSize, SheetSpec>> = {
  "4x6": {
    size: "4x6",
    name: "4 × 6 in thermal",
    pageWidth: 4 * INCH,
    pageHeight: 6 * INCH,
    columns: 1,
    rows: 1,
    marginX: 0,
    marginTop: 0,
    marginBottom: 0,
    gapX: 0,
    gapY: 0,
    padding: 0.15 * INCH,
  },
  "2x1": {
    size: "2x1",
    name: "2 × 1 in thermal",
    pageWidth: 2 * INCH,
    pageHeight: 1 * INCH,
    columns: 1,
    rows: 1,
    marginX: 0,
    marginTop: 0,
    marginBottom: 0,
    gapX: 0,
    gapY: 0,
    padding: 0.06 * INCH,
  },
  // 3 × 8 labels of 63 × 32 mm, the common A4 address-label sheet.
  a4: {
    size: "a4",
    name: "A4 sheet, 24 labels",
    pageWidth: 210 * MM,
    pageHeight: 297 * MM,
    columns: 3,
    rows: 8,
    marginX: 8 * MM,
    marginTop: 12 * MM,
    marginBottom: 12 * MM,
    gapX: 2.5 * MM,
    gapY: 2.5 * MM,
    padding: 2 * MM,
  },
  // 3 × 10 labels of 2⅝ × 1 in (the Avery 5160 layout).
  letter: {
    size: "letter",
    name: "US Letter sheet, 30 labels",
    pageWidth: 8.5 * INCH,
    pageHeight: 11 * INCH,
    columns: 3,
    rows: 10,
    marginX: 0.1875 * INCH,
    marginTop: 0.5 * INCH,
    marginBottom: 0.5 * INCH,
    gapX: 0.125 * INCH,
    gapY: 0,
    padding: 0.06 * INCH,
  },
};

export function labelsPerPage(sheet: SheetSpec): number {
  return sheet.columns * sheet.rows;
}

export function pageCount(labels: number, sheet: SheetSpec): number {
  return Math.ceil(labels / labelsPerPage(sheet));
}

/** Every label's rectangle on a page, row by row from the top left, in PDF coordinates. */
export function labelSlots(sheet: SheetSpec): Rect[] {
  const width = (sheet.pageWidth - 2 * sheet.marginX - (sheet.columns - 1) * sheet.gapX) / sheet.columns;
  const height = (sheet.pageHeight - sheet.marginTop - sheet.marginBottom - (sheet.rows - 1) * sheet.gapY) / sheet.rows;
  const slots: Rect[] = [];
  for (let row = 0; row < sheet.rows; row += 1) {
    for (let column = 0; column < sheet.columns; column += 1) {
      slots.push({
        x: sheet.marginX + column * (width + sheet.gapX),
        y: sheet.pageHeight - sheet.marginTop - (row + 1) * height - row * sheet.gapY,
        width,
        height,
      });
    }
  }
  return slots;
}

/** The labels split into pages, each label with its slot. */
export function paginate<T>(items: readonly T[], sheet: SheetSpec): { item: T; slot: Rect }[][] {
  const slots = labelSlots(sheet);
  const pages: { item: T; slot: Rect }[][] = [];
  items.forEach((item, index) => {
    const slot = slots[index % slots.length];
    if (index % slots.length === 0) pages.push([]);
    pages[pages.length - 1].push({ item, slot });
  });
  return pages;
}

/**
 * Splits a label's inner area between text and barcode. A tall label stacks them (barcode below);
 * a wide one puts a square 2D symbol to the right of the text, a linear barcode across the bottom.
 */
export function labelRegions(label: Rect, padding: number, linear: boolean): { text: Rect; barcode: Rect } {
  const inner = {
    x: label.x + padding,
    y: label.y + padding,
    width: label.width - 2 * padding,
    height: label.height - 2 * padding,
  };
  const gap = Math.min(inner.width, inner.height) * 0.05;
  if (linear || inner.height > inner.width) {
    const share = linear ? (inner.height > inner.width ? 0.35 : 0.5) : 0.6;
    const barcodeHeight = linear ? inner.height * share : Math.min(inner.width, inner.height * share);
    return {
      // A 2D symbol is square; a linear one runs the full width.
      barcode: linear
        ? { x: inner.x, y: inner.y, width: inner.width, height: barcodeHeight }
        : { x: inner.x + (inner.width - barcodeHeight) / 2, y: inner.y, width: barcodeHeight, height: barcodeHeight },
      text: {
        x: inner.x,
        y: inner.y + barcodeHeight + gap,
        width: inner.width,
        height: inner.height - barcodeHeight - gap,
      },
    };
  }
  const side = Math.min(inner.height, inner.width * 0.45);
  return {
    barcode: { x: inner.x + inner.width - side, y: inner.y + (inner.height - side) / 2, width: side, height: side },
    text: { x: inner.x, y: inner.y, width: inner.width - side - gap, height: inner.height },
  };
}

/** The largest size that fits `image` into `box` unscaled in proportion, centred. */
export function fitInto(box: Rect, image: { width: number; height: number }): Rect {
  const scale = Math.min(box.width / image.width, box.height / image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  return { x: box.x + (box.width - width) / 2, y: box.y + (box.height - height) / 2, width, height };
}

/** `text` cut to fit `maxWidth` as measured, ending in "…" when it was cut. */
export function truncateToWidth(text: string, maxWidth: number, measure: (text: string) => number): string {
  if (measure(text) <= maxWidth) return text;
  const ellipsis = "…";
  let low = 0;
  let high = text.length;
  // Longest prefix that fits with the ellipsis (binary search: measuring is the costly part).
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(text.slice(0, mid).trimEnd() + ellipsis) <= maxWidth) low = mid;
    else high = mid - 1;
  }
  return low === 0 ? "" : text.slice(0, low).trimEnd() + ellipsis;
}
