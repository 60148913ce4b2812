// A recall that has been sent and fanned out, so its customers have recipient rows and working
// acknowledgement links: built with the real send and fan-out code (no mail is sent; the send
// jobs are not queued).
import type { Db } from "../../app/db.server";
import { fanOutRecall } from "../../app/recalls/fan-out.server";
import type { RecallDraftInput } from "../../app/recalls/recall-input";
import { sendRecall } from "../../app/recalls/recalls.server";
import { signToken } from "../../app/utils/signed-token.server";
import { createDraftRecall, type SeedRecallShopOptions, seedRecallShop } from "./recall-factories";

const noQueue = async () => undefined;

export async function createSentRecall(
  db: Db,
  options: Partial<SeedRecallShopOptions> & { recall?: Partial<RecallDraftInput>; sentAt?: Date } = {},
) {
  const { recall: overrides, sentAt, ...seedOptions } = options;
  const seeded = await seedRecallShop(db, { customers: 2, ...seedOptions });
  const draft = await createDraftRecall(
    db,
    seeded.shop,
    seeded.lots.map((lot) => lot.id),
    overrides,
  );
  const recall = await sendRecall(
    db,
    { shopId: seeded.shop.id, recallId: draft.id, actor: "user:1", now: sentAt },
    { enqueue: noQueue },
  );
  await fanOutRecall(db, { shopId: seeded.shop.id, recallId: recall.id }, { enqueue: noQueue });
  // Customer n is "Customer <n>": ordered by name, recipients[n] is customer n (with few customers).
  const recipients = await db.recallRecipient.findMany({
    where: { shopId: seeded.shop.id, recallId: recall.id },
    orderBy: { name: "asc" },
  });
  return { ...seeded, recall, recipients };
}

/** The acknowledgement token the notice to `recipientId` carries (valid until the recall expires). */
export function ackToken(recipientId: string, expiresAt: Date): string {
  return signToken("recall-ack", recipientId, expiresAt);
}
