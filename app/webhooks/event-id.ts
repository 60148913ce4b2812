// Inbox row ids: UUID version 7 (RFC 9562), as Prisma's uuid(7) makes them, so rows the intake
// writes in one raw statement sort by time in the primary-key index like every other row.
import { randomBytes } from "node:crypto";

export function newEventId(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  // 48-bit big-endian millisecond timestamp.
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
