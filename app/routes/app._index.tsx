// Home: what needs attention (expiring and expired stock) and where to start.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, Layout, Link, Page, Text } from "@shopify/polaris";
import { authenticateAdmin } from "../auth.server";
import { db } from "../db.server";
import { loadHomeDashboard } from "../home/home-page.server";
import type { LotCount } from "../models/lot-dashboard.server";
import { throwAsResponse } from "../utils/responses.server";
import { NAVIGATION } from "./app";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, shop } = await authenticateAdmin(request);
  try {
    const dashboard = await loadHomeDashboard(db(), { shopId: shop.id, graphql: admin.graphql });
    return { shopName: shop.name ?? shop.domain, installedAt: shop.installedAt.toISOString(), dashboard };
  } catch (error) {
    throwAsResponse(error);
  }
};

// Typed by the navigation's labels, so a new page cannot go without its line here.
const STEPS: Record<(typeof NAVIGATION)[number]["label"], string> = {
  Receive: "Put incoming stock into lots with batch codes, dates and labels.",
  Lots: "See every lot, its stock, expiry and where it went.",
  Trace: "Scan or type a lot, supplier lot or serial to see where it came from and went.",
  Products: "Minimum shelf life and serial numbers per product.",
  Orders: "Every order is allocated to lots automatically, first expiry first out.",
  Recalls: "Trace a bad batch to every customer and notify them once.",
  Exports: "Trace reports, FSMA 204 spreadsheets and GS1 EPCIS files.",
  Settings: "Code templates, expiry rules and business details.",
  Operations: "Background work that needs you: failed jobs, notifications and privacy requests.",
};

function units(count: LotCount): string {
  const lots = `${count.lots} ${count.lots === 1 ? "lot" : "lots"}`;
  return `${lots} · ${count.units} ${count.units === 1 ? "unit" : "units"} on hand`;
}

function unassignedDetail(unassigned: { units: number; items: number }): string {
  if (unassigned.units === 0) return "Every unit Shopify counts is in a lot.";
  const units = `${unassigned.units} ${unassigned.units === 1 ? "unit" : "units"}`;
  const items = `${unassigned.items} ${unassigned.items === 1 ? "product and location" : "products and locations"}`;
  return `${units} of ${items} arrived without a Lotline receipt (purchase orders, transfers, manual edits).`;
}

function DashboardCard(props: { title: string; figure: string; detail: string; url?: string; link?: string }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {props.title}
        </Text>
        <Text as="p" variant="headingLg">
          {props.figure}
        </Text>
        <Text as="p" tone="subdued">
          {props.detail}
        </Text>
        {props.url ? <Link url={props.url}>{props.link}</Link> : null}
      </BlockStack>
    </Card>
  );
}

export default function Home() {
  const { shopName, dashboard } = useLoaderData<typeof loader>();
  return (
    <Page title="Lotline">
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                Traceability for {shopName}
              </Text>
              <Text as="p" variant="bodyMd">
                Lotline ties every unit you sell to the batch it came from, so that when a batch goes wrong you know
                exactly who bought it.
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, lg: 3 }} gap="400">
            {dashboard.expiring.map((window) => (
              <DashboardCard
                key={window.days}
                title={`Expiring within ${window.days} days`}
                figure={String(window.lots)}
                detail={units(window)}
                url={`/app/lots?expiring=${window.days}`}
                link="View lots"
              />
            ))}
            <DashboardCard
              title="Expired with stock"
              figure={String(dashboard.expiredWithStock.lots)}
              detail={units(dashboard.expiredWithStock)}
              url="/app/lots?status=expired"
              link="View lots"
            />
            <DashboardCard
              title="Unassigned stock"
              figure={String(dashboard.unassigned.units)}
              detail={unassignedDetail(dashboard.unassigned)}
              url="/app/unassigned"
              link={dashboard.unassigned.units > 0 ? "Assign to lots" : "View"}
            />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
            {NAVIGATION.map((item) => (
              <Card key={item.to}>
                <BlockStack gap="100">
                  <Text as="h3" variant="headingSm">
                    <Link url={item.to} removeUnderline>
                      {item.label}
                    </Link>
                  </Text>
                  <Text as="p" tone="subdued">
                    {STEPS[item.label]}
                  </Text>
                </BlockStack>
              </Card>
            ))}
          </InlineGrid>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
