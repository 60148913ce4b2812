// Export kind -> the writer that builds its file.
import type { ExportKind } from "../generated/prisma/client.ts";
import type { ExportWriter } from "./export-writer";

const notBuilt =
  (kind: string): ExportWriter =>
  async () => {
    throw new Error(`The ${kind} export is not built yet`);
  };

export const EXPORT_WRITERS: Record<ExportKind, ExportWriter> = {
  forward_trace: notBuilt("forward trace"),
  backward_trace: notBuilt("backward trace"),
  fsma204: notBuilt("FSMA 204"),
  epcis: notBuilt("EPCIS"),
  retailer: notBuilt("retailer"),
};
