// Serial numbers follow the units: shipped units take the serials the merchant entered for the
// line first, then the lot's in-stock serials in serial order; returned units' serials come back.
// Callers hold the lot's row lock, so two orders never pick the same in-stock serial.
import type { Prisma } from "../db.server";

/** Marks `count` serials of the lot as shipped on the line; returns how many it found. */
export async function shipSerials(
  tx: Prisma.TransactionClient,
  input: { shopId: string; lotId: string; orderLineId: string; count: number },
): Promise<number> {
  const entered = await tx.serialNumber.findMany({
    where: { shopId: input.shopId, lotId: input.lotId, orderLineId: input.orderLineId, status: "allocated" },
    orderBy: { serial: "asc" },
    take: input.count,
    select: { id: true },
  });
  const rest =
    entered.length < input.count
      ? await tx.serialNumber.findMany({
          where: { shopId: input.shopId, lotId: input.lotId, status: "in_stock" },
          orderBy: { serial: "asc" },
          take: input.count - entered.length,
          select: { id: true },
        })
      : [];
  const ids = [...entered, ...rest].map((serial) => serial.id);
  if (ids.length === 0) return 0;
  await tx.serialNumber.updateMany({
    where: { shopId: input.shopId, id: { in: ids } },
    data: { status: "shipped", orderLineId: input.orderLineId },
  });
  return ids.length;
}

/** Marks `count` of the serials the line shipped from the lot as returned (the link to the line stays). */
export async function returnSerials(
  tx: Prisma.TransactionClient,
  input: { shopId: string; lotId: string; orderLineId: string; count: number },
): Promise<number> {
  const shipped = await tx.serialNumber.findMany({
    where: { shopId: input.shopId, lotId: input.lotId, orderLineId: input.orderLineId, status: "shipped" },
    orderBy: { serial: "asc" },
    take: input.count,
    select: { id: true },
  });
  if (shipped.length === 0) return 0;
  await tx.serialNumber.updateMany({
    where: { shopId: input.shopId, id: { in: shipped.map((serial) => serial.id) } },
    data: { status: "returned" },
  });
  return shipped.length;
}

/**
 * Serials the merchant entered for the line stay only while the line still holds that many
 * unshipped units of their lot; the rest go back in stock (a cancel, an edit, a re-allocation).
 */
export async function releaseExcessEnteredSerials(
  tx: Prisma.TransactionClient,
  input: { shopId: string; orderLineId: string; unshippedByLot: Map<string, number> },
): Promise<number> {
  const entered = await tx.serialNumber.findMany({
    where: { shopId: input.shopId, orderLineId: input.orderLineId, status: "allocated" },
    orderBy: { serial: "asc" },
    select: { id: true, lotId: true },
  });
  const kept = new Map<string, number>();
  const excess: string[] = [];
  for (const serial of entered) {
    const count = kept.get(serial.lotId) ?? 0;
    if (count < (input.unshippedByLot.get(serial.lotId) ?? 0)) kept.set(serial.lotId, count + 1);
    else excess.push(serial.id);
  }
  if (excess.length === 0) return 0;
  await tx.serialNumber.updateMany({
    where: { shopId: input.shopId, id: { in: excess } },
    data: { status: "in_stock", orderLineId: null },
  });
  return excess.length;
}
