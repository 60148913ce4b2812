// GET /app/lots/import/template — the CSV template for importing lots, as a download. The
// example row names the shop's first location, so it imports as it stands once the SKU exists.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticateAdmin } from "../auth.server";
import { lotImportTemplate, TEMPLATE_FILE_NAME } from "../imports/lot-import-template";
import { fetchLocationNames } from "../shopify/catalog.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin } = await authenticateAdmin(request);
  // Shopify away: the template still downloads, with a placeholder the dry run will point at.
  const [firstLocation] = [...(await fetchLocationNames(admin.graphql)).values()];
  return new Response(lotImportTemplate(firstLocation ?? "Your location name"), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${TEMPLATE_FILE_NAME}"`,
      "Cache-Control": "private, no-store",
    },
  });
};
