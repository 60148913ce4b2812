// A section of the app that is declared in the navigation but not built yet: it says
// what it will do, so a merchant is never shown an empty frame.
import { Banner, BlockStack, Card, Layout, Page, Text } from "@shopify/polaris";

export function PlannedPage({ title, summary }: { title: string; summary: string }) {
  return (
    <Page title={title}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="p" variant="bodyMd">
                {summary}
              </Text>
              <Banner tone="info">This section is being built and arrives in an upcoming Lotline release.</Banner>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
