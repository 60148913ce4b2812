// What a running "stop the stock" job carries from step to step, and how a step saves its
// progress: only while the request it runs for is still the step's current one.
import type { Db, Prisma } from "../db.server";
import type { RecallAction } from "../generated/prisma/client.ts";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import type { ActionResult, RecallActionDirection } from "./stock-action-plan";

export interface RunContext {
  db: Db;
  graphql: AdminGraphql;
  action: RecallAction;
  direction: RecallActionDirection;
  recall: { id: string; shopId: string; number: number; title: string; lots: RecallLotRow[] };
  result: ActionResult;
}

export interface RecallLotRow {
  id: string;
  code: string;
  inventoryItemId: string;
  locationId: string;
  onHandQuantity: number;
  allocatedQuantity: number;
  quarantinedQuantity: number;
}

/** A newer request took the step over; this job's work is no longer wanted. */
export class Superseded extends Error {}

/** Saves the progress (and, in the same transaction, what else the step wrote) unless a newer request took over. */
export async function saveProgress(
  context: RunContext,
  also?: (tx: Prisma.TransactionClient) => Promise<unknown>,
): Promise<void> {
  await context.db.$transaction(async (tx) => {
    // First, so what it adds to the result is saved with it; a superseded save rolls it back.
    await also?.(tx);
    const saved = await tx.recallAction.updateMany({
      where: { id: context.action.id, generation: context.action.generation },
      data: { result: context.result as unknown as Prisma.InputJsonValue },
    });
    if (saved.count === 0) throw new Superseded();
  });
}
