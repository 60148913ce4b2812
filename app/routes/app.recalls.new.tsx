// A new recall: choose the lots (or a serial range), say what is wrong and what customers must do,
// write the notice around its required elements, save it as a draft. The draft's page then shows
// the trace, the preview and the send. The lot picker of every draft form searches lots here.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Layout, Page } from "@shopify/polaris";
import { z } from "zod";
import { authenticateAdmin } from "../auth.server";
import { RecallForm } from "../components/recalls/RecallForm";
import { db } from "../db.server";
import { draftFormFields, loadNewRecallForm, saveRecallDraft } from "../recalls/recall-page.server";
import { errorResponse, throwAsResponse } from "../utils/responses.server";

const searchSchema = z.object({
  lotSearch: z.string().trim().max(100).catch(""),
  lot: z.array(z.uuid()).max(50).catch([]),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const params = new URL(request.url).searchParams;
  const search = searchSchema.parse({ lotSearch: params.get("lotSearch") ?? "", lot: params.getAll("lot") });
  try {
    return json(await loadNewRecallForm(db(), { shopId: shop.id, lotIds: search.lot, lotSearch: search.lotSearch }));
  } catch (error) {
    throwAsResponse(error);
  }
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, actor } = await authenticateAdmin(request);
  const form = await request.formData().catch(() => null);
  if (!form) return json({ message: "The form could not be read. Reload the page and try again.", fields: {} }, 400);
  try {
    const recall = await saveRecallDraft(db(), {
      shopId: shop.id,
      recallId: null,
      fields: draftFormFields(form),
      actor,
    });
    return redirect(`/app/recalls/${recall.id}`);
  } catch (error) {
    return errorResponse(error);
  }
};

export default function NewRecallPage() {
  const { values, templates, serialProducts } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as { message: string; fields: Record<string, string> } | undefined;
  const navigation = useNavigation();
  return (
    <Page title="New recall" backAction={{ content: "Recalls", url: "/app/recalls" }}>
      <Layout>
        <Layout.Section>
          <RecallForm
            values={values}
            fields={answer?.fields ?? {}}
            message={answer?.message ?? null}
            templates={templates}
            serialProducts={serialProducts}
            submitting={navigation.state === "submitting"}
            submitLabel="Save draft"
          />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
