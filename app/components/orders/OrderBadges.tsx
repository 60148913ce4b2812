// The badges an order carries on the list and on its page: allocation status (with the reason
// when it needs the merchant) and where its lot tags stand in Shopify.
import { Badge, BlockStack, Text } from "@shopify/polaris";
import { ORDER_STATUS_BADGE, type OrderAllocationStatus, WRITE_BACK_BADGE, type WriteBackState } from "./order-status";

export function OrderStatusBadge(props: { status: OrderAllocationStatus; reason?: string | null }) {
  const badge = ORDER_STATUS_BADGE[props.status];
  return (
    <BlockStack gap="050" inlineAlign="start">
      <Badge tone={badge.tone}>{badge.label}</Badge>
      {props.reason && props.status !== "allocated" ? (
        <Text as="span" variant="bodySm" tone="subdued">
          {props.reason}
        </Text>
      ) : null}
    </BlockStack>
  );
}

export function WriteBackBadge(props: { writeBack: WriteBackState }) {
  const badge = WRITE_BACK_BADGE[props.writeBack.state];
  return (
    <BlockStack gap="050" inlineAlign="start">
      <Badge tone={badge.tone}>{badge.label}</Badge>
      {props.writeBack.state === "failed" ? (
        <Text as="span" variant="bodySm" tone="critical">
          {props.writeBack.error}
        </Text>
      ) : null}
    </BlockStack>
  );
}
