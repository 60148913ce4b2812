// "Stop the stock": quarantine remaining units, hold unfulfilled affected orders, tag affected
// orders — each optional, each reversible, each with its result recorded. The merchant's request
// raises the step's generation and queues one job; the job records per lot / per order what it
// changed in Shopify as it goes, so a retry skips what is done and a revert undoes exactly that.
// The steps themselves: recall-quarantine.server.ts and recall-order-holds.server.ts.
import type { Db } from "../db.server";
import type { RecallAction } from "../generated/prisma/client.ts";
import type { JobPayload } from "../jobs/contract";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { AppError, isPermanent } from "../utils/errors";
import { logger } from "../utils/logger.server";
import { runOrderStep } from "./recall-order-holds.server";
import { runQuarantine } from "./recall-quarantine.server";
import {
  type ActionResult,
  checkActionRequest,
  finalStatus,
  RECALL_ACTION_KINDS,
  type RecallActionDirection,
  type RecallActionKind,
  readActionResult,
  summarizeAction,
} from "./stock-action-plan";
import { type RunContext, Superseded } from "./stock-action-run.server";

const RECALL_NOT_FOUND = "This recall does not exist in your shop.";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type EnqueueRecallAction = (
  name: "recalls.apply-action",
  payload: JobPayload<"recalls.apply-action">,
) => Promise<unknown>;

export interface RecallActionRequest {
  shopId: string;
  recallId: string;
  kind: RecallActionKind;
  direction: RecallActionDirection;
  /** "user:<id>", as authenticateAdmin names the merchant. */
  actor: string;
}

/**
 * Asks for one step to be applied or undone in Shopify. Works on draft recalls too (stop the
 * stock first, notify later). CONFLICT when the step is mid-way or the request makes no sense
 * (undo of a step never applied, apply of one already applied); NOT_FOUND for another shop's recall.
 */
export async function requestRecallAction(
  db: Db,
  input: RecallActionRequest,
  collaborators: { enqueue: EnqueueRecallAction },
): Promise<RecallAction> {
  if (!RECALL_ACTION_KINDS.includes(input.kind)) {
    throw new AppError("INVALID_DATA", "Choose quarantine stock, hold orders or tag orders.");
  }
  if (input.direction !== "apply" && input.direction !== "revert") {
    throw new AppError("INVALID_DATA", "Choose whether to apply or undo the step.");
  }
  if (!UUID.test(input.recallId) || !UUID.test(input.shopId)) throw new AppError("NOT_FOUND", RECALL_NOT_FOUND);

  const action = await db.$transaction(async (tx) => {
    // One request at a time per recall: two clicks cannot both pass the checks below.
    const locked = await tx.$queryRaw<{ status: string }[]>`
      SELECT status::text FROM "Recall" WHERE id = ${input.recallId}::uuid AND "shopId" = ${input.shopId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new AppError("NOT_FOUND", RECALL_NOT_FOUND);
    if (locked[0].status === "closed" && input.direction === "apply") {
      throw new AppError("NOT_ALLOWED", "This recall is closed: its steps can be undone, not applied.");
    }
    const current = await tx.recallAction.findUnique({
      where: { recallId_kind: { recallId: input.recallId, kind: input.kind } },
    });
    const check = checkActionRequest(
      current && { status: current.status, result: readActionResult(current.result), requestedAt: current.requestedAt },
      input.direction,
      new Date(),
    );
    if (!check.ok) throw new AppError("CONFLICT", check.message);
    const status = input.direction === "apply" ? "applying" : "reverting";
    const saved = current
      ? await tx.recallAction.update({
          where: { id: current.id },
          data: {
            status,
            generation: current.generation + 1,
            requestedBy: input.actor,
            requestedAt: new Date(),
            completedAt: null,
            error: null,
          },
        })
      : await tx.recallAction.create({
          data: {
            shopId: input.shopId,
            recallId: input.recallId,
            kind: input.kind,
            status,
            generation: 1,
            requestedBy: input.actor,
            result: { lots: {}, orders: {} },
          },
        });
    await tx.auditEntry.create({
      data: {
        shopId: input.shopId,
        actor: input.actor,
        action: input.direction === "apply" ? "recall.action_requested" : "recall.action_revert_requested",
        subjectType: "recall",
        subjectId: input.recallId,
        details: { kind: input.kind, generation: saved.generation, recallActionId: saved.id },
      },
    });
    return saved;
  });

  try {
    await collaborators.enqueue("recalls.apply-action", {
      shopId: input.shopId,
      recallActionId: action.id,
      generation: action.generation,
    });
  } catch (error) {
    // No job means nothing would ever happen: say so on the step instead of leaving it "applying".
    logger.warn({ err: error, recallActionId: action.id }, "recall action not queued");
    const message = "Lotline could not queue this step (its job queue is unreachable). Try again in a minute.";
    await db.recallAction.updateMany({
      where: { id: action.id, generation: action.generation },
      data: { status: "failed", error: message, completedAt: new Date() },
    });
    throw new AppError("CONFLICT", message);
  }
  return action;
}

/** The recall's steps and where each stands; empty for another shop's recall. */
export async function listRecallActions(db: Db, shopId: string, recallId: string): Promise<RecallAction[]> {
  if (!UUID.test(recallId) || !UUID.test(shopId)) return [];
  return db.recallAction.findMany({ where: { shopId, recallId }, orderBy: { kind: "asc" } });
}

// ---------------------------------------------------------------------------------------------
// The job

export type RecallActionOutcome =
  | { done: false; reason: "stale" | "uninstalled" }
  | { done: true; status: RecallAction["status"]; summary: ReturnType<typeof summarizeAction> };

/**
 * The job: applies or reverts one step in Shopify. A job whose generation is not the row's current
 * one does nothing. Shopify's refusals per lot/order are recorded and listed; transport failures
 * (Shopify down, throttled) throw so the job runs again and skips what it recorded as done.
 */
export async function runRecallAction(
  db: Db,
  input: JobPayload<"recalls.apply-action">,
  deps: { adminGraphql: (shopDomain: string) => Promise<AdminGraphql>; now?: () => Date },
): Promise<RecallActionOutcome> {
  const action = await db.recallAction.findFirst({
    where: { id: input.recallActionId, shopId: input.shopId },
    include: {
      shop: { select: { domain: true, uninstalledAt: true } },
      recall: {
        select: {
          id: true,
          shopId: true,
          number: true,
          title: true,
          lots: {
            select: {
              lot: {
                select: {
                  id: true,
                  code: true,
                  inventoryItemId: true,
                  locationId: true,
                  onHandQuantity: true,
                  allocatedQuantity: true,
                  quarantinedQuantity: true,
                },
              },
            },
          },
        },
      },
    },
  });
  if (!action) throw new AppError("NOT_FOUND", "The recall step this job was queued for no longer exists.");
  if (action.generation !== input.generation) return { done: false, reason: "stale" };
  if (action.status !== "applying" && action.status !== "reverting") return { done: false, reason: "stale" };
  const direction: RecallActionDirection = action.status === "applying" ? "apply" : "revert";
  if (action.shop.uninstalledAt) {
    await finish(db, action, {
      status: "failed",
      error:
        "Lotline is uninstalled from this shop, so Shopify could not be changed. Reinstall Lotline, then try again.",
    });
    return { done: false, reason: "uninstalled" };
  }

  const { shop, recall, ...row } = action;
  const context: RunContext = {
    db,
    graphql: () => Promise.reject(new Error("not connected")),
    action: row,
    direction,
    recall: { ...recall, lots: recall.lots.map(({ lot }) => lot).sort((a, b) => a.code.localeCompare(b.code)) },
    result: readActionResult(action.result),
  };
  try {
    // Inside: a shop whose access is gone fails the step visibly instead of leaving it "applying".
    context.graphql = await deps.adminGraphql(shop.domain);
    if (action.kind === "quarantine_stock") await runQuarantine(context, deps.now ?? (() => new Date()));
    else await runOrderStep(context);
  } catch (error) {
    if (error instanceof Superseded) return { done: false, reason: "stale" };
    if (isPermanent(error)) {
      await finish(db, row, { status: "failed", error: (error as Error).message });
    } else {
      // Still running: the job is retried; meanwhile the step says why it is taking long.
      await db.recallAction.updateMany({
        where: { id: row.id, generation: row.generation },
        data: { error: `Waiting for Shopify, will retry: ${(error as Error).message}` },
      });
    }
    throw error;
  }
  const ending = finalStatus(context.result, direction, row.generation);
  await finish(db, row, ending);
  await db.auditEntry.create({
    data: {
      shopId: row.shopId,
      actor: "job:recalls.apply-action",
      action: `recall.action_${ending.status}`,
      subjectType: "recall",
      subjectId: row.recallId,
      details: { kind: row.kind, generation: row.generation, ...countsOf(context.result) },
    },
  });
  return { done: true, status: ending.status, summary: summarizeAction(context.result) };
}

function countsOf(result: ActionResult) {
  const summary = summarizeAction(result);
  return { inEffect: summary.inEffect, skipped: summary.skipped, failed: summary.failures.length };
}

async function finish(
  db: Db,
  action: { id: string; generation: number },
  ending: { status: RecallAction["status"]; error: string | null },
): Promise<void> {
  await db.recallAction.updateMany({
    where: { id: action.id, generation: action.generation },
    data: { status: ending.status, error: ending.error, completedAt: new Date() },
  });
}
