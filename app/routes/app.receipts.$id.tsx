// One receipt: who delivered what against which document, the lot codes and serial numbers it
// was issued, and whether Shopify's inventory has followed (a failure shows here, with why).
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Card, DescriptionList, IndexTable, Layout, Page, Text } from "@shopify/polaris";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { authenticateAdmin } from "../auth.server";
import { RecordErrorBoundary } from "../components/RecordErrorBoundary";
import { db } from "../db.server";
import { LabelsErrorBanner } from "../labels/PrintLabelsMenu";
import { labelsUrl, PRINT_CHOICES, usePrintLabels } from "../labels/use-print-labels";
import { loadReceiptPage } from "../receiving/receipt-page.server";
import { referenceTypeLabel } from "../receiving/receive-form";
import { calendarDate } from "../utils/dates";
import { throwAsResponse } from "../utils/responses.server";

const paramsSchema = z.object({ id: z.uuid() });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, shop } = await authenticateAdmin(request);
  const parsed = paramsSchema.safeParse(params);
  // An id that is not a receipt id cannot name one of this shop's receipts.
  if (!parsed.success) throw new Response("This receipt does not exist in your shop.", { status: 404 });
  try {
    return json(await loadReceiptPage(db(), { shopId: shop.id, receiptId: parsed.data.id, graphql: admin.graphql }));
  } catch (error) {
    throwAsResponse(error);
  }
};

const POLL_MS = 2_000;

const WRITE_BACK_BADGE = {
  pending: { tone: "info", label: "Shopify update pending" },
  done: { tone: "success", label: "Shopify updated" },
  failed: { tone: "critical", label: "Shopify update failed" },
} as const;

export default function ReceiptPage() {
  const { receipt, locationName, receivedAtText, writeBackDoneAtText } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const labels = usePrintLabels();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;

  // The write-back runs in the background; the page follows it until it is done or failed.
  useEffect(() => {
    if (receipt.writeBackStatus !== "pending") return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") revalidate.current();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [receipt.writeBackStatus]);

  const badge = WRITE_BACK_BADGE[receipt.writeBackStatus];
  const location = locationName ?? receipt.locationCode;
  const reference = [referenceTypeLabel(receipt.referenceType), receipt.referenceNumber].filter(Boolean).join(" ");
  const units = receipt.lines.reduce((sum, line) => sum + line.quantity, 0);

  return (
    <Page
      title="Receipt"
      titleMetadata={<Badge tone={badge.tone}>{badge.label}</Badge>}
      subtitle={`${receivedAtText} · ${location}`}
      backAction={{ content: "Lots", url: "/app/lots" }}
      secondaryActions={[{ content: "Receive more stock", url: "/app/receive" }]}
      actionGroups={[
        {
          title: "Print labels",
          actions: PRINT_CHOICES.map(({ content, choice }) => ({
            content,
            disabled: labels.printing,
            onAction: () => labels.print(labelsUrl(`/app/receipts/${receipt.id}/labels`, choice)),
          })),
        },
      ]}
    >
      <Layout>
        <LabelsErrorBanner error={labels.error} onDismiss={labels.clearError} />
        <Layout.Section>
          <WriteBackBanner
            status={receipt.writeBackStatus}
            error={receipt.writeBackError}
            doneAt={writeBackDoneAtText}
            location={location}
            queued={receipt.writeBackEnqueuedAt !== null}
          />
        </Layout.Section>
        <Layout.Section>
          <Card>
            <DescriptionList
              items={[
                { term: "Supplier", description: receipt.supplierName ?? "Own production" },
                { term: "Reference", description: reference || "—" },
                { term: "Location", description: location },
                { term: "Received", description: `${receivedAtText} by ${actorName(receipt.receivedBy)}` },
                {
                  term: "Contents",
                  description: `${receipt.lines.length} ${receipt.lines.length === 1 ? "lot" : "lots"}, ${units} ${units === 1 ? "unit" : "units"}`,
                },
                ...(receipt.note ? [{ term: "Note", description: receipt.note }] : []),
              ]}
            />
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <IndexTable
              resourceName={{ singular: "lot", plural: "lots" }}
              itemCount={receipt.lines.length}
              selectable={false}
              headings={[
                { title: "Lot code" },
                { title: "Product" },
                { title: "Quantity", alignment: "end" },
                { title: "Supplier lot" },
                { title: "Produced" },
                { title: "Best before" },
                { title: "Expiry" },
                { title: "Serial numbers" },
              ]}
            >
              {receipt.lines.map((line, index) => {
                const serials = line.lot.serialNumbers.map((serial) => serial.serial);
                const more = line.lot._count.serialNumbers - serials.length;
                return (
                  <IndexTable.Row id={line.id} key={line.id} position={index}>
                    <IndexTable.Cell>
                      <Text as="span" fontWeight="semibold">
                        {line.lot.code}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <BlockStack gap="050">
                        <Text as="span">{line.lot.productTitle}</Text>
                        {line.lot.sku ? (
                          <Text as="span" tone="subdued" variant="bodySm">
                            SKU {line.lot.sku}
                          </Text>
                        ) : null}
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {line.quantity}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{line.lot.supplierLotCode ?? "—"}</IndexTable.Cell>
                    <IndexTable.Cell>{calendarDate(line.lot.producedAt) ?? "—"}</IndexTable.Cell>
                    <IndexTable.Cell>{calendarDate(line.lot.bestBefore) ?? "—"}</IndexTable.Cell>
                    <IndexTable.Cell>{calendarDate(line.lot.expiresAt) ?? "—"}</IndexTable.Cell>
                    <IndexTable.Cell>
                      {serials.length === 0 ? (
                        "—"
                      ) : (
                        <div style={{ maxWidth: "22rem", whiteSpace: "normal" }}>
                          <Text as="span" variant="bodySm">
                            {serials.join(", ")}
                            {more > 0 ? ` and ${more} more` : ""}
                          </Text>
                        </div>
                      )}
                    </IndexTable.Cell>
                  </IndexTable.Row>
                );
              })}
            </IndexTable>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** "user:42" as the merchant reads it; other actors (imports, the system) as recorded. */
function actorName(actor: string): string {
  const user = /^user:(.+)$/.exec(actor);
  return user ? `staff account ${user[1]}` : actor;
}

function WriteBackBanner(props: {
  status: "pending" | "done" | "failed";
  error: string | null;
  doneAt: string | null;
  location: string;
  queued: boolean;
}) {
  if (props.status === "done") {
    return (
      <Banner tone="success" title="Shopify inventory updated">
        <Text as="p">
          Available stock at {props.location} was raised by what this receipt holds
          {props.doneAt ? ` on ${props.doneAt}` : ""}.
        </Text>
      </Banner>
    );
  }
  if (props.status === "failed") {
    return (
      <Banner tone="critical" title="Shopify inventory was not updated">
        <BlockStack gap="200">
          <Text as="p">{props.error ?? "Shopify refused the inventory change."}</Text>
          <Text as="p">The lots are recorded in Lotline; only Shopify's available stock did not change.</Text>
        </BlockStack>
      </Banner>
    );
  }
  return (
    <Banner tone="info" title="Updating Shopify inventory…">
      <BlockStack gap="200">
        <Text as="p">
          {props.queued
            ? `Lotline is raising available stock at ${props.location}. This page updates by itself.`
            : "The update waits for Lotline's job queue and starts as soon as it is reachable."}
        </Text>
        {props.error ? <Text as="p">{props.error}</Text> : null}
      </BlockStack>
    </Banner>
  );
}

export function ErrorBoundary() {
  return <RecordErrorBoundary noun="Receipt" back={{ content: "Lots", url: "/app/lots" }} />;
}
