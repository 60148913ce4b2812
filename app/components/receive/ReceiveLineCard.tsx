// One line of the Receive form: what arrived (a variant, how many), the supplier's lot and
// dates, serial numbers, a scan field that fills all of it, and the codes it will be issued.
import { BlockStack, Box, Button, Card, InlineGrid, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import {
  LINE_FIELD_LABELS,
  type LineDraft,
  type LineField,
  type LinePreview,
  SERIAL_MODES,
  type SerialMode,
  type VariantChoice,
} from "../../receiving/receive-form";
import { VariantPicker } from "./VariantPicker";

export interface ScanState {
  /** What the last scan filled in, or that a GTIN is being looked up. */
  note: string | null;
  /** GS1's specific reason a scan could not be read, or why its GTIN matched no product. */
  error: string | null;
  /** Several variants share the scanned barcode: the merchant chooses. */
  suggestions: VariantChoice[];
}

const SCAN_FIELD_PREFIX = "scan-line-";
/** The id of a line's scan field; the form finds scans by it when Enter ends one. */
export const scanFieldId = (key: string) => `${SCAN_FIELD_PREFIX}${key}`;
/** The line a scan field belongs to, or null for any other field. */
export const lineKeyOfScanField = (id: string) =>
  id.startsWith(SCAN_FIELD_PREFIX) ? id.slice(SCAN_FIELD_PREFIX.length) : null;
export const lineFieldId = (key: string, field: string) => `line-${key}-${field}`;

export function ReceiveLineCard(props: {
  index: number;
  line: LineDraft;
  errors: Partial<Record<LineField, string>>;
  preview: LinePreview;
  scan: ScanState;
  scanText: string;
  canRemove: boolean;
  onScanTextChange(value: string): void;
  onScan(): void;
  onChange(patch: Partial<LineDraft>, field: LineField): void;
  onChooseVariant(variant: VariantChoice | null): void;
  onRemove(): void;
}) {
  const { index, line, errors, preview, scan } = props;
  const name = (field: string) => `lines[${index}].${field}`;
  const text = (field: "quantity" | "supplierLotCode" | "producedAt" | "bestBefore" | "expiresAt" | "lotCode") => ({
    id: lineFieldId(line.key, field),
    name: name(field),
    label: LINE_FIELD_LABELS[field],
    value: line[field],
    error: errors[field],
    autoComplete: "off",
    onChange: (value: string) => props.onChange({ [field]: value }, field),
  });

  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h3" variant="headingSm">
            Line {index + 1}
          </Text>
          {props.canRemove ? (
            <Button
              variant="plain"
              tone="critical"
              onClick={props.onRemove}
              accessibilityLabel={`Remove line ${index + 1}`}
            >
              Remove
            </Button>
          ) : null}
        </InlineStack>

        <BlockStack gap="100">
          <TextField
            id={scanFieldId(line.key)}
            label="Scan to fill"
            value={props.scanText}
            onChange={props.onScanTextChange}
            autoComplete="off"
            monospaced
            placeholder="Scan a GS1 barcode, or paste its data or a GS1 Digital Link"
            helpText={
              scan.error ? undefined : "Fills the product, supplier lot, dates and serial number from the label."
            }
            error={scan.error ?? errors.gtin}
            connectedRight={
              <Button onClick={props.onScan} disabled={!props.scanText.trim()}>
                Fill
              </Button>
            }
          />
          {scan.note ? (
            <Text as="p" tone="success" variant="bodySm">
              {scan.note}
            </Text>
          ) : null}
        </BlockStack>

        <input type="hidden" name={name("variantId")} value={line.variant?.variantId ?? ""} />
        <input type="hidden" name={name("gtin")} value={line.gtin} />
        <VariantPicker
          id={lineFieldId(line.key, "variant")}
          value={line.variant}
          suggestions={scan.suggestions}
          error={errors.variant}
          onChange={props.onChooseVariant}
        />
        {line.gtin ? (
          <Text as="p" tone="subdued" variant="bodySm">
            Scanned GTIN {line.gtin}
          </Text>
        ) : null}

        <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
          <TextField {...text("quantity")} type="number" min={1} inputMode="numeric" />
          <TextField {...text("supplierLotCode")} helpText="The lot or batch on the supplier's label" />
        </InlineGrid>
        <InlineGrid columns={{ xs: 1, sm: 3 }} gap="300">
          <TextField {...text("producedAt")} type="date" />
          <TextField {...text("bestBefore")} type="date" />
          <TextField {...text("expiresAt")} type="date" />
        </InlineGrid>
        <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
          <TextField
            {...text("lotCode")}
            label="Lot code (optional)"
            placeholder={preview.manual ? undefined : (preview.lotCode ?? undefined)}
            helpText="Leave empty to issue the next code from your template"
          />
          <Select
            id={lineFieldId(line.key, "serialMode")}
            name={name("serialMode")}
            label={LINE_FIELD_LABELS.serials}
            options={SERIAL_MODES.map((mode) => ({ value: mode.value, label: mode.label }))}
            value={line.serialMode}
            onChange={(value) => props.onChange({ serialMode: value as SerialMode }, "serials")}
            error={line.serialMode === "list" ? undefined : errors.serials}
          />
        </InlineGrid>
        {line.serialMode === "list" ? (
          <TextField
            id={lineFieldId(line.key, "serials")}
            name={name("serials")}
            label="Serial numbers, one per unit"
            multiline={3}
            monospaced
            autoComplete="off"
            value={line.serials}
            onChange={(value) => props.onChange({ serials: value }, "serials")}
            error={errors.serials}
            helpText="One per line. Scanning a unit's label adds its serial number here."
          />
        ) : null}

        <Box background="bg-surface-secondary" padding="300" borderRadius="200">
          <LinePreviewText preview={preview} />
        </Box>
      </BlockStack>
    </Card>
  );
}

function LinePreviewText({ preview }: { preview: LinePreview }) {
  return (
    <BlockStack gap="100">
      {preview.lotError ? (
        <Text as="p" tone="critical">
          {preview.lotError}
        </Text>
      ) : (
        <Text as="p">
          Lot code{" "}
          <Text as="span" fontWeight="semibold">
            {preview.lotCode ?? "—"}
          </Text>
          {preview.manual ? " (entered by hand)" : ""}
        </Text>
      )}
      {preview.serials ? (
        <Text as="p" tone="subdued">
          Serial numbers {preview.serials.first}
          {preview.serials.count > 1 ? ` … ${preview.serials.last}` : ""} ({preview.serials.count})
        </Text>
      ) : null}
      {preview.serialError ? (
        <Text as="p" tone="critical">
          {preview.serialError}
        </Text>
      ) : null}
    </BlockStack>
  );
}
