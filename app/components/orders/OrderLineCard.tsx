// One line of an order: what was bought, shipped and returned, from where, the lots it took
// (lot codes open the Lots page on that lot) and its serial numbers, with the line's corrections.
import { Badge, BlockStack, Button, Card, DataTable, InlineStack, Link, Text } from "@shopify/polaris";
import { LINE_STATUS_BADGE, type LineAllocationStatus } from "./order-status";
import { ReallocateForm, type ReallocationOption } from "./ReallocateForm";
import { SerialsForm } from "./SerialsForm";

export interface OrderLineView {
  id: string;
  title: string;
  sku: string | null;
  quantity: number;
  shipped: number;
  returned: number;
  location: string;
  status: LineAllocationStatus;
  attentionReason: string | null;
  serialTracked: boolean;
  canReallocate: boolean;
  allocations: {
    id: string;
    lotCode: string;
    expiresAt: string | null;
    quantity: number;
    shipped: number;
    returned: number;
    pinned: boolean;
  }[];
  serials: { serial: string; status: string; lotCode: string }[];
}

export interface LineResult {
  ok: boolean;
  intent: "reallocate" | "serials" | null;
  message: string;
  fields: Record<string, string>;
}

export function lotUrl(code: string): string {
  return `/app/lots?${new URLSearchParams({ q: code })}`;
}

export function OrderLineCard(props: {
  orderId: string;
  line: OrderLineView;
  reallocation: ReallocationOption[] | null;
  result: LineResult | null;
}) {
  const { line } = props;
  const badge = LINE_STATUS_BADGE[line.status];
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="start" gap="200">
          <BlockStack gap="050">
            <Text as="h2" variant="headingMd">
              {line.title}
            </Text>
            <Text as="p" tone="subdued" variant="bodySm">
              {[line.sku ? `SKU ${line.sku}` : null, `Ships from ${line.location}`].filter(Boolean).join(" · ")}
            </Text>
          </BlockStack>
          <InlineStack gap="200">
            {line.canReallocate && !props.reallocation ? (
              <Button
                url={`/app/orders/${props.orderId}?reallocate=${line.id}`}
                accessibilityLabel={`Re-allocate ${line.title}`}
              >
                Re-allocate
              </Button>
            ) : null}
          </InlineStack>
        </InlineStack>
        <InlineStack gap="400">
          <Text as="span">Ordered {line.quantity}</Text>
          <Text as="span">Shipped {line.shipped}</Text>
          <Text as="span">Returned {line.returned}</Text>
          <Badge tone={badge.tone}>{badge.label}</Badge>
        </InlineStack>
        {line.attentionReason && line.status !== "allocated" ? (
          <Text as="p" tone={line.status === "needs_attention" ? "critical" : "caution"}>
            {line.attentionReason}
          </Text>
        ) : null}
        {line.allocations.length > 0 ? (
          <DataTable
            columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "text"]}
            headings={["Lot", "Expiry", "Quantity", "Shipped", "Returned", ""]}
            rows={line.allocations.map((allocation) => [
              <Link key="lot" url={lotUrl(allocation.lotCode)}>
                {allocation.lotCode}
              </Link>,
              allocation.expiresAt ?? "—",
              allocation.quantity,
              allocation.shipped,
              allocation.returned,
              allocation.pinned ? (
                <Badge key="pinned" tone="info">
                  Pinned
                </Badge>
              ) : (
                ""
              ),
            ])}
          />
        ) : (
          <Text as="p" tone="subdued">
            {line.status === "untracked" ? "This product is not lot-tracked." : "No lots allocated."}
          </Text>
        )}
        {line.serials.length > 0 ? (
          <BlockStack gap="100">
            <Text as="h3" variant="headingSm">
              Serial numbers
            </Text>
            <Text as="p" variant="bodySm">
              {line.serials.map((serial) => `${serial.serial} (${serial.lotCode})`).join(", ")}
            </Text>
          </BlockStack>
        ) : null}
        {props.reallocation ? (
          <ReallocateForm
            orderId={props.orderId}
            line={line}
            options={props.reallocation}
            result={props.result?.intent === "reallocate" ? props.result : null}
          />
        ) : null}
        {line.serialTracked ? (
          <SerialsForm line={line} result={props.result?.intent === "serials" ? props.result : null} />
        ) : null}
      </BlockStack>
    </Card>
  );
}
