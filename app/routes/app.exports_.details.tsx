// Business details for traceability files: the name, phone and address of each location and
// supplier (FSMA 204 "location descriptions"), and the GS1 company prefix and GLNs EPCIS uses.
// Anything left empty is written as "MISSING: …" in the files and flagged on the Exports page.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { authenticateAdmin } from "../auth.server";
import { db } from "../db.server";
import type { PartyDetails, TraceDetails } from "../exports/trace-details";
import { updateTraceDetails } from "../exports/trace-details.server";
import { loadTraceDetailsPage } from "../exports/trace-details-page.server";
import { errorResponse, throwAsResponse } from "../utils/responses.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, shop } = await authenticateAdmin(request);
  try {
    return json(await loadTraceDetailsPage(db(), { shopId: shop.id, graphql: admin.graphql }));
  } catch (error) {
    throwAsResponse(error);
  }
};

const formSchema = z.object({
  details: z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "unreadable" });
      return z.NEVER;
    }
  }),
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, actor } = await authenticateAdmin(request);
  const parsed = formSchema.safeParse(Object.fromEntries(await request.formData().catch(() => new FormData())));
  if (!parsed.success) {
    return json(
      { ok: false, message: "The form could not be read. Reload the page and try again.", fields: {} },
      { status: 400 },
    );
  }
  try {
    await updateTraceDetails(db(), { shopId: shop.id, details: parsed.data.details, actor });
    return json({ ok: true, message: "Saved. New exports use these details.", fields: {} });
  } catch (error) {
    return errorResponse(error, { ok: false });
  }
};

type Parties = Record<string, PartyDetails>;

export default function TraceDetailsPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [prefix, setPrefix] = useState(page.details.gs1CompanyPrefix ?? "");
  const [locations, setLocations] = useState<Parties>(page.details.locations);
  const [suppliers, setSuppliers] = useState<Parties>(page.details.suppliers);
  const fields = (actionData && !actionData.ok ? actionData.fields : {}) as Record<string, string>;
  const details: TraceDetails = { gs1CompanyPrefix: prefix, locations, suppliers };

  return (
    <Page
      title="Business details"
      subtitle="How your locations and suppliers are described in FSMA 204 and EPCIS files."
      backAction={{ content: "Exports", url: "/app/exports" }}
    >
      <Form method="post">
        <input type="hidden" name="details" value={JSON.stringify(details)} />
        <Layout>
          {actionData?.message ? (
            <Layout.Section>
              <Banner tone={actionData.ok ? "success" : "critical"}>
                <Text as="p">{actionData.message}</Text>
              </Banner>
            </Layout.Section>
          ) : null}
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  GS1
                </Text>
                <TextField
                  label="GS1 company prefix"
                  value={prefix}
                  onChange={setPrefix}
                  helpText="6 to 12 digits. With it (and GLNs below), EPCIS files name places by GLN."
                  error={fields.gs1CompanyPrefix}
                  autoComplete="off"
                />
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <PartyCard
              title="Your locations"
              group="locations"
              entries={page.locations.map((location) => ({
                key: location.id,
                label: location.shopifyName ?? (location.code ? `Location ${location.code}` : location.id),
                missing: location.missing,
              }))}
              values={locations}
              onChange={setLocations}
              errors={fields}
            />
          </Layout.Section>
          <Layout.Section>
            <PartyCard
              title="Suppliers"
              group="suppliers"
              entries={page.suppliers.map((supplier) => ({
                key: supplier.name,
                label: supplier.name,
                missing: supplier.missing,
              }))}
              values={suppliers}
              onChange={setSuppliers}
              errors={fields}
            />
          </Layout.Section>
          <Layout.Section>
            <InlineStack>
              <Button submit variant="primary" loading={navigation.state === "submitting"}>
                Save details
              </Button>
            </InlineStack>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}

function PartyCard(props: {
  title: string;
  group: "locations" | "suppliers";
  entries: { key: string; label: string; missing: string[] }[];
  values: Parties;
  onChange: (next: Parties) => void;
  errors: Record<string, string>;
}) {
  const { title, group, entries, values, onChange, errors } = props;
  const set = (key: string, field: keyof PartyDetails) => (value: string) =>
    onChange({ ...values, [key]: { ...values[key], [field]: value } });
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {entries.length === 0 ? (
          <Text as="p" tone="subdued">
            None yet: they appear here once stock is received.
          </Text>
        ) : null}
        {entries.map((entry) => {
          const error = (field: string) => errors[`${group}.${entry.key}.${field}`];
          return (
            <BlockStack gap="200" key={entry.key}>
              <InlineStack gap="200" blockAlign="center">
                <Text as="h3" variant="headingSm">
                  {entry.label}
                </Text>
                {entry.missing.length > 0 ? (
                  <Badge tone="warning">{`Missing: ${entry.missing.join(", ")}`}</Badge>
                ) : null}
              </InlineStack>
              <InlineStack gap="300" wrap>
                <TextField
                  label="Business name"
                  value={values[entry.key]?.businessName ?? ""}
                  onChange={set(entry.key, "businessName")}
                  error={error("businessName")}
                  autoComplete="off"
                />
                <TextField
                  label="Phone"
                  type="tel"
                  value={values[entry.key]?.phone ?? ""}
                  onChange={set(entry.key, "phone")}
                  error={error("phone")}
                  autoComplete="off"
                />
                <TextField
                  label="Address"
                  value={values[entry.key]?.address ?? ""}
                  onChange={set(entry.key, "address")}
                  error={error("address")}
                  autoComplete="off"
                />
                <TextField
                  label="GLN"
                  value={values[entry.key]?.gln ?? ""}
                  onChange={set(entry.key, "gln")}
                  error={error("gln")}
                  autoComplete="off"
                />
              </InlineStack>
            </BlockStack>
          );
        })}
      </BlockStack>
    </Card>
  );
}
