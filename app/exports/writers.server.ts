// Export kind -> the writer that builds its file.
import type { ExportKind } from "../generated/prisma/client.ts";
import { writeBackwardTraceExport, writeForwardTraceExport } from "../trace/trace-export.server";
import { writeEpcisExport } from "./epcis/epcis-writer.server";
import type { ExportWriter } from "./export-writer";
import { writeFsma204 } from "./fsma204.server";
import { writeRetailerExport } from "./retailer-export.server";

export const EXPORT_WRITERS: Record<ExportKind, ExportWriter> = {
  forward_trace: writeForwardTraceExport,
  backward_trace: writeBackwardTraceExport,
  fsma204: writeFsma204,
  epcis: writeEpcisExport,
  retailer: writeRetailerExport,
};
