// "Re-allocate": the merchant picks how many units each candidate lot gives the line, with a
// reason; lots the rules exclude are shown with why. The chosen lots are pinned, so automatic
// allocation leaves them alone.
import { Form, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, DataTable, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { LineLotOptionsResponse } from "../../extension-api/types";
import type { LineResult, OrderLineView } from "./OrderLineCard";
import { quantityField } from "./order-forms";

/** A lot the line could take, as the order page and the order action in Shopify's admin list it. */
export type ReallocationOption = LineLotOptionsResponse["options"][number];

export function ReallocateForm(props: {
  orderId: string;
  line: OrderLineView;
  options: ReallocationOption[];
  result: LineResult | null;
}) {
  const navigation = useNavigation();
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "reallocate";
  const [quantities, setQuantities] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      props.options.map((option) => [option.lotId, option.allocatedToLine ? String(option.allocatedToLine) : ""]),
    ),
  );
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>(props.result?.fields ?? {});
  useEffect(() => setErrors(props.result?.fields ?? {}), [props.result]);
  const clear = (name: string) =>
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => key !== name)));
  const need = props.line.quantity - props.line.shipped;

  return (
    <Form method="post">
      <input type="hidden" name="intent" value="reallocate" />
      <input type="hidden" name="lineId" value={props.line.id} />
      <BlockStack gap="300">
        <Text as="h3" variant="headingSm">
          Re-allocate {props.line.title}
        </Text>
        <Text as="p" tone="subdued">
          {need} {need === 1 ? "unit is" : "units are"} not shipped yet. Choose the lots they come from; the units
          shipped already stay with their lots.
        </Text>
        {props.result && !props.result.ok ? <Banner tone="critical">{props.result.message}</Banner> : null}
        {errors.lots ? (
          <Text as="p" tone="critical">
            {errors.lots}
          </Text>
        ) : null}
        {props.options.length === 0 ? (
          <Text as="p" tone="subdued">
            No lot of this product is held at {props.line.location}.
          </Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "text", "numeric", "text"]}
            headings={["Lot", "Expiry", "Available", "Units for this line"]}
            rows={props.options.map((option) => {
              const field = quantityField(option.lotId);
              return [
                <BlockStack key="lot" gap="050">
                  <Text as="span" fontWeight="semibold">
                    {option.code}
                  </Text>
                  {option.excludedReason ? (
                    <Text as="span" variant="bodySm" tone="subdued">
                      {option.excludedReason}
                    </Text>
                  ) : null}
                </BlockStack>,
                option.expiresAt ?? "—",
                option.available,
                <TextField
                  key="quantity"
                  id={`reallocate-${option.code}`}
                  label={`Units from ${option.code}`}
                  labelHidden
                  name={field}
                  type="number"
                  min={0}
                  autoComplete="off"
                  value={quantities[option.lotId] ?? ""}
                  disabled={Boolean(option.excludedReason) && !option.allocatedToLine}
                  onChange={(value) => {
                    setQuantities((current) => ({ ...current, [option.lotId]: value }));
                    clear(field);
                    clear("lots");
                  }}
                  error={errors[field]}
                />,
              ];
            })}
          />
        )}
        <TextField
          id="reallocate-reason"
          label="Reason"
          name="reason"
          autoComplete="off"
          value={reason}
          onChange={(value) => {
            setReason(value);
            clear("reason");
          }}
          error={errors.reason}
          helpText="Kept in the order's history, e.g. “customer asked for a fresher batch”."
        />
        <InlineStack align="end" gap="200">
          <Button url={`/app/orders/${props.orderId}`}>Cancel</Button>
          <Button submit variant="primary" loading={saving}>
            Save allocation
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}
