// A sent recall whose notice messages exist (fan-out done), ready for the send jobs: built with
// R1's recall factories and the real sendRecall + fanOutRecall.
import type { Db } from "../../app/db.server";
import type { JobPayload } from "../../app/jobs/contract";
import { fanOutRecall } from "../../app/recalls/fan-out.server";
import { sendRecall } from "../../app/recalls/recalls.server";
import { createDraftRecall, type SeedRecallShopOptions, seedRecallShop } from "./recall-factories";

export type SendChunkPayload = JobPayload<"recalls.send-chunk">;

export async function createFannedOutRecall(
  db: Db,
  options: SeedRecallShopOptions & { enqueue?: (payload: SendChunkPayload) => Promise<unknown> },
) {
  const seeded = await seedRecallShop(db, options);
  const draft = await createDraftRecall(
    db,
    seeded.shop,
    seeded.lots.map((lot) => lot.id),
  );
  // The fan-out is run right here instead of through the queue.
  await sendRecall(db, { shopId: seeded.shop.id, recallId: draft.id, actor: "user:1" }, { enqueue: async () => null });
  const chunks: SendChunkPayload[] = [];
  await fanOutRecall(
    db,
    { shopId: seeded.shop.id, recallId: draft.id },
    {
      enqueue: async (payload) => {
        chunks.push(payload);
        await options.enqueue?.(payload);
      },
    },
  );
  const recall = await db.recall.findUniqueOrThrow({ where: { id: draft.id } });
  return { ...seeded, recall, chunks };
}
