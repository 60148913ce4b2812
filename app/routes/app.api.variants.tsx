// The Receive page's product search (App Bridge's resource picker is not available in every
// admin): the shop's variants by title, SKU or barcode, or by a scanned GTIN.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticateAdmin } from "../auth.server";
import { type CatalogVariant, findVariantsByGtin, searchVariants } from "../shopify/catalog.server";
import { errorResponse } from "../utils/responses.server";

const searchSchema = z.object({
  q: z.string().max(100, "Search for at most 100 characters").default(""),
  gtin: z
    .string()
    .regex(/^\d{8,14}$/, "A GTIN has 8 to 14 digits")
    .optional(),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin } = await authenticateAdmin(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = searchSchema.safeParse(params);
  if (!parsed.success)
    return json({ variants: [] as CatalogVariant[], message: parsed.error.issues[0].message }, { status: 400 });
  try {
    const variants =
      parsed.data.gtin !== undefined
        ? await findVariantsByGtin(admin.graphql, parsed.data.gtin)
        : await searchVariants(admin.graphql, parsed.data.q);
    return json({ variants, message: null });
  } catch (error) {
    return errorResponse(error, { variants: [] as CatalogVariant[] });
  }
};
