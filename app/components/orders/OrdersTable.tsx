// The Orders list: one row per order (name links to its page), and what the page says when
// there is nothing to list.
import { BlockStack, Button, IndexTable, InlineStack, Link, Text } from "@shopify/polaris";
import { OrderStatusBadge, WriteBackBadge } from "./OrderBadges";
import type { OrderAllocationStatus, WriteBackState } from "./order-status";

export interface OrderRow {
  id: string;
  name: string;
  placedAt: string;
  customer: string | null;
  lineCount: number;
  status: OrderAllocationStatus;
  attentionReason: string | null;
  lotCodes: string[];
  writeBack: WriteBackState;
}

export function OrdersTable(props: { orders: OrderRow[]; loading: boolean }) {
  return (
    <IndexTable
      resourceName={{ singular: "order", plural: "orders" }}
      itemCount={props.orders.length}
      selectable={false}
      loading={props.loading}
      headings={[
        { title: "Order" },
        { title: "Date" },
        { title: "Customer" },
        { title: "Lines", alignment: "end" },
        { title: "Allocation" },
        { title: "Lots" },
        { title: "Shopify tags" },
      ]}
    >
      {props.orders.map((order, index) => (
        <IndexTable.Row id={order.id} key={order.id} position={index}>
          <IndexTable.Cell>
            <Link url={`/app/orders/${order.id}`} removeUnderline>
              <Text as="span" fontWeight="semibold">
                {order.name}
              </Text>
            </Link>
          </IndexTable.Cell>
          <IndexTable.Cell>{order.placedAt}</IndexTable.Cell>
          <IndexTable.Cell>{order.customer ?? "—"}</IndexTable.Cell>
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric>
              {order.lineCount}
            </Text>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <div style={{ maxWidth: "18rem", whiteSpace: "normal" }}>
              <OrderStatusBadge status={order.status} reason={order.attentionReason} />
            </div>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <div style={{ maxWidth: "16rem", whiteSpace: "normal" }}>
              {order.lotCodes.length ? order.lotCodes.join(", ") : "—"}
            </div>
          </IndexTable.Cell>
          <IndexTable.Cell>
            <div style={{ maxWidth: "18rem", whiteSpace: "normal" }}>
              <WriteBackBadge writeBack={order.writeBack} />
            </div>
          </IndexTable.Cell>
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}

export function OrdersEmptyState(props: { searched: string; tabLabel: string | null }) {
  if (props.searched || props.tabLabel) {
    return (
      <div style={{ padding: "var(--p-space-400)" }}>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            No orders match
          </Text>
          <Text as="p" tone="subdued">
            {props.searched
              ? `No order named like “${props.searched}”${props.tabLabel ? ` under ${props.tabLabel}` : ""}.`
              : `No orders under ${props.tabLabel}.`}
          </Text>
          <InlineStack>
            <Button url="/app/orders">Show all orders</Button>
          </InlineStack>
        </BlockStack>
      </div>
    );
  }
  return (
    <div style={{ padding: "var(--p-space-400)" }}>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          No orders yet
        </Text>
        <Text as="p" tone="subdued">
          Orders are allocated automatically as they arrive from Shopify: each line takes units from the lot that
          expires first at the location it ships from, and the order is tagged with its lot codes. Nothing to do here
          until the first order comes in.
        </Text>
      </BlockStack>
    </div>
  );
}
