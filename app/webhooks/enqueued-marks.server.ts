// "enqueued" is bookkeeping (the job exists; the sweeper need not look at the row), not part of
// being durable, so it is written off the request path: marks gathered over a few milliseconds
// become one UPDATE. A mark that is lost (crash, database gone) only means the sweeper re-adds
// the job under its deterministic id, which changes nothing.
import type { Db } from "../db.server";
import { logger } from "../utils/logger.server";

const FLUSH_AFTER_MS = 20;
const MAX_BATCH = 500;

class EnqueuedMarks {
  private pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db) {}

  add(eventId: string): void {
    this.pending.push(eventId);
    if (this.pending.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_AFTER_MS);
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const ids = this.pending;
    this.pending = [];
    if (ids.length) {
      this.flushing = this.flushing.then(() => this.write(ids));
    }
    return this.flushing;
  }

  private async write(ids: string[]): Promise<void> {
    try {
      // Only rows still "received": a fast worker may have processed one already.
      await this.db.$executeRaw`
        UPDATE "WebhookEvent" SET status = 'enqueued', "enqueuedAt" = (now() AT TIME ZONE 'UTC')
        WHERE id = ANY(${ids}::uuid[]) AND status = 'received'`;
    } catch (error) {
      logger.warn({ err: error, count: ids.length }, "could not mark webhooks as queued; the sweep will");
    }
  }
}

const marks = new WeakMap<Db, EnqueuedMarks>();

/** Notes that the event's job was queued; written within a few milliseconds. */
export function markEnqueued(db: Db, eventId: string): void {
  let forDb = marks.get(db);
  if (!forDb) {
    forDb = new EnqueuedMarks(db);
    marks.set(db, forDb);
  }
  forDb.add(eventId);
}

/** Writes every pending mark now (tests, shutdown). */
export async function flushEnqueuedMarks(db: Db): Promise<void> {
  await marks.get(db)?.flush();
}
