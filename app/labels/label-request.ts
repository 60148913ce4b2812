// The query a label link carries (?size=&symbol=&serials=), parsed with a message a person can act on.
import { z } from "zod";
import { LABEL_SYMBOLS } from "./label-content";
import { LABEL_SIZES } from "./sheet-layout";

export const labelQuerySchema = z.object({
  size: z.enum(LABEL_SIZES, { error: `size must be one of ${LABEL_SIZES.join(", ")}` }).default("4x6"),
  symbol: z.enum(LABEL_SYMBOLS, { error: `symbol must be one of ${LABEL_SYMBOLS.join(", ")}` }).default("gs1-128"),
  serials: z
    .enum(["0", "1"], { error: "serials must be 1 (one label per serial number) or 0" })
    .default("0")
    .transform((value) => value === "1"),
});

export type LabelQuery = z.output<typeof labelQuerySchema>;

export function parseLabelQuery(
  search: URLSearchParams,
): { ok: true; query: LabelQuery } | { ok: false; error: string } {
  const parsed = labelQuerySchema.safeParse(Object.fromEntries(search));
  if (parsed.success) return { ok: true, query: parsed.data };
  return { ok: false, error: parsed.error.issues.map((issue) => issue.message).join("; ") };
}
