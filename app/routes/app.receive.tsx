// Receive: the merchant records a delivery (or a production run) line by line, typing or
// scanning, sees the codes it will be issued, and submits; the receipt page follows.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  InlineGrid,
  InlineStack,
  Layout,
  List,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import { authenticateAdmin } from "../auth.server";
import { lineKeyOfScanField, ReceiveLineCard, type ScanState } from "../components/receive/ReceiveLineCard";
import { db } from "../db.server";
import { scanToReceivingFields } from "../domain/gs1";
import type { CodeTemplate } from "../domain/lot-code-template";
import { enqueue } from "../jobs/queues.server";
import {
  applyScan,
  chooseVariant,
  emptyLine,
  groupFieldErrors,
  gtinFits,
  isBlankLine,
  type LineDraft,
  previewReceiptCodes,
  REFERENCE_TYPES,
  type ReferenceType,
  type VariantChoice,
  withoutField,
  withoutLine,
} from "../receiving/receive-form";
import { loadReceivePage, receiveFromForm } from "../receiving/receive-form.server";
import { formDataToObject, MalformedFormError, receiveFormSchema } from "../receiving/receive-form-schema";
import { errorResponse, throwAsResponse } from "../utils/responses.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, shop } = await authenticateAdmin(request);
  try {
    return json(await loadReceivePage(db(), { shopId: shop.id, graphql: admin.graphql }));
  } catch (error) {
    throwAsResponse(error);
  }
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, shop, actor } = await authenticateAdmin(request);
  const parsed = await request
    .formData()
    .then((formData) => receiveFormSchema.safeParse(formDataToObject(formData)))
    .catch((error: unknown) => {
      if (error instanceof MalformedFormError || error instanceof TypeError) return null;
      throw error;
    });
  if (!parsed?.success) {
    return json(
      { message: "The form could not be read. Reload the page and enter the receipt again.", fields: {} },
      { status: 400 },
    );
  }
  try {
    const { receipt } = await receiveFromForm(db(), parsed.data, {
      shopId: shop.id,
      actor,
      graphql: admin.graphql,
      enqueue: (payload) => enqueue("receipts.write-back", payload),
    });
    return redirect(`/app/receipts/${receipt.id}`);
  } catch (error) {
    return errorResponse(error);
  }
};

const TOP_SCAN_ID = "receipt-scan";
const NO_SCAN: ScanState = { note: null, error: null, suggestions: [] };

async function findVariantsByGtin(gtin: string): Promise<VariantChoice[]> {
  // App Bridge adds the session token to the app's own fetches.
  const response = await fetch(`/app/api/variants?${new URLSearchParams({ gtin })}`);
  const body = (await response.json()) as { variants?: VariantChoice[]; message?: string | null };
  if (!response.ok) throw new Error(body.message ?? `The product search failed (HTTP ${response.status})`);
  return body.variants ?? [];
}

export default function ReceivePage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const submitting = navigation.state === "submitting" && navigation.formAction === "/app/receive";

  const formRef = useRef<HTMLFormElement>(null);
  const bannerRef = useRef<HTMLDivElement>(null);
  const keys = useRef(1);
  const linesRef = useRef<LineDraft[]>([emptyLine("l0")]);
  const [lines, setLines] = useState<LineDraft[]>(linesRef.current);
  const [locationId, setLocationId] = useState(data.locations[0]?.id ?? "");
  const [supplierName, setSupplierName] = useState("");
  const [referenceType, setReferenceType] = useState<ReferenceType>("invoice");
  const [referenceNumber, setReferenceNumber] = useState("");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [scanTexts, setScanTexts] = useState<Record<string, string>>({});
  const [scans, setScans] = useState<Record<string, ScanState>>({});
  const [topScan, setTopScan] = useState("");
  const [topScanError, setTopScanError] = useState<string | null>(null);

  useEffect(() => {
    if (!actionData) return;
    setErrors(actionData.fields ?? {});
    setMessage(actionData.message);
    bannerRef.current?.scrollIntoView({ block: "start" });
    bannerRef.current?.focus();
  }, [actionData]);

  // Every change goes through here, so an async scan always works on the current lines.
  const commitLines = (next: LineDraft[]) => {
    linesRef.current = next;
    setLines(next);
  };
  const updateLine = (key: string, change: (line: LineDraft) => LineDraft) => {
    commitLines(linesRef.current.map((line) => (line.key === key ? change(line) : line)));
  };
  const lineIndex = (key: string) => linesRef.current.findIndex((line) => line.key === key);
  const clearError = (name: string) => setErrors((current) => withoutField(current, name));
  const setScan = (key: string, state: ScanState) => setScans((current) => ({ ...current, [key]: state }));
  const addLine = () => {
    const key = `l${keys.current++}`;
    commitLines([...linesRef.current, emptyLine(key)]);
    return key;
  };
  const removeLine = (key: string) => {
    const index = lineIndex(key);
    commitLines(linesRef.current.filter((line) => line.key !== key));
    setErrors((current) => withoutLine(current, index));
  };

  /** Reads one scan into a line; a GTIN then chooses the variant with that barcode. */
  const scanIntoLine = async (key: string, raw: string) => {
    const result = scanToReceivingFields(raw);
    if (!result.ok) {
      setScan(key, { ...NO_SCAN, error: result.error });
      return;
    }
    const line = linesRef.current.find((candidate) => candidate.key === key);
    if (!line) return;
    const applied = applyScan(line, result.fields);
    updateLine(key, () => applied.line);
    const index = lineIndex(key);
    for (const field of ["gtin", "supplierLotCode", "producedAt", "bestBefore", "expiresAt", "quantity", "serials"]) {
      clearError(`lines[${index}].${field}`);
    }
    setScanTexts((current) => ({ ...current, [key]: "" }));
    const filled = `Filled ${applied.filled.join(", ")}`;
    const gtin = applied.lookUpGtin;
    if (!gtin) {
      setScan(key, { ...NO_SCAN, note: filled });
      return;
    }
    setScan(key, { ...NO_SCAN, note: `${filled}. Looking up the product…` });
    let found: VariantChoice[];
    try {
      found = await findVariantsByGtin(gtin);
    } catch (error) {
      setScan(key, { ...NO_SCAN, note: filled, error: (error as Error).message });
      return;
    }
    const current = linesRef.current.find((candidate) => candidate.key === key);
    if (!current) return;
    if (found.length === 1) {
      updateLine(key, (before) => chooseVariant(before, found[0]));
      clearError(`lines[${lineIndex(key)}].variant`);
      setScan(key, { ...NO_SCAN, note: `${filled}: ${found[0].displayName}` });
      return;
    }
    const keep =
      current.variant &&
      (found.length === 0
        ? gtinFits(current.variant, gtin)
        : found.some((variant) => variant.variantId === current.variant?.variantId));
    if (!keep) updateLine(key, (before) => ({ ...before, variant: null }));
    const error =
      found.length === 0
        ? `No product in your shop has the barcode ${gtin}. Choose the product below, or add the barcode to it in Shopify.`
        : `${found.length} products have the barcode ${gtin}; choose the right one below.`;
    setScan(key, { note: filled, error: keep ? null : error, suggestions: found });
  };

  /** A scan at the top fills the last line if it is still empty, else a new one. */
  const scanIntoNewLine = (raw: string) => {
    const result = scanToReceivingFields(raw);
    if (!result.ok) {
      setTopScanError(result.error);
      return;
    }
    setTopScanError(null);
    setTopScan("");
    const last = linesRef.current.at(-1);
    const key = last && isBlankLine(last) ? last.key : addLine();
    void scanIntoLine(key, raw);
  };

  // A scanner ends every scan with Enter; Enter in a field must never submit the receipt.
  const onFormKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== "Enter") return;
    if (event.metaKey || event.ctrlKey) {
      event.preventDefault();
      formRef.current?.requestSubmit();
      return;
    }
    const target = event.target as HTMLElement;
    if (!(target instanceof HTMLInputElement)) return;
    event.preventDefault();
    const lineKey = lineKeyOfScanField(target.id);
    if (target.id === TOP_SCAN_ID) scanIntoNewLine(target.value);
    else if (lineKey) void scanIntoLine(lineKey, target.value);
  };

  const location = data.locations.find((candidate) => candidate.id === locationId);
  const previews = useMemo(
    () =>
      previewReceiptCodes(
        lines.map((line) =>
          line.variant
            ? {
                sku: line.variant.sku,
                productTitle: line.variant.productTitle,
                supplierLotCode: line.supplierLotCode,
                lotCode: line.lotCode,
                quantity: Number(line.quantity),
                serialMode: line.serialMode,
              }
            : null,
        ),
        {
          lotTemplate: data.lotTemplate as CodeTemplate,
          serialTemplate: data.serialTemplate as CodeTemplate,
          locationCode: location?.code ?? "",
          date: data.today,
          lastIssued: data.lastIssued,
        },
      ),
    [lines, location?.code, data],
  );

  const grouped = groupFieldErrors(errors);
  const receiptField = (name: string) => grouped.receipt[name];

  return (
    <Page
      title="Receive stock"
      subtitle="Receive stock into lots: scan or enter what arrived, and Lotline issues the lot codes."
      secondaryActions={[{ content: "Import existing lots", url: "/app/lots/import" }]}
    >
      <Form method="post" ref={formRef} onKeyDown={onFormKeyDown}>
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              {message ? (
                <div ref={bannerRef} tabIndex={-1}>
                  <Banner tone="critical" title="Nothing was saved" onDismiss={() => setMessage(null)}>
                    <BlockStack gap="200">
                      <Text as="p">{message}</Text>
                      {grouped.summary.length > 0 ? (
                        <List>
                          {grouped.summary.map((line) => (
                            <List.Item key={line}>{line}</List.Item>
                          ))}
                        </List>
                      ) : null}
                    </BlockStack>
                  </Banner>
                </div>
              ) : null}

              <Card>
                <FormLayout>
                  <Select
                    id="receipt-location"
                    name="locationId"
                    label="Location"
                    options={data.locations.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
                    value={locationId}
                    onChange={(value) => {
                      setLocationId(value);
                      clearError("locationId");
                    }}
                    error={receiptField("locationId")}
                    helpText="Where the goods arrived; Shopify's stock rises here."
                  />
                  <TextField
                    id="receipt-supplier"
                    name="supplierName"
                    label="Supplier"
                    autoComplete="organization"
                    value={supplierName}
                    onChange={(value) => {
                      setSupplierName(value);
                      clearError("supplierName");
                    }}
                    error={receiptField("supplierName")}
                    helpText="Leave empty for your own production."
                  />
                  <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
                    <Select
                      id="receipt-reference-type"
                      name="referenceType"
                      label="Reference document"
                      options={REFERENCE_TYPES.map((type) => ({ value: type.value, label: type.label }))}
                      value={referenceType}
                      onChange={(value) => {
                        setReferenceType(value as ReferenceType);
                        clearError("referenceType");
                      }}
                      error={receiptField("referenceType")}
                    />
                    <TextField
                      id="receipt-reference-number"
                      name="referenceNumber"
                      label="Document number"
                      autoComplete="off"
                      value={referenceNumber}
                      onChange={(value) => {
                        setReferenceNumber(value);
                        clearError("referenceNumber");
                      }}
                      error={receiptField("referenceNumber")}
                    />
                  </InlineGrid>
                  <TextField
                    id="receipt-note"
                    name="note"
                    label="Note"
                    autoComplete="off"
                    multiline={2}
                    value={note}
                    onChange={(value) => {
                      setNote(value);
                      clearError("note");
                    }}
                    error={receiptField("note")}
                  />
                </FormLayout>
              </Card>

              <Card>
                <TextField
                  id={TOP_SCAN_ID}
                  label="Scan to add a line"
                  autoFocus
                  autoComplete="off"
                  monospaced
                  value={topScan}
                  onChange={setTopScan}
                  placeholder="Scan a GS1 barcode, or paste its data or a GS1 Digital Link"
                  helpText="Each scan fills the next empty line or adds one. Enter ends a scan; it never submits."
                  error={topScanError ?? undefined}
                  connectedRight={
                    <Button onClick={() => scanIntoNewLine(topScan)} disabled={!topScan.trim()}>
                      Add
                    </Button>
                  }
                />
              </Card>

              {grouped.receipt.lines || grouped.receipt.general ? (
                <Banner tone="critical">
                  {[grouped.receipt.lines, grouped.receipt.general].filter(Boolean).join(" ")}
                </Banner>
              ) : null}

              {lines.map((line, index) => (
                <ReceiveLineCard
                  key={line.key}
                  index={index}
                  line={line}
                  errors={grouped.lines[index] ?? {}}
                  preview={previews[index]}
                  scan={scans[line.key] ?? NO_SCAN}
                  scanText={scanTexts[line.key] ?? ""}
                  canRemove={lines.length > 1}
                  onScanTextChange={(value) => setScanTexts((current) => ({ ...current, [line.key]: value }))}
                  onScan={() => void scanIntoLine(line.key, scanTexts[line.key] ?? "")}
                  onChange={(patch, field) => {
                    updateLine(line.key, (before) => ({ ...before, ...patch }));
                    clearError(`lines[${index}].${field}`);
                  }}
                  onChooseVariant={(variant) => {
                    updateLine(line.key, (before) => chooseVariant(before, variant));
                    clearError(`lines[${index}].variant`);
                    clearError(`lines[${index}].gtin`);
                    setScan(line.key, NO_SCAN);
                  }}
                  onRemove={() => removeLine(line.key)}
                />
              ))}

              <InlineStack align="start">
                <Button onClick={() => addLine()}>Add line</Button>
              </InlineStack>
            </BlockStack>
          </Layout.Section>

          <Layout.Section variant="oneThird">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Codes to be issued
                </Text>
                <List type="number">
                  {lines.map((line, index) => (
                    <List.Item key={line.key}>
                      {line.variant ? `${line.variant.displayName}: ` : "No product chosen yet"}
                      {line.variant ? (
                        <Text as="span" fontWeight="semibold">
                          {previews[index].lotCode ?? "no code (see the line)"}
                        </Text>
                      ) : null}
                    </List.Item>
                  ))}
                </List>
                <Text as="p" tone="subdued" variant="bodySm">
                  From your lot code template {data.lotTemplate.source}. Numbers are taken when you save, so a receipt
                  saved elsewhere first moves them on.
                </Text>
                <Button submit variant="primary" loading={submitting} disabled={data.locations.length === 0}>
                  {`Receive ${lines.length} ${lines.length === 1 ? "line" : "lines"}`}
                </Button>
                <Text as="p" tone="subdued" variant="bodySm">
                  Ctrl+Enter also submits. Nothing is saved unless every line is right.
                </Text>
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}
