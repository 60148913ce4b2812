// Exports: the merchant picks what to export (FSMA 204 spreadsheet, trace reports, EPCIS,
// retailer files) with its filters; the file is built in the background and listed below with
// a progress bar, any missing details, and a signed download link that works for 7 days.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  InlineStack,
  Layout,
  Link,
  List,
  Page,
  ProgressBar,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { z } from "zod";
import { authenticateAdmin } from "../auth.server";
import { db } from "../db.server";
import type { ExportField } from "../exports/export-request";
import { requestExport } from "../exports/exports.server";
import { loadExportsPage } from "../exports/exports-page.server";
import { enqueue } from "../jobs/queues.server";
import { errorResponse, throwAsResponse } from "../utils/responses.server";

const POLL_MS = 1_500;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  try {
    return json(await loadExportsPage(db(), shop.id));
  } catch (error) {
    throwAsResponse(error);
  }
};

const requestSchema = z.looseObject({ kind: z.string().min(1), format: z.string().min(1) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, actor } = await authenticateAdmin(request);
  const form = Object.fromEntries(await request.formData().catch(() => new FormData()));
  const parsed = requestSchema.safeParse(form);
  if (!parsed.success) {
    return json({ ok: false, message: "Choose what to export and the file format.", fields: {} }, { status: 400 });
  }
  const { kind, format, ...parameters } = parsed.data;
  try {
    const job = await requestExport(db(), { shopId: shop.id, kind, format, parameters, actor }, { enqueue });
    return json({
      ok: true,
      message: `Building ${job.kind === "fsma204" ? "the FSMA 204 spreadsheet" : "the export"}…`,
      fields: {},
    });
  } catch (error) {
    return errorResponse(error, { ok: false });
  }
};

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
type ExportRow = PageData["exports"][number];

export default function ExportsPage() {
  const page = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();

  // Follows running exports: the list re-reads until every file is built or has failed.
  useEffect(() => {
    if (!page.running) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [page.running, revalidator]);

  return (
    <Page
      title="Exports"
      subtitle="Traceability files for retailers and regulators, built from your lot ledger."
      secondaryActions={[{ content: "Business details", url: "/app/exports/details" }]}
    >
      <Layout>
        <Layout.Section>
          <RequestCard page={page} />
        </Layout.Section>
        <Layout.Section>
          <ExportList rows={page.exports} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function RequestCard({ page }: { page: PageData }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [kind, setKind] = useState(page.kinds[0]?.kind ?? "fsma204");
  const spec = useMemo(() => page.kinds.find((k) => k.kind === kind) ?? page.kinds[0], [kind, page.kinds]);
  const [format, setFormat] = useState(spec.formats[0]);
  const [values, setValues] = useState<Record<string, string>>({});
  const fields = actionData && !actionData.ok ? (actionData.fields as Record<string, string>) : {};

  const chooseKind = (next: string) => {
    setKind(next);
    setFormat(page.kinds.find((k) => k.kind === next)?.formats[0] ?? "csv");
  };
  const set = (name: string) => (value: string) => setValues((current) => ({ ...current, [name]: value }));

  return (
    <Card>
      <Form method="post">
        <BlockStack gap="400">
          <Text as="h2" variant="headingMd">
            New export
          </Text>
          {actionData?.message ? (
            <Banner tone={actionData.ok ? "info" : "critical"}>
              <Text as="p">{actionData.message}</Text>
            </Banner>
          ) : null}
          <InlineStack gap="400" wrap>
            <Select
              label="What to export"
              name="kind"
              options={page.kinds.map((k) => ({ label: k.label, value: k.kind }))}
              value={kind}
              onChange={chooseKind}
              error={fields.kind}
            />
            <Select
              label="Format"
              name="format"
              options={spec.formats.map((f) => ({ label: f.toUpperCase(), value: f }))}
              value={format}
              onChange={(value) => setFormat(value as typeof format)}
              error={fields.format}
            />
          </InlineStack>
          <Text as="p" tone="subdued">
            {spec.description}
          </Text>
          <InlineStack gap="400" wrap>
            {spec.fields.map((field) => (
              <ParameterField
                key={`${kind}-${field.name}`}
                field={field}
                value={values[field.name] ?? ""}
                onChange={set(field.name)}
                error={fields[field.name]}
                page={page}
              />
            ))}
          </InlineStack>
          <InlineStack>
            <Button submit variant="primary" loading={navigation.state === "submitting"}>
              Build the file
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

function ParameterField(props: {
  field: ExportField;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  page: PageData;
}) {
  const { field, value, onChange, error, page } = props;
  if (field.type === "checkbox") {
    return (
      <>
        <Checkbox
          label={field.label}
          checked={value === "true"}
          onChange={(checked) => onChange(checked ? "true" : "")}
          error={error}
        />
        <input type="hidden" name={field.name} value={value} />
      </>
    );
  }
  if (field.type === "product" || field.type === "lot") {
    const options =
      field.type === "product"
        ? page.products.map((p) => ({ label: p.title, value: p.id }))
        : page.lots.map((l) => ({ label: `${l.code} — ${l.productTitle}`, value: l.id }));
    return (
      <Select
        label={field.label}
        name={field.name}
        options={[{ label: field.type === "product" ? "All products" : "Choose a lot", value: "" }, ...options]}
        value={value}
        onChange={onChange}
        error={error}
      />
    );
  }
  return (
    <TextField
      label={field.label}
      name={field.name}
      type={field.type === "date" ? "date" : "text"}
      value={value}
      onChange={onChange}
      helpText={field.helpText}
      error={error}
      autoComplete="off"
    />
  );
}

function formatBytes(bytes: number | null): string {
  if (bytes === null) return "";
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function ExportList({ rows }: { rows: ExportRow[] }) {
  if (rows.length === 0) {
    return (
      <Card>
        <Text as="p" tone="subdued">
          No exports yet. Files you build appear here and can be downloaded for 7 days.
        </Text>
      </Card>
    );
  }
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Recent exports
        </Text>
        {rows.map((row) => (
          <ExportItem key={row.id} row={row} />
        ))}
      </BlockStack>
    </Card>
  );
}

const STATUS_TONE = { queued: "info", running: "attention", completed: "success", failed: "critical" } as const;

function ExportItem({ row }: { row: ExportRow }) {
  const progressId = `export-progress-${row.id}`;
  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center">
        <Text as="h3" variant="headingSm">
          {row.kindLabel} ({row.format.toUpperCase()})
        </Text>
        <Badge tone={row.expired ? undefined : STATUS_TONE[row.status]}>{row.expired ? "expired" : row.status}</Badge>
        <Text as="span" tone="subdued">
          requested {new Date(row.createdAt).toLocaleString()}
        </Text>
      </InlineStack>
      {row.status === "queued" || row.status === "running" ? (
        <>
          <ProgressBar progress={Math.round((row.progress ?? 0) * 100)} ariaLabelledBy={progressId} />
          <span id={progressId}>
            {row.totalRows === null
              ? "Counting rows…"
              : `${row.processedRows.toLocaleString()} of ${row.totalRows.toLocaleString()} rows`}
          </span>
        </>
      ) : null}
      {row.status === "failed" && row.error ? (
        <Text as="p" tone="critical">
          {row.error}
        </Text>
      ) : null}
      {row.downloadUrl ? (
        <InlineStack gap="200">
          <Link url={row.downloadUrl} target="_blank">
            Download {row.fileName}
          </Link>
          <Text as="span" tone="subdued">
            {formatBytes(row.byteSize)} · {row.totalRows?.toLocaleString()} rows · link works until{" "}
            {row.expiresAt ? new Date(row.expiresAt).toLocaleDateString() : ""}
          </Text>
        </InlineStack>
      ) : null}
      {row.expired ? (
        <Text as="p" tone="subdued">
          This file was deleted after 7 days; build it again if you need it.
        </Text>
      ) : null}
      {row.warnings.length > 0 ? (
        <Banner tone="warning" title="Some details are missing; the file says MISSING where they belong">
          <List>
            {row.warnings.map((warning) => (
              <List.Item key={`${warning.code}-${warning.message}`}>{warning.message}</List.Item>
            ))}
          </List>
          <Link url="/app/exports/details">Fill in business details</Link>
        </Banner>
      ) : null}
    </BlockStack>
  );
}
