// The trace before sending: per lot and location where the units are (shipped, allocated but not
// shipped, in stock), and who will be notified — including the customers Lotline cannot reach.
import { Banner, BlockStack, Card, DataTable, InlineGrid, List, Text } from "@shopify/polaris";
import { plural } from "./recall-format";

export interface TraceView {
  lots: {
    lotId: string;
    code: string;
    productTitle: string;
    sku: string | null;
    location: string;
    expiresAt: string | null;
    shipped: number;
    allocatedUnshipped: number;
    inStock: number;
    quarantined: number;
  }[];
  orders: number;
  customers: number;
  reachable: number;
  unshippedOrders: number;
  unreachable: { orderName: string; customerName: string | null }[];
  unreachableCount: number;
}

export function TraceCard({ trace }: { trace: TraceView }) {
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Trace
        </Text>
        {trace.customers === 0 ? (
          <Banner tone="info" title="No one to notify">
            No customer has received units of these lots: there is no one to notify. You can still stop the stock.
          </Banner>
        ) : null}
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
          <Figure label="Orders" value={trace.orders} />
          <Figure label="Customers who received units" value={trace.customers} />
          <Figure label="Reachable by email" value={trace.reachable} />
          <Figure label="Orders not shipped yet" value={trace.unshippedOrders} />
        </InlineGrid>
        <DataTable
          columnContentTypes={["text", "text", "text", "numeric", "numeric", "numeric"]}
          headings={["Lot", "Product", "Location", "Shipped", "Allocated, not shipped", "In stock"]}
          rows={trace.lots.map((lot) => [
            lot.code,
            lot.sku ? `${lot.productTitle} (${lot.sku})` : lot.productTitle,
            lot.location,
            lot.shipped,
            lot.allocatedUnshipped,
            lot.quarantined > 0 ? `${lot.inStock} (${lot.quarantined} quarantined)` : lot.inStock,
          ])}
        />
        {trace.unreachableCount > 0 ? (
          <Banner tone="warning" title={`${plural(trace.unreachableCount, "customer")} cannot be reached by email`}>
            <BlockStack gap="200">
              <Text as="p">
                Their orders carry no email address. Contact them another way; they are listed in the recall file.
              </Text>
              <List>
                {trace.unreachable.map((entry) => (
                  <List.Item key={entry.orderName}>
                    {entry.customerName ? `${entry.orderName} · ${entry.customerName}` : entry.orderName}
                  </List.Item>
                ))}
              </List>
              {trace.unreachableCount > trace.unreachable.length ? (
                <Text as="p" tone="subdued">
                  and {trace.unreachableCount - trace.unreachable.length} more
                </Text>
              ) : null}
            </BlockStack>
          </Banner>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function Figure(props: { label: string; value: number | string }) {
  return (
    <BlockStack gap="100">
      <Text as="p" tone="subdued">
        {props.label}
      </Text>
      <Text as="p" variant="headingLg">
        {String(props.value)}
      </Text>
    </BlockStack>
  );
}
