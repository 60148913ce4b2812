// The recall file for the authorities: every affected customer and order with the lots, units,
// notice status and acknowledgement — as CSV (streamed in batches, memory stays flat) or as a
// paginated PDF with a header describing the recall.
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import type { Db } from "../db.server";
import { AppError } from "../utils/errors";
import { retrieveRecallDashboard } from "./recall-dashboard.server";
import { csvLine, RECALL_FILE_COLUMNS, type RecallFileRow, recallFileCells } from "./recall-file";

const BATCH = 500;

async function requireRecall(db: Db, shopId: string, recallId: string) {
  const recall = await db.recall.findFirst({
    where: { id: recallId, shopId },
    include: {
      lots: { include: { lot: { select: { id: true, code: true, productTitle: true } } } },
      shop: { select: { name: true, domain: true } },
    },
  });
  if (!recall) throw new AppError("NOT_FOUND", "This recall does not exist in your shop.");
  return recall;
}

function instant(at: Date | null | undefined): string {
  return at ? `${at.toISOString().slice(0, 16).replace("T", " ")} UTC` : "";
}

/**
 * One row per recipient × affected order, recipients in the order they were made. Each batch of
 * recipients costs three queries (recipients, their orders' lines on recalled lots, their notices).
 */
export async function* recallFileRows(db: Db, shopId: string, recallId: string): AsyncGenerator<RecallFileRow> {
  const recall = await requireRecall(db, shopId, recallId);
  const lotCodes = new Map(recall.lots.map(({ lot }) => [lot.id, lot.code]));
  const lotIds = [...lotCodes.keys()];
  let after: string | null = null;
  for (;;) {
    const recipients: Awaited<ReturnType<typeof db.recallRecipient.findMany>> = await db.recallRecipient.findMany({
      where: { shopId, recallId, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    if (recipients.length === 0) return;
    after = recipients[recipients.length - 1].id;

    const orderIds = [...new Set(recipients.flatMap((recipient) => recipient.orderRefIds))];
    const [orders, notices] = await Promise.all([
      db.orderRef.findMany({
        where: { shopId, id: { in: orderIds } },
        select: {
          id: true,
          name: true,
          lines: {
            where: { shopId, allocations: { some: { lotId: { in: lotIds } } } },
            orderBy: { createdAt: "asc" },
            select: {
              title: true,
              allocations: {
                where: { shopId, lotId: { in: lotIds } },
                select: { lotId: true, quantity: true, shippedQuantity: true },
              },
            },
          },
        },
      }),
      db.recallMessage.findMany({
        where: { shopId, recallId, sequence: 0, recipientId: { in: recipients.map((recipient) => recipient.id) } },
        select: { recipientId: true, status: true, sentAt: true },
      }),
    ]);
    const ordersById = new Map(orders.map((order) => [order.id, order]));
    const noticeByRecipient = new Map(notices.map((notice) => [notice.recipientId, notice]));

    for (const recipient of recipients) {
      const notice = noticeByRecipient.get(recipient.id);
      const customer = recipient.redactedAt ? "(removed at the customer's request)" : (recipient.name ?? "");
      const status = recipient.email === null ? "unreachable" : (notice?.status ?? "not sent");
      for (const orderId of recipient.orderRefIds) {
        const order = ordersById.get(orderId);
        if (!order) continue;
        const units = new Map<string, number>();
        for (const line of order.lines) {
          for (const allocation of line.allocations) {
            const code = lotCodes.get(allocation.lotId) ?? "";
            // Shipped units are what the customer holds; a line not yet shipped counts what it took.
            const quantity = allocation.shippedQuantity > 0 ? allocation.shippedQuantity : allocation.quantity;
            units.set(code, (units.get(code) ?? 0) + quantity);
          }
        }
        yield {
          Recall: String(recall.number),
          Customer: customer,
          Email: recipient.email ?? "unreachable",
          Order: order.name,
          Items: order.lines.map((line) => line.title).join("; "),
          "Lot codes": [...units.keys()].join("; "),
          Quantities: [...units.values()].join("; "),
          "Notice status": status,
          "Sent at": instant(notice?.sentAt),
          "Acknowledged at": instant(recipient.acknowledgedAt),
          Response: recipient.response ?? "",
        };
      }
    }
    if (recipients.length < BATCH) return;
  }
}

/** The CSV as a byte stream (BOM first so spreadsheet programs read UTF-8 names correctly). */
export function streamRecallCsv(db: Db, shopId: string, recallId: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const rows = recallFileRows(db, shopId, recallId);
  let started = false;
  return new ReadableStream({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(RECALL_FILE_COLUMNS)}`));
        return;
      }
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(csvLine(recallFileCells(next.value))));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}

/** Fails early (before a response starts streaming) when the recall is not this shop's. */
export async function describeRecallFile(db: Db, shopId: string, recallId: string) {
  const recall = await requireRecall(db, shopId, recallId);
  return { number: recall.number };
}

// Landscape A4, in points.
const PAGE = { width: 842, height: 595, margin: 36 };
const PDF_COLUMNS: { column: (typeof RECALL_FILE_COLUMNS)[number]; width: number }[] = [
  { column: "Customer", width: 110 },
  { column: "Email", width: 140 },
  { column: "Order", width: 55 },
  { column: "Items", width: 120 },
  { column: "Lot codes", width: 85 },
  { column: "Quantities", width: 45 },
  { column: "Notice status", width: 65 },
  { column: "Sent at", width: 75 },
  { column: "Acknowledged at", width: 75 },
];

/** The standard PDF fonts know only WinAnsi: anything else is shown as "?" rather than failing the file. */
function pdfText(text: string): string {
  return text.replace(/[^\x20-\x7E\xA0-\xFF]/g, "?");
}

function fitText(text: string, font: PDFFont, size: number, width: number): string {
  let value = pdfText(text);
  if (font.widthOfTextAtSize(value, size) <= width) return value;
  while (value.length > 1 && font.widthOfTextAtSize(`${value}...`, size) > width) value = value.slice(0, -1);
  return `${value}...`;
}

export async function renderRecallPdf(db: Db, shopId: string, recallId: string, now = new Date()): Promise<Uint8Array> {
  const recall = await requireRecall(db, shopId, recallId);
  const counts = await retrieveRecallDashboard(db, shopId, recallId);
  const pdf = await PDFDocument.create();
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const shopName = recall.shop.name ?? recall.shop.domain;
  const lots = recall.lots.map(({ lot }) => `${lot.code} (${lot.productTitle})`).join(", ");
  pdf.setTitle(pdfText(`Recall ${recall.number}: ${recall.title}`));
  pdf.setAuthor(pdfText(shopName));
  pdf.setSubject(`${counts.targeted} recipients`);
  pdf.setCreationDate(now);

  let page: PDFPage = pdf.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - PAGE.margin;
  const line = (text: string, options: { font?: PDFFont; size?: number; gap?: number } = {}) => {
    const size = options.size ?? 9;
    page.drawText(fitText(text, options.font ?? regular, size, PAGE.width - 2 * PAGE.margin), {
      x: PAGE.margin,
      y,
      size,
      font: options.font ?? regular,
    });
    y -= size + (options.gap ?? 4);
  };

  line(shopName, { font: bold, size: 14 });
  line(`Recall ${recall.number}: ${recall.title}`, { font: bold, size: 12, gap: 8 });
  line(`Lots: ${lots || "none"}`);
  if (recall.serialFrom && recall.serialTo) line(`Serial numbers ${recall.serialFrom} to ${recall.serialTo}`);
  line(`Hazard: ${recall.hazard || "not stated"}`);
  line(`Reason: ${recall.reason || "not stated"}`);
  line(
    `Created ${instant(recall.createdAt)} · Sent ${instant(recall.sentAt) || "not yet"} · All notices sent ${
      instant(recall.allSentAt) || "not yet"
    }${recall.closedAt ? ` · Closed ${instant(recall.closedAt)}` : ""}`,
  );
  line(
    `Recipients ${counts.targeted} · sent ${counts.sent} · failed ${counts.failed} · unreachable ${counts.unreachable} · unconfirmed ${counts.unconfirmed} · acknowledged ${counts.acknowledged}`,
    { gap: 12 },
  );

  const header = () => {
    let x = PAGE.margin;
    for (const { column, width } of PDF_COLUMNS) {
      page.drawText(fitText(column, bold, 8, width - 4), { x, y, size: 8, font: bold });
      x += width;
    }
    y -= 4;
    page.drawLine({
      start: { x: PAGE.margin, y },
      end: { x: PAGE.width - PAGE.margin, y },
      thickness: 0.5,
      color: rgb(0.6, 0.6, 0.6),
    });
    y -= 10;
  };
  header();
  for await (const row of recallFileRows(db, shopId, recallId)) {
    if (y < PAGE.margin) {
      page = pdf.addPage([PAGE.width, PAGE.height]);
      y = PAGE.height - PAGE.margin;
      header();
    }
    let x = PAGE.margin;
    for (const { column, width } of PDF_COLUMNS) {
      page.drawText(fitText(row[column], regular, 8, width - 4), { x, y, size: 8, font: regular });
      x += width;
    }
    y -= 11;
  }
  const pages = pdf.getPages();
  pages.forEach((each, index) => {
    each.drawText(`Recall ${recall.number} · page ${index + 1} of ${pages.length}`, {
      x: PAGE.margin,
      y: PAGE.margin / 2,
      size: 7,
      font: regular,
      color: rgb(0.4, 0.4, 0.4),
    });
  });
  return pdf.save();
}
