// Recalls: every recall of the shop, newest first — its lots, where it stands, when it was sent
// and how many of the customers it targeted have acknowledged the notice.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Box, Card, IndexTable, Layout, Link, Page, Text } from "@shopify/polaris";
import { authenticateAdmin } from "../auth.server";
import { STATUS_LABEL } from "../components/recalls/recall-format";
import { db } from "../db.server";
import { loadRecallListPage } from "../recalls/recall-page.server";
import { throwAsResponse } from "../utils/responses.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, shop } = await authenticateAdmin(request);
  try {
    return json(await loadRecallListPage(db(), { shopId: shop.id, graphql: async () => admin.graphql }));
  } catch (error) {
    throwAsResponse(error);
  }
};

const STATUS_TONE = { draft: "info", sent: "attention", closed: undefined } as const;

export default function RecallsPage() {
  const { recalls, outbox } = useLoaderData<typeof loader>();
  return (
    <Page
      title="Recalls"
      primaryAction={{ content: "Create recall", url: "/app/recalls/new" }}
      secondaryActions={outbox ? [{ content: "Outbox", url: "/app/outbox" }] : []}
    >
      <Layout>
        <Layout.Section>
          <Card padding="0">
            {recalls.length === 0 ? (
              <Box padding="400">
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    No recalls
                  </Text>
                  <Text as="p" tone="subdued">
                    When a batch goes wrong, a recall finds every order and customer that received it, stops the stock
                    and sends each customer a notice.
                  </Text>
                </BlockStack>
              </Box>
            ) : (
              <IndexTable
                resourceName={{ singular: "recall", plural: "recalls" }}
                itemCount={recalls.length}
                selectable={false}
                headings={[
                  { title: "Recall" },
                  { title: "Title" },
                  { title: "Status" },
                  { title: "Lots" },
                  { title: "Sent" },
                  { title: "Targeted", alignment: "end" },
                  { title: "Acknowledged", alignment: "end" },
                ]}
              >
                {recalls.map((recall, index) => (
                  <IndexTable.Row id={recall.id} key={recall.id} position={index}>
                    <IndexTable.Cell>
                      <Link url={`/app/recalls/${recall.id}`} removeUnderline>
                        <Text as="span" fontWeight="semibold">
                          #{recall.number}
                        </Text>
                      </Link>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{recall.title}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Badge tone={STATUS_TONE[recall.status]}>{STATUS_LABEL[recall.status]}</Badge>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{recall.lots.join(", ")}</IndexTable.Cell>
                    <IndexTable.Cell>{recall.sentAt ?? "Not sent"}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {recall.status === "draft" ? "–" : recall.targeted}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {recall.status === "draft" ? "–" : recall.acknowledged}
                      </Text>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
