// Sends the pending messages of one chunk of a recall, exactly once each.
//
// How "exactly once" holds across crashes and retries:
// - Every message row exists, with its Message-ID fixed, before any attempt (the fan-out and the
//   reminder sweep make them; unique per recipient × sequence).
// - Claim: a row moves pending → sending with claimedAt and attempts + 1 (FOR UPDATE SKIP LOCKED).
//   `attempts` is the claim's fencing token: every later write of this attempt checks it.
// - Hand-off: the message is streamed to the mail server; after the whole body is written and
//   before the end-of-data marker that makes the server accept it, handedOffAt is committed (the
//   Mailer's `beforeEndOfData` hook). If that commit fails, or the claim was taken over meanwhile,
//   the connection is dropped without the marker and the server delivers nothing.
// - Answer: 250 → sent (+ the server's answer as receipt); 5xx → failed with the server's words;
//   4xx or no connection before the marker → pending again with backoff; no answer after the
//   marker → unconfirmed: maybe delivered, never re-sent automatically (resendUnconfirmed is the
//   merchant's choice).
// - Recovery: rows of the chunk left in `sending` longer than the lease by a dead run are resolved
//   when the chunk runs again: without handedOffAt the server never got the marker → pending;
//   with it → unconfirmed.
// The one window left is a process killed between the handedOffAt commit and the marker reaching
// the socket (microseconds): that message is reported unconfirmed, never sent twice.
import type { Db } from "../db.server";
import type { JobPayload } from "../jobs/contract";
import { type Mailer, MailRefusedError, MailRetryError } from "../mail/mailer.server";
import { RetryLaterError } from "../shopify/rate-limited-admin.server";
import { loadNoticeContexts } from "./notice-context.server";
import { renderNotice } from "./notice-render";
import { retrieveRecallSettings } from "./recall-settings.server";
import { redisSendRateLimiter, type SendRateLimiter } from "./send-rate-limiter.server";

/** A claim older than this belongs to a run that died (a live one finishes a message in seconds). */
export const DEFAULT_CLAIM_LEASE_MS = 2 * 60_000;
/** Messages claimed per round: small, so a crash strands few claims. */
const CLAIM_BATCH = 50;
/** After this many attempts a message that keeps getting "try later" is recorded as failed. */
export const MAX_SEND_ATTEMPTS = 10;

export interface SendChunkDeps {
  mailer: Mailer;
  now?: () => Date;
  /** How long a claim may stay in `sending` before a later run resolves it (0 in tests). */
  leaseMs?: number;
  rateLimiter?: SendRateLimiter;
  /** Messages of this chunk in flight at once (the mailer's pool size is a good value). */
  parallel?: number;
}

export interface SendChunkResult {
  sent: number;
  failed: number;
  unconfirmed: number;
  retrying: number;
}

interface ClaimedMessage {
  id: string;
  recipientId: string;
  messageId: string;
  attempts: number;
}

/** The claim was resolved by another run meanwhile: this attempt must not deliver. */
class ClaimLostError extends Error {}

/** Backoff for "try again later": 1 min, 2, 4, ... capped at an hour (greylisting takes minutes). */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export async function sendRecallChunk(
  db: Db,
  input: JobPayload<"recalls.send-chunk">,
  deps: SendChunkDeps,
): Promise<SendChunkResult> {
  const now = deps.now ?? (() => new Date());
  const result: SendChunkResult = { sent: 0, failed: 0, unconfirmed: 0, retrying: 0 };
  const recall = await db.recall.findFirst({
    where: { id: input.recallId, shopId: input.shopId },
    select: { id: true, status: true, number: true, contactEmail: true },
  });
  // A draft told no one; a closed (or deleted) recall sends nothing more.
  if (recall?.status !== "sent") return result;

  await resolveExpiredClaims(db, input, new Date(now().getTime() - (deps.leaseMs ?? DEFAULT_CLAIM_LEASE_MS)));
  const [settings, shop] = await Promise.all([
    retrieveRecallSettings(db, input.shopId),
    db.shop.findUniqueOrThrow({ where: { id: input.shopId }, select: { name: true, domain: true } }),
  ]);
  const rateLimiter = deps.rateLimiter ?? redisSendRateLimiter();
  const replyTo = settings.replyTo ?? recall.contactEmail ?? undefined;
  let unexpected: unknown = null;
  // A slow shop claims fewer at a time: claims waiting for the rate would otherwise outlive the lease.
  const batch = Math.max(1, Math.min(CLAIM_BATCH, settings.sendRatePerSecond * 10));

  for (;;) {
    const claimed = await claimMessages(db, input, now(), batch);
    if (claimed.length === 0) break;
    const contexts = await loadNoticeContexts(db, {
      shopId: input.shopId,
      recallId: input.recallId,
      recipientIds: claimed.map((message) => message.recipientId),
      sequence: input.sequence,
    });
    const sendOne = async (message: ClaimedMessage) => {
      const context = contexts.get(message.recipientId);
      const to = context?.recipient.email;
      if (!context || !to) {
        // Redacted at the customer's request (or gone) since the message was made.
        await settle(db, message, { status: "failed", error: "The customer's email address was removed." });
        result.failed += 1;
        return;
      }
      const notice = renderNotice(context);
      await rateLimiter.take(input.shopId, settings.sendRatePerSecond);
      let handedOff = false;
      try {
        const { receipt } = await deps.mailer.send(
          {
            messageId: message.messageId,
            to,
            fromName: context.shop.name || shop.name || shop.domain,
            replyTo,
            subject: notice.subject,
            text: notice.text,
            html: notice.html,
            shopId: input.shopId,
          },
          {
            beforeEndOfData: async () => {
              await markHandedOff(db, message, now());
              handedOff = true;
            },
          },
        );
        await markSent(db, message, receipt, now());
        result.sent += 1;
      } catch (error) {
        if (error instanceof ClaimLostError) return;
        if (error instanceof MailRefusedError) {
          await settle(db, message, { status: "failed", error: error.response });
          result.failed += 1;
        } else if (error instanceof MailRetryError && handedOff && !error.serverAnswered) {
          await settle(db, message, { status: "unconfirmed", error: error.message });
          result.unconfirmed += 1;
        } else if (error instanceof MailRetryError) {
          if (message.attempts >= MAX_SEND_ATTEMPTS) {
            const gaveUp = `Gave up after ${message.attempts} tries: ${error.message}`;
            await settle(db, message, { status: "failed", error: gaveUp });
            result.failed += 1;
          } else {
            const nextAttemptAt = new Date(now().getTime() + retryDelayMs(message.attempts));
            await settle(db, message, { status: "pending", error: error.message, nextAttemptAt });
            result.retrying += 1;
          }
        } else {
          throw error;
        }
      }
    };
    await inLanes(claimed, deps.parallel ?? 5, (message) =>
      sendOne(message).catch((error) => {
        // The database or the mailer itself failed: the claim stays and is resolved by the
        // lease (handedOffAt tells whether the server may have the message).
        unexpected ??= error;
      }),
    );
    if (unexpected) throw unexpected;
  }

  const waiting = await nextWork(db, input);
  if (waiting.pending + waiting.sending === 0) {
    if (input.sequence === 0) await markAllSent(db, input, now());
    return result;
  }
  // Messages asked to wait (4xx) or still claimed by another run: come back when they are due,
  // without spending one of the job's attempts.
  const leaseEndsIn = waiting.sending > 0 ? (deps.leaseMs ?? DEFAULT_CLAIM_LEASE_MS) : Number.POSITIVE_INFINITY;
  const dueIn = waiting.nextAttemptAt ? waiting.nextAttemptAt.getTime() - now().getTime() : Number.POSITIVE_INFINITY;
  throw new RetryLaterError(
    `${waiting.pending + waiting.sending} recall messages of chunk ${input.chunk} are waiting to be sent again`,
    Math.max(1_000, Math.min(leaseEndsIn, dueIn)),
  );
}

/** Resolves claims a dead run left behind (see the module header). */
async function resolveExpiredClaims(db: Db, input: JobPayload<"recalls.send-chunk">, claimedBefore: Date) {
  await db.$executeRaw`
    UPDATE "RecallMessage"
    SET status = (CASE WHEN "handedOffAt" IS NULL THEN 'pending' ELSE 'unconfirmed' END)::"RecallMessageStatus",
        error = CASE WHEN "handedOffAt" IS NULL THEN error
                ELSE 'The sending worker stopped after handing the message over and before the mail server confirmed it. It may have been delivered; it is not sent again automatically.' END,
        "updatedAt" = now()
    WHERE "shopId" = ${input.shopId}::uuid AND "recallId" = ${input.recallId}::uuid
      AND sequence = ${input.sequence} AND chunk = ${input.chunk}
      AND status = 'sending' AND "claimedAt" <= ${claimedBefore}`;
}

async function claimMessages(
  db: Db,
  input: JobPayload<"recalls.send-chunk">,
  at: Date,
  limit: number,
): Promise<ClaimedMessage[]> {
  return db.$queryRaw<ClaimedMessage[]>`
    UPDATE "RecallMessage" m
    SET status = 'sending', "claimedAt" = ${at}, attempts = m.attempts + 1, "handedOffAt" = NULL,
        "nextAttemptAt" = NULL, "updatedAt" = now()
    WHERE m.id IN (
      SELECT id FROM "RecallMessage"
      WHERE "shopId" = ${input.shopId}::uuid AND "recallId" = ${input.recallId}::uuid
        AND sequence = ${input.sequence} AND chunk = ${input.chunk} AND status = 'pending'
        AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" <= ${at})
      ORDER BY id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING m.id, m."recipientId", m."messageId", m.attempts`;
}

/** The commit point, fenced by the claim: a claim resolved by another run stops the hand-off. */
async function markHandedOff(db: Db, message: ClaimedMessage, at: Date) {
  const updated = await db.$executeRaw`
    UPDATE "RecallMessage" SET "handedOffAt" = ${at}, "updatedAt" = now()
    WHERE id = ${message.id}::uuid AND status = 'sending' AND attempts = ${message.attempts}`;
  if (updated !== 1) throw new ClaimLostError(`message ${message.messageId} was claimed again`);
}

/** Sent, even if a later run already called it unconfirmed: the server's 250 settles it. */
async function markSent(db: Db, message: ClaimedMessage, receipt: string, at: Date) {
  await db.$executeRaw`
    WITH sent AS (
      UPDATE "RecallMessage" SET status = 'sent', "sentAt" = ${at}, "deliveryReceipt" = ${receipt}, error = NULL,
        "updatedAt" = now()
      WHERE id = ${message.id}::uuid AND attempts = ${message.attempts} AND status IN ('sending', 'unconfirmed')
      RETURNING "recipientId"
    )
    UPDATE "RecallRecipient" r SET "lastNoticeAt" = ${at}, "updatedAt" = now()
    FROM sent WHERE r.id = sent."recipientId"`;
}

async function settle(
  db: Db,
  message: ClaimedMessage,
  outcome: { status: "pending" | "failed" | "unconfirmed"; error: string; nextAttemptAt?: Date },
) {
  await db.$executeRaw`
    UPDATE "RecallMessage"
    SET status = ${outcome.status}::"RecallMessageStatus", error = ${outcome.error},
        "nextAttemptAt" = ${outcome.nextAttemptAt ?? null},
        "handedOffAt" = CASE WHEN ${outcome.status} = 'pending' THEN NULL ELSE "handedOffAt" END,
        "updatedAt" = now()
    WHERE id = ${message.id}::uuid AND attempts = ${message.attempts} AND status = 'sending'`;
}

async function nextWork(db: Db, input: JobPayload<"recalls.send-chunk">) {
  const [row] = await db.$queryRaw<{ pending: number; sending: number; next_attempt_at: Date | null }[]>`
    SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
           count(*) FILTER (WHERE status = 'sending')::int AS sending,
           min("nextAttemptAt") FILTER (WHERE status = 'pending') AS next_attempt_at
    FROM "RecallMessage"
    WHERE "shopId" = ${input.shopId}::uuid AND "recallId" = ${input.recallId}::uuid
      AND sequence = ${input.sequence} AND chunk = ${input.chunk} AND status IN ('pending', 'sending')`;
  return { pending: row.pending, sending: row.sending, nextAttemptAt: row.next_attempt_at };
}

/** Once no first notice of the recall is waiting any more, the recall is all sent (set once). */
async function markAllSent(db: Db, input: JobPayload<"recalls.send-chunk">, at: Date) {
  await db.$executeRaw`
    UPDATE "Recall" SET "allSentAt" = ${at}, "updatedAt" = now()
    WHERE id = ${input.recallId}::uuid AND "shopId" = ${input.shopId}::uuid AND "allSentAt" IS NULL
      AND NOT EXISTS (
        SELECT 1 FROM "RecallMessage"
        WHERE "recallId" = ${input.recallId}::uuid AND "shopId" = ${input.shopId}::uuid AND sequence = 0
          AND status IN ('pending', 'sending'))`;
}

/** Runs `work` over the items with at most `lanes` at once. */
async function inLanes<T>(items: T[], lanes: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(lanes, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next];
        next += 1;
        await work(item);
      }
    }),
  );
}
