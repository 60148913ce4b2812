// Files for one lot, asked for from its page: the forward and backward traces name the lot; the
// FSMA 204 and EPCIS files cover the lot code range from this lot's code to itself.
import type { Db } from "../db.server";
import { type Enqueue, requestExport } from "../exports/exports.server";
import type { ExportJob } from "../generated/prisma/client.ts";
import { AppError } from "../utils/errors";

export type LotExportKind = "forward_trace" | "backward_trace" | "fsma204" | "epcis";

export async function requestLotExport(
  db: Db,
  input: { shopId: string; lotId: string; kind: LotExportKind; format: string; actor: string },
  { enqueue }: { enqueue: Enqueue },
): Promise<ExportJob> {
  const lot = await db.lot.findFirst({
    where: { id: input.lotId, shopId: input.shopId },
    select: { id: true, code: true },
  });
  if (!lot) throw new AppError("NOT_FOUND", "This lot does not exist in your shop.");
  const parameters =
    input.kind === "forward_trace" || input.kind === "backward_trace"
      ? { lotId: lot.id }
      : { lotFrom: lot.code, lotTo: lot.code };
  return requestExport(
    db,
    { shopId: input.shopId, kind: input.kind, format: input.format, parameters, actor: input.actor },
    { enqueue },
  );
}
