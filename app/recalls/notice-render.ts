// Turns a notice template and one recipient's context into the email: a plain-text part a person can
// read as is and a simple inline-styled HTML part. Every merchant or customer value is escaped.

import {
  defaultNoticeTemplate,
  isNoticePlaceholder,
  type Jurisdiction,
  type NoticePlaceholder,
} from "./notice-template";
import type { RecallContent } from "./recall-input";

export interface NoticeContext {
  shop: { name: string; logoUrl: string | null; contactEmail: string | null };
  recall: RecallContent & {
    number: number;
    title: string;
    jurisdiction: Jurisdiction;
    severity: string;
    noticeSubject: string | null;
    noticeBody: string | null;
    sentAt: Date | null;
  };
  recipient: { name: string | null; email: string | null };
  orders: {
    name: string;
    processedAt: Date;
    items: {
      title: string;
      sku: string | null;
      quantity: number;
      lots: { code: string; expiresAt: Date | null; supplierLotCode: string | null }[];
      serials: string[];
    }[];
  }[];
  /** Product identification. */
  products: { title: string; gtin: string | null; lotCodes: string[] }[];
  acknowledgeUrl: string;
  /** Reminder number (0 = the notice). */
  sequence: number;
}

export interface RenderedNotice {
  subject: string;
  html: string;
  text: string;
}

/** One placeholder's value: inline text, inline HTML, and optionally a block form for a line of its own. */
interface Expansion {
  text: string;
  html: string;
  blockText?: string;
  blockHtml?: string;
}

const FONT = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const CELL = "padding:6px 8px;border:1px solid #d9d9d9;text-align:left;vertical-align:top";

const ACTION_TEXT: Record<string, string> = {
  stop_using: "Stop using the product immediately.",
  return: "Return the product to us. We pay for the return.",
  dispose: "Dispose of the product safely and do not pass it on to anyone else.",
};
const REMEDY_TEXT: Record<string, string> = {
  refund: "a full refund",
  replacement: "a free replacement",
  repair: "a free repair",
};

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Only web links (and the preview's "#preview") may become an href or src. */
function safeUrl(url: string | null): string | null {
  if (!url) return null;
  if (url.startsWith("#")) return url;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.toString() : null;
  } catch {
    return null;
  }
}

function formatDate(date: Date | null): string {
  return date ? date.toISOString().slice(0, 10) : "";
}

function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function multiline(text: string): string {
  return escapeHtml(text.trim()).replace(/\r?\n/g, "<br>");
}

function bulletBlock(lines: string[]): Pick<Expansion, "blockText" | "blockHtml"> {
  return {
    blockText: lines.map((line) => `- ${line}`).join("\n"),
    blockHtml: `<ul style="margin:0 0 16px;padding-left:20px">${lines
      .map((line) => `<li style="margin:0 0 4px">${escapeHtml(line)}</li>`)
      .join("")}</ul>`,
  };
}

function plain(text: string): Expansion {
  return { text, html: escapeHtml(text) };
}

function describeProduct(product: NoticeContext["products"][number]): string {
  const parts = [product.title];
  if (product.gtin) parts.push(`GTIN ${product.gtin}`);
  if (product.lotCodes.length > 0) parts.push(`batch ${product.lotCodes.join(", ")}`);
  return parts.join(", ");
}

function describeLots(context: NoticeContext): string[] {
  const lots = new Map<string, string>();
  const serials: string[] = [];
  for (const order of context.orders) {
    for (const item of order.items) {
      for (const lot of item.lots) {
        const details = [
          lot.supplierLotCode ? `supplier lot ${lot.supplierLotCode}` : null,
          lot.expiresAt ? `use by ${formatDate(lot.expiresAt)}` : null,
        ].filter(Boolean);
        lots.set(lot.code, details.length > 0 ? `${lot.code} (${details.join(", ")})` : lot.code);
      }
      serials.push(...item.serials);
    }
  }
  // A context without orders (the merchant's sample) still names the recalled batches.
  if (lots.size === 0)
    for (const product of context.products) for (const code of product.lotCodes) lots.set(code, code);
  const lines = [...lots.values()].map((lot) => `Batch/lot ${lot}`);
  if (serials.length > 0) lines.push(`Serial numbers ${[...new Set(serials)].join(", ")}`);
  return lines;
}

function affectedItemsTable(context: NoticeContext): Pick<Expansion, "blockText" | "blockHtml"> {
  const rows = context.orders.flatMap((order) =>
    order.items.map((item) => ({
      order: order.name,
      product: item.sku ? `${item.title} (${item.sku})` : item.title,
      quantity: String(item.quantity),
      lots: item.lots.map((lot) => lot.code).join(", "),
      expiry: item.lots
        .map((lot) => formatDate(lot.expiresAt))
        .filter(Boolean)
        .join(", "),
      serials: item.serials.join(", "),
    })),
  );
  if (rows.length === 0) return { blockText: "", blockHtml: "" };
  const hasSerials = rows.some((row) => row.serials !== "");
  const headers = ["Order", "Product", "Quantity", "Batch/lot", "Use by", ...(hasSerials ? ["Serial numbers"] : [])];
  const cells = (row: (typeof rows)[number]) => [
    row.order,
    row.product,
    row.quantity,
    row.lots,
    row.expiry,
    ...(hasSerials ? [row.serials] : []),
  ];
  const blockText = [
    "Your affected items:",
    ...rows.map((row) => {
      const details = [`${row.quantity} × ${row.product}`, `batch ${row.lots}`];
      if (row.expiry) details.push(`use by ${row.expiry}`);
      if (row.serials) details.push(`serial numbers ${row.serials}`);
      return `- Order ${row.order}: ${details.join(", ")}`;
    }),
  ].join("\n");
  const blockHtml = `<h2 style="margin:0 0 8px;font-size:16px;color:#1f1f1f">Your affected items</h2><table role="presentation" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%;margin:0 0 16px;font-size:14px"><thead><tr>${headers
    .map((header) => `<th style="${CELL};background:#f3f3f3">${escapeHtml(header)}</th>`)
    .join("")}</tr></thead><tbody>${rows
    .map(
      (row) =>
        `<tr>${cells(row)
          .map((cell) => `<td style="${CELL}">${escapeHtml(cell)}</td>`)
          .join("")}</tr>`,
    )
    .join("")}</tbody></table>`;
  return { blockText, blockHtml };
}

function contactLines(context: NoticeContext): string[] {
  const { recall, shop } = context;
  const lines: string[] = [];
  const email = recall.contactEmail ?? shop.contactEmail;
  if (email) lines.push(`Email: ${email}`);
  if (recall.contactPhone) lines.push(`Phone: ${recall.contactPhone}`);
  if (recall.contactUrl) lines.push(`Web: ${recall.contactUrl}`);
  if (lines.length === 0) lines.push(`Reply to this email to reach ${shop.name}.`);
  return lines;
}

/** What each placeholder stands for in this recipient's notice. */
export function expandPlaceholders(context: NoticeContext): Record<NoticePlaceholder, Expansion> {
  const { recall, shop } = context;
  const productNames = [...new Set(context.products.map((product) => product.title))];
  const orderNames = context.orders.map((order) => order.name);
  const products = context.products.map(describeProduct);
  const lots = describeLots(context);
  // GPSR Art. 36(2) asks every EU notice to tell the consumer to stop using the product.
  const chosen =
    recall.jurisdiction === "eu_gpsr" && !recall.customerActions.includes("stop_using")
      ? ["stop_using", ...recall.customerActions]
      : recall.customerActions;
  const actions = chosen.map((action) => ACTION_TEXT[action]).filter(Boolean);
  const remedies = recall.remedies.map((remedy) => REMEDY_TEXT[remedy]).filter(Boolean);
  const remedy =
    remedies.length === 0
      ? "Contact us and we will put this right."
      : remedies.length === 1
        ? `We offer you ${remedies[0]}.`
        : `We offer you ${remedies.join(" or ")}, whichever you choose.`;
  const contact = contactLines(context);
  const ackUrl = safeUrl(context.acknowledgeUrl) ?? "#";
  const contactHtml = (line: string) => {
    const url = line.startsWith("Web: ") ? safeUrl(line.slice(5)) : null;
    if (url) return `Web: <a href="${escapeHtml(url)}" style="color:#1a5fb4">${escapeHtml(line.slice(5))}</a>`;
    return escapeHtml(line);
  };

  return {
    shop_name: plain(shop.name),
    customer_name: plain(context.recipient.name?.trim() || "customer"),
    recall_number: plain(String(recall.number)),
    recall_title: plain(recall.title),
    product_names: plain(listInWords(productNames) || recall.title),
    order_numbers: plain(
      orderNames.length === 0
        ? "your order"
        : `${orderNames.length === 1 ? "order" : "orders"} ${listInWords(orderNames)}`,
    ),
    product_identification: { ...plain(products.join("; ")), ...bulletBlock(products) },
    lot_codes: { ...plain(lots.join("; ")), ...bulletBlock(lots) },
    affected_items: { ...plain(""), ...affectedItemsTable(context) },
    reason: { text: recall.reason.trim(), html: multiline(recall.reason) },
    hazard: { text: recall.hazard.trim(), html: multiline(recall.hazard) },
    what_to_do: { ...plain(actions.join(" ")), ...bulletBlock(actions) },
    remedy: plain(remedy),
    contact: {
      ...plain(contact.join(", ")),
      blockText: contact.join("\n"),
      blockHtml: `<p style="margin:0 0 16px">${contact.map(contactHtml).join("<br>")}</p>`,
    },
    acknowledge_link: {
      text: ackUrl,
      html: `<a href="${escapeHtml(ackUrl)}" style="color:#1a5fb4">${escapeHtml(ackUrl)}</a>`,
      blockText: ackUrl,
      blockHtml: `<p style="margin:8px 0 24px"><a href="${escapeHtml(ackUrl)}" style="display:inline-block;background:#b42318;color:#ffffff;text-decoration:none;font-weight:bold;padding:12px 20px;border-radius:6px">Confirm you received this notice</a></p><p style="margin:0 0 16px;font-size:12px;color:#555">If the button does not work, open this link: ${escapeHtml(ackUrl)}</p>`,
    },
  };
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const WHOLE_LINE_PLACEHOLDER = /^\s*\{\{\s*([A-Za-z0-9_]+)\s*\}\}\s*$/;

function fill(template: string, values: Record<NoticePlaceholder, Expansion>, form: "text" | "html"): string {
  let out = "";
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const literal = template.slice(last, match.index);
    out += form === "html" ? escapeHtml(literal) : literal;
    const name = match[1];
    // An unknown placeholder cannot pass checkNoticeTemplate; if one slips through it stays visible as typed.
    out += isNoticePlaceholder(name) ? values[name][form] : form === "html" ? escapeHtml(match[0]) : match[0];
    last = match.index + match[0].length;
  }
  const rest = template.slice(last);
  return out + (form === "html" ? escapeHtml(rest) : rest);
}

function blockOf(line: string, values: Record<NoticePlaceholder, Expansion>): Expansion | null {
  const match = WHOLE_LINE_PLACEHOLDER.exec(line);
  if (!match || !isNoticePlaceholder(match[1])) return null;
  return values[match[1]];
}

/** The body as text and HTML: blank lines separate paragraphs; a placeholder alone on a line becomes a block. */
function renderBody(body: string, values: Record<NoticePlaceholder, Expansion>): { text: string; html: string } {
  const paragraphs = body
    .replace(/\r\n/g, "\n")
    .split(/\n[ \t]*\n/)
    .filter((paragraph) => paragraph.trim() !== "");
  const textParts: string[] = [];
  const htmlParts: string[] = [];
  paragraphs.forEach((paragraph, index) => {
    const lines = paragraph.split("\n");
    // The first single-line paragraph is the notice's heading ("Product safety recall").
    if (index === 0 && lines.length === 1 && !blockOf(lines[0], values)) {
      const heading = fill(lines[0].trim(), values, "text");
      textParts.push(`${heading}\n${"=".repeat(Math.min(heading.length, 60))}`);
      htmlParts.push(
        `<h1 style="margin:0 0 20px;font-size:24px;line-height:1.3;color:#b42318">${fill(lines[0].trim(), values, "html")}</h1>`,
      );
      return;
    }
    const text: string[] = [];
    let inline: string[] = [];
    const flush = () => {
      if (inline.length > 0) htmlParts.push(`<p style="margin:0 0 16px">${inline.join("<br>")}</p>`);
      inline = [];
    };
    lines.forEach((line, lineIndex) => {
      const block = blockOf(line, values);
      if (block) {
        const blockText = block.blockText ?? block.text;
        if (blockText !== "") text.push(blockText);
        flush();
        htmlParts.push(block.blockHtml ?? `<p style="margin:0 0 16px">${block.html}</p>`);
        return;
      }
      text.push(fill(line, values, "text"));
      // A label line ("What is the danger?") above a block reads as a sub-heading.
      const next = lines[lineIndex + 1];
      if (inline.length === 0 && next !== undefined && /[:?]\s*$/.test(line) && blockOf(next, values)) {
        htmlParts.push(
          `<h2 style="margin:0 0 8px;font-size:16px;color:#1f1f1f">${fill(line.trim(), values, "html")}</h2>`,
        );
        return;
      }
      inline.push(fill(line, values, "html"));
    });
    flush();
    if (text.some((line) => line.trim() !== "")) textParts.push(text.join("\n"));
  });
  return { text: textParts.join("\n\n"), html: htmlParts.join("\n") };
}

/** The email for one recipient: subject, HTML and plain-text parts. */
export function renderNotice(context: NoticeContext): RenderedNotice {
  const template = defaultNoticeTemplate(context.recall.jurisdiction);
  const subjectTemplate = context.recall.noticeSubject ?? template.subject;
  const bodyTemplate = context.recall.noticeBody ?? template.body;
  const values = expandPlaceholders(context);
  // The subject is one line: block values collapse to their inline form, line breaks to spaces.
  let subject = fill(subjectTemplate, values, "text").replace(/\s+/g, " ").trim();
  if (context.sequence > 0) subject = `Reminder: ${subject}`;

  // Wherever the merchant put it (or not), the customer always sees which of their items are affected.
  const body = listIncludes(bodyTemplate, "affected_items") ? bodyTemplate : `${bodyTemplate}\n\n{{affected_items}}`;
  const rendered = renderBody(body, values);
  const shopName = escapeHtml(context.shop.name);
  const footerText = `You receive this message because you bought an affected product from ${context.shop.name}. Recall ${context.recall.number}.`;
  const text = `${context.sequence > 0 ? "REMINDER: we have not yet heard from you about this recall.\n\n" : ""}${rendered.text}\n\n--\n${footerText}\n`;

  const logo = safeUrl(context.shop.logoUrl);
  const header = logo
    ? `<img src="${escapeHtml(logo)}" alt="${shopName}" style="max-height:56px;max-width:240px;display:block;margin:0 0 8px">`
    : "";
  const reminder =
    context.sequence > 0
      ? `<p style="margin:0 0 16px;padding:8px 12px;background:#fff4e5;border-left:4px solid #b54708">Reminder: we have not yet heard from you about this recall.</p>`
      : "";
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f4f4">
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" style="background:#f4f4f4"><tr><td align="center" style="padding:24px 8px">
<table role="presentation" width="600" cellspacing="0" cellpadding="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px;${FONT};font-size:15px;line-height:1.5;color:#1f1f1f">
<tr><td style="padding:24px 24px 8px;border-bottom:4px solid #b42318">${header}<div style="font-size:18px;font-weight:bold">${shopName}</div></td></tr>
<tr><td style="padding:24px">
${reminder}${rendered.html}
</td></tr>
<tr><td style="padding:16px 24px;font-size:12px;color:#555;border-top:1px solid #e3e3e3">${escapeHtml(footerText)}</td></tr>
</table>
</td></tr></table>
</body></html>
`;
  return { subject, html, text };
}

function listIncludes(template: string, name: NoticePlaceholder): boolean {
  return [...template.matchAll(PLACEHOLDER)].some((match) => match[1] === name);
}
