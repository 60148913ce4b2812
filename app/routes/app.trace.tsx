// Trace: find a lot by its code, the supplier's lot code or a serial number — or scan its label
// (GS1 barcode or Digital Link) with the cursor in the box. One exact match opens the lot's page.
import { json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, DataTable, Layout, Link, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { authenticateAdmin } from "../auth.server";
import { db } from "../db.server";
import { MAX_QUERY_LENGTH } from "../trace/trace-query";
import { searchTrace } from "../trace/trace-search.server";
import { throwAsResponse } from "../utils/responses.server";

const searchSchema = z.object({ q: z.string().max(MAX_QUERY_LENGTH).catch("") });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const url = new URL(request.url);
  const { q } = searchSchema.parse({ q: url.searchParams.get("q") ?? "" });
  try {
    const result = await searchTrace(db(), shop.id, q);
    if (result.exactLotId) {
      // Keep the embedded app's own parameters (shop, host) on the way to the lot.
      const rest = new URLSearchParams(url.searchParams);
      rest.delete("q");
      const query = rest.toString();
      throw redirect(`/app/lots/${result.exactLotId}${query ? `?${query}` : ""}`);
    }
    return json({ q, ...result });
  } catch (error) {
    if (error instanceof Response) throw error;
    throwAsResponse(error);
  }
};

const MATCHED_BY = {
  code: "Lot code",
  "supplier-lot": "Supplier lot",
  serial: "Serial",
  partial: "Partly matches",
} as const;

export default function TracePage() {
  const { q, lots, serials, scanError } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const field = useRef<HTMLDivElement>(null);
  // A scanner types into whatever has the focus: the box has it from the start.
  useEffect(() => {
    field.current?.querySelector("input")?.focus();
  }, []);
  const searched = q.trim() !== "";

  return (
    <Page title="Trace a lot" subtitle="Where it came from and where every unit went.">
      <Layout>
        <Layout.Section>
          <Card>
            <Form method="get" action="/app/trace">
              <div ref={field}>
                <TextField
                  id="trace-search"
                  name="q"
                  label="Lot code, supplier lot, serial number or scanned label"
                  autoComplete="off"
                  value={text}
                  onChange={setText}
                  placeholder="LAV-2611-001, (01)09506000134352(10)LAV-2611-001 or a Digital Link"
                  error={scanError ?? undefined}
                  connectedRight={
                    <Button submit variant="primary" loading={navigation.state === "loading"}>
                      Trace
                    </Button>
                  }
                />
              </div>
            </Form>
          </Card>
        </Layout.Section>
        {searched && !scanError ? (
          <Layout.Section>
            <Card>
              {lots.length === 0 && serials.length === 0 ? (
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Nothing found
                  </Text>
                  <Text as="p" tone="subdued">
                    No lot code, supplier lot code or serial number matches “{q}”.
                  </Text>
                </BlockStack>
              ) : (
                <BlockStack gap="400">
                  {lots.length > 0 ? (
                    <DataTable
                      columnContentTypes={["text", "text", "text", "text"]}
                      headings={["Lot", "Product", "Supplier lot", "Matched"]}
                      rows={lots.map((lot) => [
                        <Link key={lot.id} url={`/app/lots/${lot.id}`}>
                          {lot.code}
                        </Link>,
                        lot.productTitle,
                        lot.supplierLotCode ?? "—",
                        <Badge key={`${lot.id}-m`}>{MATCHED_BY[lot.matchedBy]}</Badge>,
                      ])}
                    />
                  ) : null}
                  {serials.length > 0 ? (
                    <DataTable
                      columnContentTypes={["text", "text", "text", "text"]}
                      headings={["Serial", "Lot", "Status", "Order"]}
                      rows={serials.map((serial) => [
                        serial.serial,
                        <Link key={`${serial.lotId}-${serial.serial}`} url={`/app/lots/${serial.lotId}`}>
                          {serial.lotCode}
                        </Link>,
                        serial.status.replace("_", " "),
                        serial.orderName ?? "—",
                      ])}
                    />
                  ) : null}
                </BlockStack>
              )}
            </Card>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}
