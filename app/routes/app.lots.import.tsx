// Import lots: the merchant uploads the spreadsheet of lots they already hold, sees every
// problem by line and column (a dry run that writes no lots), then imports all rows — or, when
// they say so, only the valid ones — in a background job whose progress the page follows.
import {
  type ActionFunctionArgs,
  json,
  type LoaderFunctionArgs,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator, useSubmit } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  DataTable,
  DropZone,
  InlineStack,
  Layout,
  Link,
  Page,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { authenticateAdmin } from "../auth.server";
import { db } from "../db.server";
import { LOT_IMPORT_LIMITS } from "../imports/lot-import-limits";
import { checkLotImportFile, describeLotImport, startLotImport } from "../imports/lot-imports.server";
import { enqueue } from "../jobs/queues.server";
import { errorResponse, throwAsResponse } from "../utils/responses.server";

const MAX_MB = LOT_IMPORT_LIMITS.bytes / 1024 / 1024;

const searchSchema = z.object({ id: z.uuid().optional().catch(undefined) });

const startSchema = z.object({
  intent: z.literal("start"),
  id: z.uuid(),
  skipInvalidRows: z.enum(["true", "false"]).transform((value) => value === "true"),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const { id } = searchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  if (!id) return json({ lotImport: null });
  try {
    return json({ lotImport: await describeLotImport(db(), shop.id, id) });
  } catch (error) {
    throwAsResponse(error);
  }
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, shop, actor } = await authenticateAdmin(request);
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    let formData: FormData;
    try {
      formData = await unstable_parseMultipartFormData(
        request,
        unstable_createMemoryUploadHandler({ maxPartSize: LOT_IMPORT_LIMITS.bytes }),
      );
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) {
        const message = `The file is larger than ${MAX_MB} MB. Split it into several files and import them one after another.`;
        return json({ message, fields: { file: message } }, { status: 413 });
      }
      return json({ message: "The upload could not be read. Choose the file again.", fields: {} }, { status: 400 });
    }
    const file = formData.get("file");
    if (!(file instanceof File) || file.size === 0) {
      const message = "Choose a CSV file to check (the template shows the columns).";
      return json({ message, fields: { file: message } }, { status: 400 });
    }
    try {
      const lotImport = await checkLotImportFile(
        db(),
        { shopId: shop.id, actor, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
        { graphql: admin.graphql },
      );
      return redirect(`/app/lots/import?id=${lotImport.id}`);
    } catch (error) {
      return errorResponse(error);
    }
  }

  const parsed = startSchema.safeParse(Object.fromEntries(await request.formData().catch(() => new FormData())));
  if (!parsed.success) {
    return json({ message: "The form could not be read. Reload the page and try again.", fields: {} }, { status: 400 });
  }
  try {
    const lotImport = await startLotImport(
      db(),
      { shopId: shop.id, importId: parsed.data.id, skipInvalidRows: parsed.data.skipInvalidRows },
      (payload) => enqueue("lots.import", payload),
    );
    return redirect(`/app/lots/import?id=${lotImport.id}`);
  } catch (error) {
    return errorResponse(error);
  }
};

type ImportView = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["lotImport"]>;

export default function LotImportPage() {
  const { lotImport } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <Page
      title="Import lots"
      subtitle="Bring in the lots you already hold, from the spreadsheet you keep today."
      backAction={{ content: "Lots", url: "/app/lots" }}
    >
      <Layout>
        {actionData?.message ? (
          <Layout.Section>
            <Banner tone="critical" title="Nothing was imported">
              <Text as="p">{actionData.message}</Text>
            </Banner>
          </Layout.Section>
        ) : null}
        {lotImport && lotImport.status !== "validating" ? (
          <Layout.Section>
            <ImportResult lotImport={lotImport} />
          </Layout.Section>
        ) : null}
        {!lotImport || lotImport.status === "completed" || lotImport.status === "failed" ? (
          <Layout.Section>
            <UploadCard again={Boolean(lotImport)} />
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}

function UploadCard({ again }: { again: boolean }) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const checking = navigation.state === "submitting" && navigation.formEncType === "multipart/form-data";

  const choose = (files: File[]) => {
    const chosen = files[0] ?? null;
    setProblem(
      chosen && chosen.size > LOT_IMPORT_LIMITS.bytes
        ? `The file is larger than ${MAX_MB} MB; split it into several files.`
        : null,
    );
    setFile(chosen);
  };
  const check = () => {
    if (!file || problem) return;
    const formData = new FormData();
    formData.set("file", file);
    submit(formData, { method: "post", encType: "multipart/form-data" });
  };
  // A plain link would be a document request without the session token; App Bridge adds it to fetches.
  const downloadTemplate = async () => {
    setDownloadError(null);
    try {
      const response = await fetch("/app/lots/import/template");
      if (!response.ok) throw new Error((await response.text()) || `HTTP ${response.status}`);
      const url = URL.createObjectURL(await response.blob());
      const anchor = document.createElement("a");
      anchor.href = url;
      anchor.download = "lotline-lots-template.csv";
      anchor.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setDownloadError(`The template could not be downloaded: ${(error as Error).message}`);
    }
  };

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {again ? "Import another file" : "1. Check your file"}
        </Text>
        <Text as="p" tone="subdued">
          One row per lot: sku (or variant_id), location, lot_code (empty: issued from your lot template), supplier_lot,
          quantity, produced_on, best_before, expires_on, received_on (dates as YYYY-MM-DD), supplier, gtin and serials
          (separated by |). Comma or semicolon CSV, up to {MAX_MB} MB. Checking writes nothing; Shopify's inventory is
          never changed by an import, because these lots are stock Shopify already counts.
        </Text>
        <InlineStack>
          <Button onClick={downloadTemplate}>Download the template</Button>
        </InlineStack>
        {downloadError ? (
          <Text as="p" tone="critical">
            {downloadError}
          </Text>
        ) : null}
        <DropZone
          id="lot-import-file"
          label="CSV file"
          accept=".csv,text/csv"
          type="file"
          allowMultiple={false}
          onDrop={(_all, accepted) => choose(accepted)}
          error={Boolean(problem)}
        >
          {file ? (
            <BlockStack gap="100" inlineAlign="center">
              <Text as="p" fontWeight="semibold">
                {file.name}
              </Text>
              <Text as="p" tone="subdued">
                {(file.size / 1024).toFixed(1)} KB
              </Text>
            </BlockStack>
          ) : (
            <DropZone.FileUpload actionTitle="Choose a CSV file" actionHint="or drop it here" />
          )}
        </DropZone>
        {problem ? (
          <Text as="p" tone="critical">
            {problem}
          </Text>
        ) : null}
        <InlineStack>
          <Button variant="primary" onClick={check} disabled={!file || Boolean(problem)} loading={checking}>
            Check file
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function ImportResult({ lotImport }: { lotImport: ImportView }) {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const [skip, setSkip] = useState(lotImport.skipInvalidRows);
  const importing = lotImport.status === "importing";

  // Follows the job: the page re-reads the import every second until it is done.
  useEffect(() => {
    if (!importing) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1_000);
    return () => clearInterval(timer);
  }, [importing, revalidator]);

  const plural = (count: number, one: string, many: string) =>
    `${count.toLocaleString("en")} ${count === 1 ? one : many}`;
  const canImport = lotImport.validRows > 0 && (lotImport.invalidRows === 0 || skip);
  const starting = navigation.state === "submitting" && navigation.formMethod === "POST";

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {lotImport.fileName}
        </Text>
        {lotImport.status === "validated" ? (
          lotImport.invalidRows === 0 ? (
            <Banner tone="success" title={`All ${plural(lotImport.totalRows, "row", "rows")} can be imported`}>
              <Text as="p">Nothing has been written yet. Import when you are ready.</Text>
            </Banner>
          ) : (
            <Banner tone="warning" title={`${plural(lotImport.invalidRows, "row has", "rows have")} problems`}>
              <Text as="p">
                {plural(lotImport.validRows, "row is", "rows are")} fine. Fix the rows below in your spreadsheet and
                check the file again, or import only the valid rows. Nothing has been written yet.
              </Text>
            </Banner>
          )
        ) : null}
        {importing ? (
          <BlockStack gap="200">
            <Text as="p">
              Importing… {lotImport.processedRows.toLocaleString("en")} of {plural(lotImport.validRows, "lot", "lots")}
            </Text>
            <ProgressBar
              progress={lotImport.validRows ? Math.round((lotImport.processedRows / lotImport.validRows) * 100) : 0}
              ariaLabelledBy="import-progress"
            />
            <span id="import-progress" hidden>
              Import progress
            </span>
            {lotImport.error ? (
              <Text as="p" tone="subdued">
                {lotImport.error}
              </Text>
            ) : null}
          </BlockStack>
        ) : null}
        {lotImport.status === "completed" ? (
          <Banner tone="success" title={`Imported ${plural(lotImport.processedRows, "lot", "lots")}`}>
            <BlockStack gap="200">
              {lotImport.invalidRows > 0 ? (
                <Text as="p">{plural(lotImport.invalidRows, "invalid row was", "invalid rows were")} skipped.</Text>
              ) : null}
              <Link url="/app/lots">See them on the Lots page</Link>
            </BlockStack>
          </Banner>
        ) : null}
        {lotImport.status === "failed" ? (
          <Banner tone="critical" title="Nothing was imported">
            <Text as="p">{lotImport.error}</Text>
          </Banner>
        ) : null}

        {lotImport.errorCount > 0 ? <ErrorTable lotImport={lotImport} /> : null}

        {lotImport.status === "validated" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="start" />
            <input type="hidden" name="id" value={lotImport.id} />
            <input type="hidden" name="skipInvalidRows" value={String(skip)} />
            <BlockStack gap="300">
              {lotImport.invalidRows > 0 && lotImport.validRows > 0 ? (
                <Checkbox
                  label="Skip invalid rows"
                  helpText={`Imports the ${plural(lotImport.validRows, "valid row", "valid rows")} and leaves out ${plural(lotImport.invalidRows, "row", "rows")} with problems.`}
                  checked={skip}
                  onChange={setSkip}
                />
              ) : null}
              <InlineStack>
                <Button variant="primary" submit disabled={!canImport} loading={starting}>
                  {`Import ${plural(lotImport.validRows, "lot", "lots")}`}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function ErrorTable({ lotImport }: { lotImport: ImportView }) {
  const shown = lotImport.errors.length;
  const total = `${lotImport.errorCount.toLocaleString("en")}${lotImport.errorsTruncated ? "+" : ""}`;
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {shown < lotImport.errorCount
          ? `The first ${shown} of ${total} problems`
          : `${total} ${lotImport.errorCount === 1 ? "problem" : "problems"}`}
      </Text>
      <DataTable
        columnContentTypes={["numeric", "text", "text"]}
        headings={["Line", "Column", "Problem"]}
        rows={lotImport.errors.map((error) => [error.line, error.column, error.message])}
      />
    </BlockStack>
  );
}
