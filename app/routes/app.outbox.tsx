// GET /app/outbox — the recall notices Lotline wrote as .eml files because no mail server
// (SMTP_URL) is set: newest first, with recipient, subject and date; ?message=<file> opens one,
// ?download=<file> returns it as an .eml file. Linked from the Recalls pages, not the main menu.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, IndexTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { authenticateAdmin } from "../auth.server";
import { env } from "../env.server";
import { appOutboxDir, listOutboxMessages, retrieveOutboxMessage } from "../recalls/outbox.server";
import { throwAsResponse } from "../utils/responses.server";

const querySchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  message: z.string().max(300).optional(),
  download: z.string().max(300).optional(),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const outboxDir = appOutboxDir();
  try {
    if (query.download) {
      const message = await retrieveOutboxMessage({ outboxDir, shopId: shop.id, fileName: query.download });
      return new Response(message.raw, {
        headers: {
          "Content-Type": "message/rfc822",
          // The name is one of the shop's own file names, which are plain ASCII.
          "Content-Disposition": `attachment; filename="${message.fileName}"`,
          "Cache-Control": "no-store",
        },
      });
    }
    return await loadOutboxPage({ outboxDir, shopId: shop.id, page: query.page, message: query.message });
  } catch (error) {
    throwAsResponse(error);
  }
};

async function loadOutboxPage(input: { outboxDir: string; shopId: string; page: number; message?: string }) {
  const [list, selected] = await Promise.all([
    listOutboxMessages(input),
    input.message ? retrieveOutboxMessage({ ...input, fileName: input.message }) : null,
  ]);
  return json({
    smtpConfigured: Boolean(env().SMTP_URL),
    ...list,
    // The text part only: the raw file is for the download.
    selected: selected
      ? {
          fileName: selected.fileName,
          to: selected.to,
          subject: selected.subject,
          date: selected.date,
          text: selected.text,
        }
      : null,
  });
}

export default function OutboxPage() {
  // The loader's other answer (the download) is a file, never this page's data.
  const data = useLoaderData<typeof loadOutboxPage>();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const pageCount = Math.max(1, Math.ceil(data.total / data.pageSize));

  const open = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    navigate(`?${next.toString()}`);
  };

  // A plain link would leave the admin's frame without the session token; fetch carries it.
  const download = async (fileName: string) => {
    setError(null);
    try {
      const response = await fetch(`/app/outbox?download=${encodeURIComponent(fileName)}`);
      if (!response.ok)
        throw new Error((await response.text()) || `The file could not be downloaded (${response.status}).`);
      const link = document.createElement("a");
      link.href = URL.createObjectURL(await response.blob());
      link.download = fileName;
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : "The file could not be downloaded.");
    }
  };

  return (
    <Page
      title="Outbox"
      subtitle="Recall notices written to files because no mail server is set up"
      backAction={{ content: "Recalls", url: "/app/recalls" }}
    >
      <Layout>
        <Layout.Section>
          <Banner tone="info">
            {data.smtpConfigured
              ? "A mail server (SMTP_URL) is set, so new notices are sent by email. Messages here were written before it was set."
              : "No mail server (SMTP_URL) is set, so Lotline writes each notice here instead of sending it. Set SMTP_URL to email your customers."}
          </Banner>
        </Layout.Section>
        {error ? (
          <Layout.Section>
            <Banner tone="critical">{error}</Banner>
          </Layout.Section>
        ) : null}
        {data.selected ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    {data.selected.subject || "(no subject)"}
                  </Text>
                  <InlineStack gap="200">
                    <Button onClick={() => download(data.selected?.fileName ?? "")}>Download .eml</Button>
                    <Button variant="plain" onClick={() => open({ message: null })}>
                      Close
                    </Button>
                  </InlineStack>
                </InlineStack>
                <Text as="p" tone="subdued">
                  To {data.selected.to} · {new Date(data.selected.date).toLocaleString()}
                </Text>
                <pre style={{ whiteSpace: "pre-wrap", fontFamily: "inherit", margin: 0 }}>{data.selected.text}</pre>
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            <IndexTable
              resourceName={{ singular: "message", plural: "messages" }}
              itemCount={data.entries.length}
              selectable={false}
              headings={[{ title: "To" }, { title: "Subject" }, { title: "Date" }]}
              emptyState={
                <div style={{ padding: "var(--p-space-400)" }}>
                  <Text as="p" tone="subdued">
                    No messages yet. Notices appear here when a recall is sent.
                  </Text>
                </div>
              }
            >
              {data.entries.map((entry, index) => (
                <IndexTable.Row
                  id={entry.fileName}
                  key={entry.fileName}
                  position={index}
                  onClick={() => open({ message: entry.fileName })}
                >
                  <IndexTable.Cell>{entry.to}</IndexTable.Cell>
                  <IndexTable.Cell>{entry.subject || "(no subject)"}</IndexTable.Cell>
                  <IndexTable.Cell>{new Date(entry.date).toLocaleString()}</IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
        {pageCount > 1 ? (
          <Layout.Section>
            <InlineStack align="center" gap="300" blockAlign="center">
              <Button disabled={data.page <= 1} onClick={() => open({ page: String(data.page - 1), message: null })}>
                Newer
              </Button>
              <Text as="span">
                Page {data.page} of {pageCount} · {data.total} messages
              </Text>
              <Button
                disabled={data.page >= pageCount}
                onClick={() => open({ page: String(data.page + 1), message: null })}
              >
                Older
              </Button>
            </InlineStack>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}
