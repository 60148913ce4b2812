// The outbox: without SMTP_URL, recall notices are written as .eml files under
// DATA_DIR/outbox/<shopId>/ instead of being sent. This lists one shop's files for the merchant
// and opens one of them. A file is only ever opened by a name found in that shop's own folder,
// so no name a request carries can reach another shop's folder or anything outside the outbox.
import { open, readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { env } from "../env.server";
import { outboxFileName } from "../mail/outbox.server";
import { AppError } from "../utils/errors";
import { readableText, summarizeEml } from "./eml-message";

export const OUTBOX_PAGE_SIZE = 50;
/** Enough of a file to hold its header block; the body is not needed for the list. */
const HEADER_BYTES = 16 * 1024;
const EML_NAME = /^[A-Za-z0-9][A-Za-z0-9._@+=-]*\.eml$/;

export interface OutboxEntry {
  fileName: string;
  to: string;
  subject: string;
  /** The Date header, or the file's time when the header is missing. */
  date: Date;
  byteSize: number;
}

export interface OutboxMessage extends OutboxEntry {
  text: string;
  raw: string;
}

/** Where the outbox mailer writes (DATA_DIR/outbox), the same folder for every process. */
export function appOutboxDir(): string {
  return path.join(env().DATA_DIR, "outbox");
}

export function shopOutboxDir(outboxDir: string, shopId: string): string {
  return path.join(outboxDir, shopId);
}

/** One page of the shop's outbox, newest file first. */
export async function listOutboxMessages(input: {
  outboxDir: string;
  shopId: string;
  page?: number;
}): Promise<{ entries: OutboxEntry[]; total: number; page: number; pageSize: number }> {
  const files = await listShopFiles(input.outboxDir, input.shopId);
  const pageCount = Math.max(1, Math.ceil(files.length / OUTBOX_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(input.page ?? 1)), pageCount);
  const slice = files.slice((page - 1) * OUTBOX_PAGE_SIZE, page * OUTBOX_PAGE_SIZE);
  const dir = shopOutboxDir(input.outboxDir, input.shopId);
  // Only this page's files are opened: a recall can leave thousands in the folder.
  const entries = await Promise.all(
    slice.map(async (file) => {
      return outboxEntry(file, await readHead(path.join(dir, file.name)));
    }),
  );
  return { entries, total: files.length, page, pageSize: OUTBOX_PAGE_SIZE };
}

/** One message of the shop's outbox; NOT_FOUND for any name that is not one of its files. */
export async function retrieveOutboxMessage(input: {
  outboxDir: string;
  shopId: string;
  fileName: string;
}): Promise<OutboxMessage> {
  const files = await listShopFiles(input.outboxDir, input.shopId);
  const file = files.find((candidate) => candidate.name === input.fileName);
  if (!file) {
    throw new AppError("NOT_FOUND", "This message is not in your shop's outbox. Reload the outbox and pick it again.");
  }
  const raw = await readFile(path.join(shopOutboxDir(input.outboxDir, input.shopId), file.name), "utf8");
  return { ...outboxEntry(file, raw), text: readableText(raw), raw };
}

/** A file of the outbox as the list shows it: who, what and when, from its headers. */
function outboxEntry(file: { name: string; modifiedAt: Date; byteSize: number }, head: string) {
  const summary = summarizeEml(head);
  return {
    fileName: file.name,
    to: summary.to,
    subject: summary.subject,
    date: summary.date ?? file.modifiedAt,
    byteSize: file.byteSize,
  };
}

async function listShopFiles(outboxDir: string, shopId: string) {
  // The shop id becomes a folder name: anything but a plain id would be a path.
  if (!/^[0-9a-f-]{36}$/i.test(shopId)) return [];
  const dir = shopOutboxDir(outboxDir, shopId);
  const names = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const files = await Promise.all(
    names
      .filter((entry) => entry.isFile() && EML_NAME.test(entry.name))
      .map(async (entry) => {
        const info = await stat(path.join(dir, entry.name)).catch(() => null);
        return info ? { name: entry.name, modifiedAt: info.mtime, byteSize: info.size } : null;
      }),
  );
  return files
    .filter((file) => file !== null)
    .sort((a, b) => b.modifiedAt.getTime() - a.modifiedAt.getTime() || b.name.localeCompare(a.name));
}

async function readHead(file: string): Promise<string> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await handle.close();
  }
}

/**
 * Deletes the outbox files of these messages (customers/redact: a written notice carries the
 * customer's name and email). Files already gone are fine, so a retried redact completes.
 */
export async function removeOutboxMessages(input: { outboxDir: string; shopId: string; messageIds: string[] }) {
  if (!/^[0-9a-f-]{36}$/i.test(input.shopId)) return 0;
  const dir = shopOutboxDir(input.outboxDir, input.shopId);
  let removed = 0;
  for (const messageId of input.messageIds) {
    const name = outboxFileName(messageId);
    // Message-IDs are Lotline's own, but a name that is not a plain file name is never a path.
    if (!EML_NAME.test(name)) continue;
    await rm(path.join(dir, name)).then(
      () => {
        removed += 1;
      },
      (error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
      },
    );
  }
  return removed;
}

/** shop/redact: the shop's whole outbox folder goes with its rows. */
export async function removeShopOutbox(input: { outboxDir: string; shopId: string }) {
  if (!/^[0-9a-f-]{36}$/i.test(input.shopId)) return;
  await rm(shopOutboxDir(input.outboxDir, input.shopId), { recursive: true, force: true });
}
