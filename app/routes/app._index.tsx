// Home: what Lotline does for this shop and where to start.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, Layout, Link, Page, Text } from "@shopify/polaris";
import { authenticateAdmin } from "../auth.server";
import { NAVIGATION } from "./app";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  return { shopName: shop.name ?? shop.domain, installedAt: shop.installedAt.toISOString() };
};

const STEPS: Record<string, string> = {
  Receive: "Put incoming stock into lots with batch codes, dates and labels.",
  Lots: "See every lot, its stock, expiry and where it went.",
  Orders: "Every order is allocated to lots automatically, first expiry first out.",
  Recalls: "Trace a bad batch to every customer and notify them once.",
  Exports: "Trace reports, FSMA 204 spreadsheets and GS1 EPCIS files.",
  Settings: "Code templates, expiry rules and business details.",
};

export default function Home() {
  const { shopName } = useLoaderData<typeof loader>();
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
