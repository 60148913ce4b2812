// "Enter serial numbers" for a serial-tracked line: one per line, so a scanner that ends each
// scan with Enter fills it unit by unit; the server checks each serial against the line's lots.
import { Form, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, InlineStack, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { LineResult, OrderLineView } from "./OrderLineCard";

export function SerialsForm(props: { line: OrderLineView; result: LineResult | null }) {
  const navigation = useNavigation();
  const [serials, setSerials] = useState("");
  const [error, setError] = useState<string | undefined>(props.result?.fields.serials);
  useEffect(() => {
    setError(props.result?.fields.serials);
    if (props.result?.ok) setSerials("");
  }, [props.result]);
  const saving = navigation.state === "submitting" && navigation.formData?.get("lineId") === props.line.id;
  const count = serials.split(/[\r\n\t]+/).filter((serial) => serial.trim()).length;

  return (
    <Form method="post">
      <input type="hidden" name="intent" value="serials" />
      <input type="hidden" name="lineId" value={props.line.id} />
      <BlockStack gap="200">
        {props.result ? <Banner tone={props.result.ok ? "success" : "critical"}>{props.result.message}</Banner> : null}
        <TextField
          id={`serials-${props.line.id}`}
          label="Enter serial numbers"
          name="serials"
          multiline={4}
          monospaced
          autoComplete="off"
          value={serials}
          onChange={(value) => {
            setSerials(value);
            setError(undefined);
          }}
          helpText={`One per line; scan them one after another. ${props.line.quantity} ${props.line.quantity === 1 ? "unit" : "units"} on this line.`}
          error={error}
        />
        <InlineStack align="end">
          <Button submit loading={saving} disabled={count === 0}>
            {count > 0 ? `Save ${count} serial ${count === 1 ? "number" : "numbers"}` : "Save serial numbers"}
          </Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}
