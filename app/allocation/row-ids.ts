// Row ids for rows Lotline inserts with its own SQL (Prisma fills `@default(uuid(7))` only for its
// own creates). UUID version 7, and monotonic within the process: ledger rows written in one
// statement sort by id in the order they happened, as separate creates' ids would.
import { randomBytes } from "node:crypto";

let lastMs = 0;
let sequence = 0;

export function newRowId(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  if (now > lastMs) {
    lastMs = now;
    // A random start within the millisecond, leaving room to count up.
    sequence = ((bytes[6] & 0x07) << 8) | bytes[7];
  } else {
    sequence += 1;
    // 12 bits used up: borrow the next millisecond rather than go backwards.
    if (sequence > 0xfff) {
      lastMs += 1;
      sequence = 0;
    }
  }
  const ms = lastMs;
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
  bytes[2] = (ms >>> 24) & 0xff;
  bytes[3] = (ms >>> 16) & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  bytes[6] = 0x70 | (sequence >>> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
