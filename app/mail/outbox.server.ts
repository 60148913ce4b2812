// Outbox mode (no SMTP_URL): each message becomes one .eml file. The file is written under a
// temporary name and then hard-linked into place; link() refuses an existing name, so a second
// write of the same Message-ID is a no-op and a crash before the link leaves no .eml behind.
import { randomUUID } from "node:crypto";
import { link, mkdir, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The file name a Message-ID gets in the outbox ("/" cannot be part of a file name). */
export function outboxFileName(messageId: string): string {
  return `${messageId.replaceAll("/", "_")}.eml`;
}

export async function writeToOutbox(
  outboxDir: string,
  message: { messageId: string; shopId?: string },
  body: Buffer,
  beforeEndOfData?: () => Promise<void>,
): Promise<{ receipt: string }> {
  const folder = message.shopId ? join(outboxDir, message.shopId) : outboxDir;
  await mkdir(folder, { recursive: true });
  const name = outboxFileName(message.messageId);
  const relative = message.shopId ? `${message.shopId}/${name}` : name;
  // Not ".eml": a half-written temporary file is never listed as a message.
  const temporary = join(folder, `.${randomUUID()}.tmp`);
  await writeFile(temporary, body);
  try {
    await beforeEndOfData?.();
    await link(temporary, join(folder, name));
    return { receipt: `outbox ${relative}` };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return { receipt: `outbox ${relative} (already there)` };
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}
