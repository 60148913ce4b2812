// Orders: every order Shopify sent, newest first, with the lots it was allocated and whether
// its lot tags are in Shopify; tabs by allocation status (with counts) and search by order name.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import { Button, Card, InlineStack, Layout, Link, Page, Pagination, Tabs, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { authenticateAdmin } from "../auth.server";
import { OrdersEmptyState, OrdersTable } from "../components/orders/OrdersTable";
import { ORDER_TABS } from "../components/orders/order-status";
import { db } from "../db.server";
import { loadOrdersPage } from "../orders/orders-page.server";
import { throwAsResponse } from "../utils/responses.server";

const TAB_IDS = ORDER_TABS.map((tab) => tab.id) as [
  (typeof ORDER_TABS)[number]["id"],
  ...(typeof ORDER_TABS)[number]["id"][],
];

const searchSchema = z.object({
  tab: z.enum(TAB_IDS).catch("all"),
  q: z.string().trim().max(100).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, shop } = await authenticateAdmin(request);
  const search = searchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  try {
    return json(await loadOrdersPage(db(), { shopId: shop.id, graphql: admin.graphql, ...search }));
  } catch (error) {
    throwAsResponse(error);
  }
};

function ordersUrl(params: { tab: string; q: string; page?: number }): string {
  const query = new URLSearchParams();
  if (params.tab !== "all") query.set("tab", params.tab);
  if (params.q) query.set("q", params.q);
  if (params.page && params.page > 1) query.set("page", String(params.page));
  const text = query.toString();
  return text ? `/app/orders?${text}` : "/app/orders";
}

export default function OrdersPage() {
  const { orders, tabs, tab, q, page, hasNextPage } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const selected = Math.max(
    tabs.findIndex((candidate) => candidate.id === tab),
    0,
  );

  return (
    <Page
      title="Orders"
      subtitle="Which lots and serial numbers each order was allocated, first expiry first out, kept true through edits, refunds and returns."
    >
      <Layout>
        <Layout.Section>
          <Card>
            <Form method="get" action="/app/orders">
              {tab !== "all" ? <input type="hidden" name="tab" value={tab} /> : null}
              <TextField
                id="orders-search"
                name="q"
                label="Search by order name"
                autoComplete="off"
                value={text}
                onChange={setText}
                placeholder="#1001"
                clearButton
                onClearButtonClick={() => setText("")}
                connectedRight={<Button submit>Search</Button>}
              />
            </Form>
          </Card>
        </Layout.Section>
        {q ? (
          <Layout.Section>
            <InlineStack gap="200" blockAlign="center">
              <Text as="p" tone="subdued">
                Orders matching “{q}”
              </Text>
              <Link url={ordersUrl({ tab, q: "" })}>Show all orders</Link>
            </InlineStack>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            <Tabs
              tabs={tabs.map((candidate) => ({
                id: `orders-tab-${candidate.id}`,
                content: candidate.label,
                badge: String(candidate.count),
                accessibilityLabel: `${candidate.label} (${candidate.count})`,
              }))}
              selected={selected}
              onSelect={(index) => navigate(ordersUrl({ tab: tabs[index]?.id ?? "all", q }))}
            />
            {orders.length === 0 ? (
              <OrdersEmptyState searched={q} tabLabel={tab === "all" ? null : (tabs[selected]?.label ?? null)} />
            ) : (
              <OrdersTable
                orders={orders}
                loading={navigation.state === "loading" && navigation.location.pathname === "/app/orders"}
              />
            )}
          </Card>
        </Layout.Section>
        {page > 1 || hasNextPage ? (
          <Layout.Section>
            <InlineStack align="center">
              <Pagination
                hasPrevious={page > 1}
                previousURL={page > 1 ? ordersUrl({ tab, q, page: page - 1 }) : undefined}
                hasNext={hasNextPage}
                nextURL={hasNextPage ? ordersUrl({ tab, q, page: page + 1 }) : undefined}
                label={`Page ${page}`}
              />
            </InlineStack>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}
