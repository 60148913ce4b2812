// Unassigned stock: units Shopify counts that arrived without a Lotline receipt (purchase
// orders, transfers, manual edits), and a few clicks to put them into a new or existing lot.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  ChoiceList,
  EmptyState,
  FormLayout,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { authenticateAdmin } from "../auth.server";
import { db } from "../db.server";
import { loadAssignContext, loadUnassignedPage } from "../inventory/unassigned-page.server";
import { assignUnassignedStock } from "../inventory/unassigned-stock.server";
import { AppError } from "../utils/errors";
import { errorResponse, throwAsResponse } from "../utils/responses.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, shop } = await authenticateAdmin(request);
  try {
    return json(await loadUnassignedPage(db(), { shopId: shop.id, graphql: admin.graphql }));
  } catch (error) {
    throwAsResponse(error);
  }
};

const text = z
  .string()
  .optional()
  .transform((value) => value?.trim() || null);

const assignSchema = z.object({
  unassignedId: z.string().trim(),
  quantity: z
    .string()
    .trim()
    // "abc" or "2.5" reach the domain as NaN, which names the field and the fix.
    .transform((value) => (/^-?\d+$/.test(value) ? Number(value) : Number.NaN)),
  target: z.enum(["new", "existing"], { message: "Choose a new lot or an existing one" }),
  lotId: text,
  lotCode: text,
  supplierLotCode: text,
  producedAt: text,
  bestBefore: text,
  expiresAt: text,
});

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, shop, actor } = await authenticateAdmin(request);
  const parsed = assignSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const fields = Object.fromEntries(
      parsed.error.issues.map((issue) => [String(issue.path[0] ?? "form"), issue.message]),
    );
    return json({ ok: false as const, message: "The stock was not assigned; fix the marked fields.", fields }, 422);
  }
  const form = parsed.data;
  try {
    if (form.target === "existing" && !form.lotId) {
      throw new AppError("INVALID_DATA", "The stock was not assigned; fix the marked fields.", {
        lotId: "Choose the lot to add these units to",
      });
    }
    const uuid = z.uuid().safeParse(form.unassignedId);
    if (!uuid.success) throw new AppError("NOT_FOUND", "This unassigned stock does not exist in your shop.");
    const context = await loadAssignContext(db(), { shopId: shop.id, graphql: admin.graphql });
    const result = await assignUnassignedStock(
      db(),
      {
        shopId: shop.id,
        actor,
        unassignedId: uuid.data,
        quantity: form.quantity,
        target:
          form.target === "existing"
            ? { kind: "existing", lotId: form.lotId ?? "" }
            : {
                kind: "new",
                lotCode: form.lotCode,
                supplierLotCode: form.supplierLotCode,
                producedAt: form.producedAt,
                bestBefore: form.bestBefore,
                expiresAt: form.expiresAt,
              },
      },
      context,
    );
    return json({
      ok: true as const,
      message: `${form.quantity} ${form.quantity === 1 ? "unit" : "units"} assigned to lot ${result.lot.code}.`,
      lotCode: result.lot.code,
      fields: {} as Record<string, string>,
    });
  } catch (error) {
    return errorResponse(error, { ok: false as const });
  }
};

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function UnassignedStockPage() {
  const { rows, shortfalls } = useLoaderData<typeof loader>();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const selected = rows.find((row) => row.id === selectedId) ?? null;

  return (
    <Page
      title="Unassigned stock"
      subtitle="Units Shopify counts that arrived without a Lotline receipt. Put them into a lot to trace them."
      backAction={{ content: "Home", url: "/app" }}
    >
      <Layout>
        {done ? (
          <Layout.Section>
            <Banner tone="success" onDismiss={() => setDone(null)}>
              <p>{done}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          {rows.length === 0 ? (
            <Card>
              <EmptyState heading="Every unit is in a lot" image="">
                <p>
                  When stock arrives in Shopify without a Lotline receipt (a purchase order, a transfer, a manual edit),
                  it is listed here so you can assign it to a lot.
                </p>
              </EmptyState>
            </Card>
          ) : (
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: "unassigned item", plural: "unassigned items" }}
                itemCount={rows.length}
                selectable={false}
                headings={[
                  { title: "Product" },
                  { title: "Location" },
                  { title: "Units", alignment: "end" },
                  { title: "Detected" },
                  { title: "" },
                ]}
              >
                {rows.map((row, index) => (
                  <IndexTable.Row id={row.id} key={row.id} position={index} selected={row.id === selectedId}>
                    <IndexTable.Cell>
                      <BlockStack gap="050">
                        <Text as="span" fontWeight="semibold">
                          {row.productTitle}
                        </Text>
                        {row.sku ? (
                          <Text as="span" tone="subdued" variant="bodySm">
                            SKU {row.sku}
                          </Text>
                        ) : null}
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{row.location}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {row.quantity}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>{row.detected}</IndexTable.Cell>
                    <IndexTable.Cell>
                      <Button onClick={() => setSelectedId(row.id)} accessibilityLabel={`Assign ${row.productTitle}`}>
                        Assign to lot
                      </Button>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                ))}
              </IndexTable>
            </Card>
          )}
        </Layout.Section>
        {shortfalls.length > 0 ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Shopify counts fewer units than your lots
                </Text>
                <Text as="p" tone="subdued">
                  Units left these locations in Shopify, but every unit of these lots is held for orders or in
                  quarantine, so Lotline did not take them off a lot. Count the stock, then correct it in Shopify.
                </Text>
                {shortfalls.map((row) => (
                  <InlineStack key={row.id} gap="200" blockAlign="center">
                    <Text as="span" fontWeight="semibold">
                      {row.productTitle}
                      {row.sku ? ` (SKU ${row.sku})` : ""}
                    </Text>
                    <Text as="span">
                      at {row.location}: Shopify {row.shopifyOnHand}, lots {row.lotsOnHand} (checked {row.checkedAt})
                    </Text>
                  </InlineStack>
                ))}
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
        {selected ? (
          <Layout.Section>
            <AssignForm
              key={selected.id}
              row={selected}
              onCancel={() => setSelectedId(null)}
              onAssigned={(message) => {
                setDone(message);
                setSelectedId(null);
              }}
            />
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}

function AssignForm(props: { row: Row; onCancel: () => void; onAssigned: (message: string) => void }) {
  const { row, onAssigned } = props;
  const fetcher = useFetcher<typeof action>();
  const [target, setTarget] = useState<"new" | "existing">("new");
  const [quantity, setQuantity] = useState(String(row.quantity));
  const [lotId, setLotId] = useState(row.lots[0]?.id ?? "");
  const [values, setValues] = useState({
    lotCode: "",
    supplierLotCode: "",
    producedAt: "",
    bestBefore: "",
    expiresAt: "",
  });
  const result = fetcher.data;
  const fields: Record<string, string> = result && !result.ok ? result.fields : {};
  const busy = fetcher.state !== "idle";

  useEffect(() => {
    if (result?.ok) onAssigned(result.message);
  }, [result, onAssigned]);

  const submit = () => fetcher.submit({ unassignedId: row.id, quantity, target, lotId, ...values }, { method: "post" });
  const field = (name: keyof typeof values, label: string, helpText?: string, type: "text" | "date" = "text") => (
    <TextField
      label={label}
      name={name}
      type={type}
      autoComplete="off"
      value={values[name]}
      onChange={(value) => setValues((current) => ({ ...current, [name]: value }))}
      helpText={helpText}
      error={fields[name]}
    />
  );

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Assign {row.productTitle} at {row.location}
        </Text>
        {result && !result.ok ? (
          <Banner tone="critical">
            <p>{fields.unassignedId ?? fields.form ?? result.message}</p>
          </Banner>
        ) : null}
        <FormLayout>
          <TextField
            label="Units"
            name="quantity"
            type="number"
            autoComplete="off"
            value={quantity}
            onChange={setQuantity}
            min={1}
            max={row.quantity}
            helpText={`Up to ${row.quantity} unassigned`}
            error={fields.quantity}
          />
          <ChoiceList
            title="Into"
            choices={[
              { label: "A new lot", value: "new" },
              {
                label: "An existing lot",
                value: "existing",
                disabled: row.lots.length === 0,
                helpText: row.lots.length === 0 ? "No active lot of this product at this location" : undefined,
              },
            ]}
            selected={[target]}
            onChange={([value]) => setTarget(value as "new" | "existing")}
          />
          {target === "existing" ? (
            <Select
              label="Lot"
              name="lotId"
              options={row.lots.map((lot) => ({ label: lot.label, value: lot.id }))}
              value={lotId}
              onChange={setLotId}
              error={fields.lotId}
            />
          ) : (
            <FormLayout.Group>
              {field("lotCode", "Lot code", "Leave empty to use your lot template")}
              {field("supplierLotCode", "Supplier lot")}
              {field("producedAt", "Produced", undefined, "date")}
              {field("bestBefore", "Best before", undefined, "date")}
              {field("expiresAt", "Expires", undefined, "date")}
            </FormLayout.Group>
          )}
        </FormLayout>
        <InlineStack gap="200" align="end">
          <Button onClick={props.onCancel}>Cancel</Button>
          <Button variant="primary" onClick={submit} loading={busy} disabled={!row.productKnown && target === "new"}>
            Assign
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
