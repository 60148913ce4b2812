// Serial numbers the merchant enters or scans for a serial-tracked line; they ship first when
// the line ships.
import type { Db } from "../db.server";
import { bumpWriteBackVersion, enqueueOrderWriteBack } from "../orders/write-back-queue.server";
import { AppError } from "../utils/errors";
import { lockLots } from "./lot-locks.server";
import { lockedLine } from "./order-line-lock.server";
import { withRetriedTransaction } from "./transaction.server";

/**
 * The serial numbers the merchant entered or scanned for a line's unshipped units: they ship
 * first when the line ships. The list replaces what was entered before; serials already shipped
 * on this line may be listed again and are left as they are.
 */
export async function assignSerials(
  db: Db,
  input: { shopId: string; orderLineId: string; serials: string[]; actor: string },
): Promise<{ assigned: { serial: string; lotCode: string; status: string }[]; released: string[] }> {
  const { shopId } = input;
  const serials = (input.serials ?? []).map((serial) => String(serial).trim()).filter(Boolean);
  const duplicates = [...new Set(serials.filter((serial, i) => serials.indexOf(serial) !== i))];
  if (duplicates.length > 0) {
    throw new AppError(
      "INVALID_DATA",
      `Each serial number may be entered once: ${duplicates.join(", ")} is repeated.`,
      {
        serials: "Remove the repeated serial numbers",
      },
    );
  }
  const result = await withRetriedTransaction(db, async (tx) => {
    const line = await lockedLine(tx, shopId, input.orderLineId);
    if (serials.length > line.quantity) {
      throw new AppError(
        "INVALID_DATA",
        `${line.title} has ${line.quantity} units; you entered ${serials.length} serial numbers.`,
        {
          serials: `Enter at most ${line.quantity}`,
        },
      );
    }
    if (!line.productId) {
      throw new AppError("INVALID_DATA", `${line.title} is not a product Lotline tracks; it has no serial numbers.`);
    }
    await lockLots(
      tx,
      shopId,
      line.allocations.map((a) => a.lotId),
    );
    const rows = await tx.serialNumber.findMany({
      where: { shopId, productId: line.productId, serial: { in: serials } },
      include: { lot: { select: { code: true } } },
    });
    const bySerial = new Map(rows.map((row) => [row.serial, row]));
    const allocationByLot = new Map(line.allocations.map((a) => [a.lotId, a]));
    const wanted = new Map<string, number>();
    for (const serial of serials) {
      const row = bySerial.get(serial);
      if (!row) {
        throw new AppError("INVALID_DATA", `${serial} is not a serial number of ${line.title} in your shop.`, {
          serials: `Check ${serial}`,
        });
      }
      if (!allocationByLot.has(row.lotId)) {
        throw new AppError(
          "INVALID_DATA",
          `${serial} is in lot ${row.lot.code}, which is not allocated to this line. Re-allocate the line to lot ${row.lot.code} first.`,
          { serials: `Check ${serial}` },
        );
      }
      const onThisLine = row.orderLineId === line.id;
      if (!onThisLine && row.status !== "in_stock") {
        throw new AppError("INVALID_DATA", `${serial} is already ${row.status} with another order.`, {
          serials: `Check ${serial}`,
        });
      }
      if (onThisLine && row.status !== "allocated") continue;
      wanted.set(row.lotId, (wanted.get(row.lotId) ?? 0) + 1);
    }
    for (const [lotId, count] of wanted) {
      const allocation = allocationByLot.get(lotId)!;
      const unshipped = allocation.quantity - allocation.shippedQuantity;
      if (count > unshipped) {
        throw new AppError(
          "INVALID_DATA",
          `This line holds ${unshipped} unshipped units of lot ${allocation.lot.code}; you entered ${count} of its serial numbers.`,
          { serials: `Enter at most ${unshipped} from lot ${allocation.lot.code}` },
        );
      }
    }

    const entering = rows.filter((row) => !(row.orderLineId === line.id && row.status !== "allocated"));
    const previous = await tx.serialNumber.findMany({
      where: { shopId, orderLineId: line.id, status: "allocated" },
      select: { id: true, serial: true },
    });
    const keep = new Set(entering.map((row) => row.id));
    const released = previous.filter((row) => !keep.has(row.id));
    if (released.length > 0) {
      await tx.serialNumber.updateMany({
        where: { shopId, id: { in: released.map((row) => row.id) } },
        data: { status: "in_stock", orderLineId: null },
      });
    }
    const newlyEntered = entering.filter((row) => row.status === "in_stock");
    if (newlyEntered.length > 0) {
      await tx.serialNumber.updateMany({
        where: { shopId, id: { in: newlyEntered.map((row) => row.id) }, status: "in_stock" },
        data: { status: "allocated", orderLineId: line.id },
      });
    }
    const assigned = serials.map((serial) => {
      const row = bySerial.get(serial)!;
      return { serial, lotCode: row.lot.code, status: row.orderLineId === line.id ? row.status : "allocated" };
    });
    if (released.length === 0 && newlyEntered.length === 0) return { assigned, released: [], pending: null };
    await tx.auditEntry.create({
      data: {
        shopId,
        actor: input.actor,
        action: "serials.assigned",
        subjectType: "order_line",
        subjectId: line.id,
        details: {
          orderId: line.order.shopifyOrderId,
          orderName: line.order.name,
          lineTitle: line.title,
          serials,
          released: released.map((row) => row.serial),
        },
      },
    });
    const pending = await bumpWriteBackVersion(tx, shopId, line.orderRefId);
    return { assigned, released: released.map((row) => row.serial), pending };
  });
  if (result.pending) await enqueueOrderWriteBack(result.pending);
  return { assigned: result.assigned, released: result.released };
}
