// One lot: what it still holds, where every unit went (forward trace), where it came from
// (backward trace) and its ledger as a timeline — with the trace, FSMA 204 and EPCIS files one
// click away (built in the background, downloaded from the Exports page).
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Text,
} from "@shopify/polaris";
import { z } from "zod";
import { authenticateAdmin } from "../auth.server";
import { RecordErrorBoundary } from "../components/RecordErrorBoundary";
import { db } from "../db.server";
import { enqueue } from "../jobs/queues.server";
import { requestLotExport } from "../trace/lot-exports.server";
import { loadLotTracePage } from "../trace/lot-page.server";
import { errorResponse, throwAsResponse } from "../utils/responses.server";

const paramsSchema = z.object({ id: z.uuid() });
const NOT_FOUND = "This lot does not exist in your shop.";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, shop } = await authenticateAdmin(request);
  const parsed = paramsSchema.safeParse(params);
  // An id that is not a lot id cannot name one of this shop's lots.
  if (!parsed.success) throw new Response(NOT_FOUND, { status: 404 });
  try {
    return json(await loadLotTracePage(db(), { shopId: shop.id, lotId: parsed.data.id, graphql: admin.graphql }));
  } catch (error) {
    throwAsResponse(error);
  }
};

const exportSchema = z.object({
  kind: z.enum(["forward_trace", "backward_trace", "fsma204", "epcis"]),
  format: z.enum(["csv", "xlsx", "json"]),
});

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, actor } = await authenticateAdmin(request);
  const lot = paramsSchema.safeParse(params);
  if (!lot.success) throw new Response(NOT_FOUND, { status: 404 });
  const form = await request
    .formData()
    .then((data) => exportSchema.safeParse(Object.fromEntries(data)))
    .catch(() => null);
  if (!form?.success) {
    return json(
      { ok: false, message: "The export could not be read. Reload the page and try again." },
      { status: 400 },
    );
  }
  try {
    await requestLotExport(db(), { shopId: shop.id, lotId: lot.data.id, ...form.data, actor }, { enqueue });
  } catch (error) {
    return errorResponse(error, { ok: false });
  }
  return redirect("/app/exports");
};

const STATUS_BADGE = {
  active: { tone: "success", label: "Active" },
  quarantined: { tone: "warning", label: "Quarantined" },
  recalled: { tone: "critical", label: "Recalled" },
  expired: { tone: "critical", label: "Expired" },
  depleted: { tone: undefined, label: "Depleted" },
} as const;

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;

function Stat(props: { label: string; value: number; tone?: "caution" | "subdued" }) {
  return (
    <BlockStack gap="100">
      <Text as="span" tone="subdued" variant="bodySm">
        {props.label}
      </Text>
      <Text as="span" variant="headingLg" tone={props.tone} numeric>
        {props.value}
      </Text>
    </BlockStack>
  );
}

function ExportButton(props: { kind: string; format: string; label: string }) {
  const navigation = useNavigation();
  const busy =
    navigation.state === "submitting" &&
    navigation.formData?.get("kind") === props.kind &&
    navigation.formData?.get("format") === props.format;
  return (
    <Form method="post">
      <input type="hidden" name="kind" value={props.kind} />
      <input type="hidden" name="format" value={props.format} />
      <Button submit loading={busy}>
        {props.label}
      </Button>
    </Form>
  );
}

function ForwardCard({ page }: { page: PageData }) {
  const { forward, stock } = page;
  const units = (n: number) => `${n} ${n === 1 ? "unit" : "units"}`;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Forward trace
        </Text>
        <Text as="p" tone="subdued">
          {forward.totals.shipped === 0
            ? "No units of this lot have shipped yet."
            : `${units(forward.totals.shipped)} shipped on ${forward.totals.orders} ${forward.totals.orders === 1 ? "order" : "orders"} to ${forward.totals.customers} ${forward.totals.customers === 1 ? "customer" : "customers"}.`}
          {` ${units(stock.onHand)} on hand, ${stock.allocated} allocated, ${stock.quarantined} quarantined.`}
        </Text>
        {forward.shipments.length > 0 ? (
          <DataTable
            columnContentTypes={["text", "text", "text", "text", "numeric", "text"]}
            headings={["Shipped", "Order", "Customer", "Ship-to", "Units", "From"]}
            rows={forward.shipments.map((s) => [
              s.at,
              <Link key={s.id} url={`/app/orders/${s.orderId}`}>
                {s.orderName}
              </Link>,
              <BlockStack key={`${s.id}-c`} gap="050">
                <Text as="span">{s.company ?? s.customer}</Text>
                {s.company ? (
                  <Text as="span" tone="subdued" variant="bodySm">
                    {s.customer}
                  </Text>
                ) : null}
                {s.serials.length > 0 ? (
                  <Text as="span" tone="subdued" variant="bodySm">
                    Serials {s.serials.join(", ")}
                  </Text>
                ) : null}
              </BlockStack>,
              s.destination ?? "—",
              s.quantity,
              s.from ?? "—",
            ])}
          />
        ) : null}
        {forward.moreShipments > 0 ? (
          <Text as="p" tone="subdued">
            And {forward.moreShipments} more shipments: export the forward trace for all of them.
          </Text>
        ) : null}
        {forward.allocatedTo.length > 0 ? (
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              Allocated, not shipped yet
            </Text>
            <DataTable
              columnContentTypes={["text", "text", "numeric"]}
              headings={["Order", "Customer", "Units"]}
              rows={forward.allocatedTo.map((h) => [
                <Link key={h.orderId} url={`/app/orders/${h.orderId}`}>
                  {h.orderName}
                </Link>,
                h.companyName ?? h.customerName ?? "—",
                h.quantity,
              ])}
            />
          </BlockStack>
        ) : null}
        {forward.returns.length > 0 ? (
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              Returned
            </Text>
            <DataTable
              columnContentTypes={["text", "text", "numeric"]}
              headings={["Returned", "Order", "Units"]}
              rows={forward.returns.map((r) => [r.at, r.orderName ?? "—", r.quantity])}
            />
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function BackwardCard({ page }: { page: PageData }) {
  const { backward, lot } = page;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Backward trace
        </Text>
        <Text as="p" tone="subdued">
          {lot.supplierLotCode ? `Supplier lot ${lot.supplierLotCode}. ` : ""}
          {backward.receipts.length === 0
            ? "No receipt is recorded for this lot."
            : `${backward.totals.received} units received on ${backward.receipts.length} ${backward.receipts.length === 1 ? "receipt" : "receipts"}.`}
        </Text>
        {backward.receipts.length > 0 ? (
          <DataTable
            columnContentTypes={["text", "text", "text", "text", "numeric"]}
            headings={["Received", "Supplier", "Document", "At", "Units"]}
            rows={backward.receipts.map((r) => [
              r.at,
              r.supplier,
              r.receiptId ? (
                <Link key={r.id} url={`/app/receipts/${r.receiptId}`}>
                  {r.document ?? "Receipt"}
                </Link>
              ) : (
                (r.document ?? "—")
              ),
              r.location ?? "—",
              r.quantity,
            ])}
          />
        ) : null}
        {backward.serials.length > 0 ? (
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              Serial numbers in this lot
            </Text>
            <DataTable
              columnContentTypes={["text", "text", "text"]}
              headings={["Serial", "Status", "Order"]}
              rows={backward.serials.map((s) => [s.serial, s.status.replace("_", " "), s.orderName ?? "—"])}
            />
            {backward.moreSerials > 0 ? (
              <Text as="p" tone="subdued">
                And {backward.moreSerials} more: export the backward trace for all of them.
              </Text>
            ) : null}
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function TimelineCard({ page }: { page: PageData }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Timeline
        </Text>
        {page.timeline.length === 0 ? (
          <Text as="p" tone="subdued">
            Nothing has happened to this lot yet.
          </Text>
        ) : (
          <BlockStack gap="200">
            {page.timeline.map((entry) => (
              <BlockStack key={entry.id} gap="050">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="span" fontWeight="semibold">
                    {entry.title}
                  </Text>
                  <Text as="span" tone="subdued" variant="bodySm">
                    {entry.at}
                  </Text>
                </InlineStack>
                <Text as="span" tone="subdued" variant="bodySm">
                  {[entry.detail, `${entry.onHandAfter} on hand after`].filter(Boolean).join(" · ")}
                </Text>
              </BlockStack>
            ))}
            {page.olderTimelineRows > 0 ? (
              <Text as="p" tone="subdued">
                {page.olderTimelineRows} older entries are in the exported files.
              </Text>
            ) : null}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}

export default function LotPage() {
  const page = useLoaderData<typeof loader>();
  const problem = useActionData<typeof action>() as { ok: boolean; message: string } | undefined;
  const { lot, stock } = page;
  const badge = STATUS_BADGE[lot.status];
  return (
    <Page
      title={`Lot ${lot.code}`}
      titleMetadata={<Badge tone={badge.tone}>{badge.label}</Badge>}
      subtitle={[lot.productTitle, lot.sku ? `SKU ${lot.sku}` : null, lot.location].filter(Boolean).join(" · ")}
      backAction={{ content: "Lots", url: "/app/lots" }}
      secondaryActions={[{ content: "Trace another lot", url: "/app/trace" }]}
    >
      <Layout>
        {problem && !problem.ok ? (
          <Layout.Section>
            <Banner tone="critical">{problem.message}</Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <InlineGrid columns={{ xs: 2, md: 5 }} gap="400">
              <Stat label="Received" value={stock.received} />
              <Stat label="On hand" value={stock.onHand} />
              <Stat label="Allocated" value={stock.allocated} />
              <Stat
                label="Quarantined"
                value={stock.quarantined}
                tone={stock.quarantined > 0 ? "caution" : undefined}
              />
              <Stat label="Available" value={stock.available} />
            </InlineGrid>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <BlockStack gap="400">
            <ForwardCard page={page} />
            <BackwardCard page={page} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Files for this lot
                </Text>
                <Text as="p" tone="subdued">
                  Built in the background; download them from Exports.
                </Text>
                <InlineStack gap="200">
                  <ExportButton kind="forward_trace" format="xlsx" label="Forward trace (XLSX)" />
                  <ExportButton kind="backward_trace" format="xlsx" label="Backward trace (XLSX)" />
                  <ExportButton kind="fsma204" format="xlsx" label="FSMA 204 (XLSX)" />
                  <ExportButton kind="epcis" format="json" label="EPCIS (JSON)" />
                </InlineStack>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="100">
                <Text as="h2" variant="headingMd">
                  Dates
                </Text>
                <Text as="p">Received {lot.receivedAt}</Text>
                {lot.producedAt ? <Text as="p">Produced {lot.producedAt}</Text> : null}
                {lot.bestBefore ? <Text as="p">Best before {lot.bestBefore}</Text> : null}
                {lot.expiresAt ? <Text as="p">Expires {lot.expiresAt}</Text> : null}
                {lot.gtin ? <Text as="p">GTIN {lot.gtin}</Text> : null}
              </BlockStack>
            </Card>
            <TimelineCard page={page} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RecordErrorBoundary noun="Lot" back={{ content: "Lots", url: "/app/lots" }} />;
}
