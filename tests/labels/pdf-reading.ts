// Reads back what a label PDF holds, as a printer and a scanner would see it: the page sizes, the
// text drawn on each page, and what the barcode images on each page decode to (zxing-cpp as
// WebAssembly, loaded from node_modules — nothing is fetched).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { inflateSync } from "node:zlib";
import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFNumber, PDFRawStream } from "pdf-lib";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";

let zxingReady: Promise<unknown> | null = null;

function zxing() {
  zxingReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmBinary = await readFile(require.resolve("zxing-wasm/reader/zxing_reader.wasm"));
    return prepareZXingModule({ overrides: { wasmBinary: wasmBinary.buffer as ArrayBuffer }, fireImmediately: true });
  })();
  return zxingReady;
}

function streamBytes(stream: PDFRawStream): Uint8Array {
  const filter = stream.dict.get(PDFName.of("Filter"));
  return filter === PDFName.of("FlateDecode") ? inflateSync(stream.contents) : stream.contents;
}

export interface PdfPageContent {
  width: number;
  height: number;
  /** Text shown on the page, decoded from the hex strings pdf-lib writes for the standard fonts. */
  text: string[];
  /** Each barcode image on the page: its symbology (zxing's name) and text. */
  barcodes: { format: string; text: string; symbologyIdentifier: string }[];
}

export async function readLabelPdf(bytes: Uint8Array): Promise<PdfPageContent[]> {
  const pdf = await PDFDocument.load(bytes);
  await zxing();
  const pages: PdfPageContent[] = [];
  for (const page of pdf.getPages()) {
    const { width, height } = page.getSize();
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    const text: string[] = [];
    for (const ref of streams) {
      const stream = pdf.context.lookup(ref);
      if (!(stream instanceof PDFRawStream)) continue;
      const source = Buffer.from(streamBytes(stream)).toString("latin1");
      for (const match of source.matchAll(/<([0-9A-Fa-f]*)> Tj/g))
        text.push(Buffer.from(match[1], "hex").toString("latin1"));
    }
    const barcodes: PdfPageContent["barcodes"] = [];
    const xObjects = page.node.Resources()?.lookupMaybe(PDFName.of("XObject"), PDFDict);
    for (const [, ref] of xObjects?.entries() ?? []) {
      const image = pdf.context.lookup(ref);
      if (!(image instanceof PDFRawStream) || image.dict.get(PDFName.of("Subtype")) !== PDFName.of("Image")) continue;
      const w = (image.dict.get(PDFName.of("Width")) as PDFNumber).asNumber();
      const h = (image.dict.get(PDFName.of("Height")) as PDFNumber).asNumber();
      const pixels = streamBytes(image);
      const components = pixels.length / (w * h);
      const rgba = new Uint8ClampedArray(w * h * 4);
      for (let i = 0; i < w * h; i += 1) {
        for (let c = 0; c < 3; c += 1) rgba[i * 4 + c] = pixels[i * components + (components === 1 ? 0 : c)];
        rgba[i * 4 + 3] = 255;
      }
      const results = await readBarcodes({ data: rgba, width: w, height: h, colorSpace: "srgb" } as ImageData, {
        formats: [],
      });
      for (const result of results) {
        barcodes.push({ format: result.format, text: result.text, symbologyIdentifier: result.symbologyIdentifier });
      }
    }
    pages.push({ width, height, text, barcodes });
  }
  return pages;
}
