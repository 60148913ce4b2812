// Operations: what Lotline could not finish for this shop (failed background jobs, Shopify
// notifications not yet processed, receipts whose Shopify inventory update failed), each with a
// retry, and the customer data requests Shopify sent, to download and pass on.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, IndexTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { authenticateAdmin } from "../auth.server";
import { db } from "../db.server";
import { loadOperationsPage, performOperation } from "../operations/operations-page.server";
import { errorResponse, throwAsResponse } from "../utils/responses.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, shop } = await authenticateAdmin(request);
  try {
    return json(await loadOperationsPage(db(), { shopId: shop.id, graphql: admin.graphql }));
  } catch (error) {
    throwAsResponse(error);
  }
};

const operationSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("retry-job"), queue: z.string().min(1), jobId: z.string().min(1) }),
  z.object({ intent: z.literal("retry-all-jobs") }),
  z.object({ intent: z.literal("retry-webhook"), webhookEventId: z.uuid() }),
  z.object({ intent: z.literal("retry-write-back"), receiptId: z.uuid() }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, actor } = await authenticateAdmin(request);
  const form = Object.fromEntries(await request.formData().catch(() => new FormData()));
  const parsed = operationSchema.safeParse(form);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? "intent");
    return json(
      {
        ok: false,
        message: `The retry request has a missing or invalid "${field}". Reload the page and use its Retry buttons.`,
        fields: { [field]: parsed.error.issues[0]?.message ?? "invalid" },
      },
      { status: 400 },
    );
  }
  try {
    const message = await performOperation(db(), { shopId: shop.id, actor, operation: parsed.data });
    return json({ ok: true, message, fields: {} as Record<string, string> });
  } catch (error) {
    return errorResponse(error, { ok: false });
  }
};

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

export default function OperationsPage() {
  const data = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const busy = fetcher.state !== "idle";
  const retry = (fields: Record<string, string>) => fetcher.submit(fields, { method: "post" });

  return (
    <Page title="Operations" subtitle="What Lotline could not finish for your shop, and your customers' data requests">
      <Layout>
        {fetcher.data?.message ? (
          <Layout.Section>
            <Banner tone={fetcher.data.ok ? "success" : "critical"}>{fetcher.data.message}</Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <FailedJobs jobs={data.failedJobs} busy={busy} retry={retry} />
        </Layout.Section>
        <Layout.Section>
          <StuckWebhooks events={data.webhooks} busy={busy} retry={retry} />
        </Layout.Section>
        <Layout.Section>
          <FailedWriteBacks receipts={data.writeBacks} busy={busy} retry={retry} />
        </Layout.Section>
        <Layout.Section>
          <DataRequests requests={data.dataRequests} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

type Retry = (fields: Record<string, string>) => void;

function Section(props: {
  title: string;
  empty: string;
  count: number;
  action?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <Card padding="0">
      <BlockStack gap="200">
        <div style={{ padding: "var(--p-space-400) var(--p-space-400) 0" }}>
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {props.title}
            </Text>
            {props.action}
          </InlineStack>
        </div>
        {props.count === 0 ? (
          <div style={{ padding: "0 var(--p-space-400) var(--p-space-400)" }}>
            <Text as="p" tone="subdued">
              {props.empty}
            </Text>
          </div>
        ) : (
          props.children
        )}
      </BlockStack>
    </Card>
  );
}

function FailedJobs({ jobs, busy, retry }: { jobs: Data["failedJobs"]; busy: boolean; retry: Retry }) {
  return (
    <Section
      title="Failed background jobs"
      empty="No background job has failed."
      count={jobs.length}
      action={
        jobs.length > 1 ? (
          <Button disabled={busy} onClick={() => retry({ intent: "retry-all-jobs" })}>
            Retry all
          </Button>
        ) : null
      }
    >
      <IndexTable
        resourceName={{ singular: "job", plural: "jobs" }}
        itemCount={jobs.length}
        selectable={false}
        headings={[
          { title: "Job" },
          { title: "Why it failed" },
          { title: "Attempts", alignment: "end" },
          { title: "Failed" },
          { title: "" },
        ]}
      >
        {jobs.map((job, index) => (
          <IndexTable.Row id={`${job.queue}:${job.jobId}`} key={`${job.queue}:${job.jobId}`} position={index}>
            <IndexTable.Cell>
              <Text as="span" fontWeight="semibold">
                {job.title}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Wrapped>{job.reason}</Wrapped>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {job.attempts}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>{job.failedAtText}</IndexTable.Cell>
            <IndexTable.Cell>
              <Button
                size="slim"
                disabled={busy}
                onClick={() => retry({ intent: "retry-job", queue: job.queue, jobId: job.jobId })}
              >
                Retry
              </Button>
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Section>
  );
}

function StuckWebhooks({ events, busy, retry }: { events: Data["webhooks"]; busy: boolean; retry: Retry }) {
  return (
    <Section
      title="Shopify notifications not processed"
      empty="Every notification from Shopify has been processed."
      count={events.length}
    >
      <IndexTable
        resourceName={{ singular: "notification", plural: "notifications" }}
        itemCount={events.length}
        selectable={false}
        headings={[
          { title: "Topic" },
          { title: "Received" },
          { title: "Error" },
          { title: "Attempts", alignment: "end" },
          { title: "" },
        ]}
      >
        {events.map((event, index) => (
          <IndexTable.Row id={event.id} key={event.id} position={index}>
            <IndexTable.Cell>{event.topic}</IndexTable.Cell>
            <IndexTable.Cell>{event.receivedAtText}</IndexTable.Cell>
            <IndexTable.Cell>
              <Wrapped>{event.error ?? (event.status === "received" ? "Not queued yet" : "—")}</Wrapped>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {event.attempts}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Button
                size="slim"
                disabled={busy}
                onClick={() => retry({ intent: "retry-webhook", webhookEventId: event.id })}
              >
                Retry
              </Button>
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Section>
  );
}

function FailedWriteBacks({ receipts, busy, retry }: { receipts: Data["writeBacks"]; busy: boolean; retry: Retry }) {
  return (
    <Section
      title="Receipts not written to Shopify inventory"
      empty="Shopify's inventory follows every receipt."
      count={receipts.length}
    >
      <IndexTable
        resourceName={{ singular: "receipt", plural: "receipts" }}
        itemCount={receipts.length}
        selectable={false}
        headings={[
          { title: "Receipt" },
          { title: "Why it failed" },
          { title: "Attempts", alignment: "end" },
          { title: "" },
        ]}
      >
        {receipts.map((receipt, index) => (
          <IndexTable.Row id={receipt.id} key={receipt.id} position={index}>
            <IndexTable.Cell>
              <BlockStack gap="050">
                <Link to={`/app/receipts/${receipt.id}`}>
                  {receipt.supplierName ?? "Own production"}
                  {receipt.referenceNumber ? ` · ${receipt.referenceNumber}` : ""}
                </Link>
                <Text as="span" tone="subdued" variant="bodySm">
                  {receipt.receivedAtText} · {receipt.locationCode}
                </Text>
              </BlockStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Wrapped>{receipt.writeBackError ?? "—"}</Wrapped>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {receipt.writeBackAttempts}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Button
                size="slim"
                disabled={busy}
                onClick={() => retry({ intent: "retry-write-back", receiptId: receipt.id })}
              >
                Retry
              </Button>
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Section>
  );
}

function DataRequests({ requests }: { requests: Data["dataRequests"] }) {
  const [error, setError] = useState<string | null>(null);
  // A plain link would go without the session token; App Bridge adds it to the app's own fetch.
  const download = async (id: string) => {
    setError(null);
    try {
      const response = await fetch(`/app/data-requests/${id}`);
      if (!response.ok) throw new Error((await response.text()) || `The file could not be made (${response.status}).`);
      const link = document.createElement("a");
      link.href = URL.createObjectURL(await response.blob());
      link.download = `customer-data-request-${id}.json`;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : "The file could not be made.");
    }
  };
  return (
    <Section title="Customer data requests" empty="Shopify has sent no customer data request." count={requests.length}>
      {error ? <Banner tone="critical">{error}</Banner> : null}
      <IndexTable
        resourceName={{ singular: "request", plural: "requests" }}
        itemCount={requests.length}
        selectable={false}
        headings={[{ title: "Customer" }, { title: "Received" }, { title: "Orders", alignment: "end" }, { title: "" }]}
      >
        {requests.map((request, index) => (
          <IndexTable.Row id={request.id} key={request.id} position={index}>
            <IndexTable.Cell>{request.customerEmail ?? `Customer ${request.customerId ?? "unknown"}`}</IndexTable.Cell>
            <IndexTable.Cell>{request.createdAtText}</IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {request.orders}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Button size="slim" onClick={() => download(request.id)}>
                Download JSON
              </Button>
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Section>
  );
}

function Wrapped({ children }: { children: React.ReactNode }) {
  return (
    <div style={{ maxWidth: "28rem", whiteSpace: "normal" }}>
      <Text as="span" variant="bodySm">
        {children}
      </Text>
    </div>
  );
}
