// Draws labels into a PDF: barcodes rendered by bwip-js as PNG at print resolution, text in the
// standard Helvetica fonts (nothing to embed), laid out by sheet-layout.
import bwipjs from "bwip-js/node";
import { PDFDocument, type PDFFont, rgb, StandardFonts } from "pdf-lib";
import type { Label, LabelBarcode } from "./label-content";
import { fitInto, type LabelSize, labelRegions, paginate, type Rect, SHEETS, truncateToWidth } from "./sheet-layout";

/** The options bwip-js gets for a barcode: quiet zones included, since a label's edge is not one. */
export function bwipOptions(barcode: LabelBarcode) {
  const linear = barcode.bcid === "gs1-128" || barcode.bcid === "code128";
  return {
    bcid: barcode.bcid,
    text: barcode.text,
    // 4 px per module: about 0.25 mm at 400 dpi once placed, enough for thermal and laser printers.
    scale: 4,
    ...(linear ? { height: 10, paddingwidth: 10, paddingheight: 2 } : { paddingwidth: 4, paddingheight: 4 }),
    backgroundcolor: "FFFFFF",
  };
}

export async function renderBarcodePng(barcode: LabelBarcode): Promise<Buffer> {
  return bwipjs.toBuffer(bwipOptions(barcode));
}

/** Replaces what the standard fonts' WinAnsi encoding cannot show, so one odd title never breaks a sheet. */
function printable(font: PDFFont, text: string): string {
  return Array.from(text, (character) => {
    try {
      font.encodeText(character);
      return character;
    } catch {
      return "?";
    }
  }).join("");
}

export async function renderLabelsPdf(labels: Label[], size: LabelSize, title: string): Promise<Uint8Array> {
  const sheet = SHEETS[size];
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setCreator("Lotline");
  pdf.setProducer("Lotline");
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const images = new Map<string, Awaited<ReturnType<typeof pdf.embedPng>>>();

  for (const pageLabels of paginate(labels, sheet)) {
    const page = pdf.addPage([sheet.pageWidth, sheet.pageHeight]);
    for (const { item: label, slot } of pageLabels) {
      const key = `${label.barcode.bcid}\u0000${label.barcode.text}`;
      let image = images.get(key);
      if (!image) {
        image = await pdf.embedPng(await renderBarcodePng(label.barcode));
        images.set(key, image);
      }
      const linear = label.barcode.bcid === "gs1-128" || label.barcode.bcid === "code128";
      const regions = labelRegions(slot, sheet.padding, linear);
      const lines: { text: string; font: PDFFont }[] = [
        { text: label.title, font: bold },
        ...(label.subtitle ? [{ text: label.subtitle, font: regular }] : []),
        { text: `Lot ${label.lotCode}`, font: bold },
        ...label.dates.map((text) => ({ text, font: regular })),
        ...(label.gtin ? [{ text: `GTIN ${label.gtin}`, font: regular }] : []),
        ...(label.note ? [{ text: label.note, font: regular }] : []),
      ];
      drawLines(page, lines, regions.text);

      let barcodeBox: Rect = regions.barcode;
      if (linear) {
        // Human-readable interpretation under a linear barcode, as GS1 asks for.
        const size = Math.min(8, Math.max(4, barcodeBox.height * 0.16));
        const text = truncateToWidth(printable(regular, label.barcode.text), barcodeBox.width, (t) =>
          regular.widthOfTextAtSize(t, size),
        );
        page.drawText(text, {
          x: barcodeBox.x + (barcodeBox.width - regular.widthOfTextAtSize(text, size)) / 2,
          y: barcodeBox.y,
          size,
          font: regular,
        });
        barcodeBox = { ...barcodeBox, y: barcodeBox.y + size * 1.2, height: barcodeBox.height - size * 1.2 };
        // A 1D barcode may stretch in height; its width keeps the module proportions.
        const fitted = fitInto(barcodeBox, { width: image.width, height: image.height });
        page.drawImage(image, { x: fitted.x, y: barcodeBox.y, width: fitted.width, height: barcodeBox.height });
      } else {
        page.drawImage(image, fitInto(barcodeBox, { width: image.width, height: image.height }));
      }
    }
  }
  return pdf.save();
}

type Page = ReturnType<PDFDocument["addPage"]>;

/** Text lines from the top of `box`, one size for all, as large as fits (within 5–14 pt). */
function drawLines(page: Page, lines: { text: string; font: PDFFont }[], box: Rect) {
  const size = Math.max(4, Math.min(14, box.height / (lines.length * 1.2)));
  let y = box.y + box.height - size;
  for (const line of lines) {
    if (y < box.y - 0.01) break;
    const text = truncateToWidth(printable(line.font, line.text), box.width, (t) =>
      line.font.widthOfTextAtSize(t, size),
    );
    if (text) page.drawText(text, { x: box.x, y, size, font: line.font, color: rgb(0, 0, 0) });
    y -= size * 1.2;
  }
}
