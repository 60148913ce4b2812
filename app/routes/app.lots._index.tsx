// Lots: every lot the shop holds, newest first — where it is, what is left, when it expires —
// found by lot code, supplier lot, serial number, or by scanning its label. Returned units held in
// quarantine are released from here, with a quantity and a reason.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Page,
  Pagination,
  Tag,
  Text,
  TextField,
} from "@shopify/polaris";
import { type FormEvent, useEffect, useState } from "react";
import { z } from "zod";
import { authenticateAdmin } from "../auth.server";
import { db } from "../db.server";
import { parseGs1 } from "../domain/gs1";
import { LabelsErrorBanner, PrintLabelsMenu } from "../labels/PrintLabelsMenu";
import { labelsUrl, usePrintLabels } from "../labels/use-print-labels";
import { parseLotFilter } from "../lots/lot-filters";
import { loadLotsPage } from "../lots/lots-page.server";
import { releaseQuarantinedUnits } from "../lots/release-quarantine.server";
import { errorResponse, throwAsResponse } from "../utils/responses.server";

const searchSchema = z.object({
  q: z.string().trim().max(100).catch(""),
  scan: z.string().trim().max(1_000).catch(""),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, shop } = await authenticateAdmin(request);
  const params = new URL(request.url).searchParams;
  const search = searchSchema.parse(Object.fromEntries(params));
  // The dashboard's links: ?expiring=N and ?status=…; a value it cannot use is named, not guessed.
  const { filter, error: filterError } = parseLotFilter(params);
  try {
    const page = await loadLotsPage(db(), {
      shopId: shop.id,
      graphql: admin.graphql,
      text: search.q,
      scan: search.scan,
      page: search.page,
      filter,
    });
    return json({ ...page, q: search.q, scan: search.scan, filterError });
  } catch (error) {
    throwAsResponse(error);
  }
};

const releaseSchema = z.object({
  intent: z.literal("release-quarantine"),
  lotId: z.string().trim(),
  // Anything but a whole number becomes NaN, which the release names on its quantity field.
  quantity: z
    .string()
    .trim()
    .default("")
    .transform((text) => (/^\d{1,9}$/.test(text) ? Number(text) : Number.NaN)),
  reason: z.string().default(""),
});

type ReleaseAnswer = { ok: boolean; lotId: string | null; message: string; fields: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, actor } = await authenticateAdmin(request);
  const form = await request
    .formData()
    .then((data) => releaseSchema.safeParse(Object.fromEntries(data)))
    .catch(() => null);
  if (!form?.success) {
    const body: ReleaseAnswer = {
      ok: false,
      lotId: null,
      message: "The form could not be read. Reload the page and try again.",
      fields: {},
    };
    return json(body, { status: 400 });
  }
  const { lotId, quantity, reason } = form.data;
  try {
    const released = await releaseQuarantinedUnits(db(), { shopId: shop.id, lotId, quantity, reason, actor });
    const units = released.released === 1 ? "unit" : "units";
    const body: ReleaseAnswer = {
      ok: true,
      lotId,
      message: `Released ${released.released} ${units} of lot ${released.lotCode}: they can be allocated again, and Shopify moves them back to available shortly.`,
      fields: {},
    };
    return json(body);
  } catch (error) {
    return errorResponse(error, { ok: false, lotId });
  }
};

const STATUS_BADGE = {
  active: { tone: "success", label: "Active" },
  quarantined: { tone: "warning", label: "Quarantined" },
  recalled: { tone: "critical", label: "Recalled" },
  expired: { tone: "critical", label: "Expired" },
  depleted: { tone: undefined, label: "Depleted" },
} as const;

type LotRow = ReturnType<typeof useLoaderData<typeof loader>>["lots"][number];

/** Release some of a lot's quarantined (returned) units, with the reason kept in its history. */
function ReleaseQuarantineCard({
  lot,
  answer,
  onClose,
}: {
  lot: LotRow;
  answer: ReleaseAnswer | undefined;
  onClose: () => void;
}) {
  const navigation = useNavigation();
  const [quantity, setQuantity] = useState(String(lot.quarantined));
  const [reason, setReason] = useState("");
  const problem = answer && !answer.ok && answer.lotId === lot.id ? answer : undefined;
  const submitting = navigation.state === "submitting" && navigation.formData?.get("lotId") === lot.id;
  return (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value="release-quarantine" />
        <input type="hidden" name="lotId" value={lot.id} />
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Release quarantined units of lot {lot.code}
          </Text>
          <Text as="p" tone="subdued">
            {lot.quarantined} returned {lot.quarantined === 1 ? "unit is" : "units are"} held back from sale. Released
            units can be allocated again, and Lotline moves them from quality control back to available in Shopify.
          </Text>
          {problem && Object.keys(problem.fields).length === 0 ? (
            <Banner tone="critical">
              <p>{problem.message}</p>
            </Banner>
          ) : null}
          <InlineGrid columns={{ xs: 1, md: "1fr 3fr" }} gap="300">
            <TextField
              id="release-quantity"
              name="quantity"
              label="Units to release"
              type="number"
              min={1}
              max={lot.quarantined}
              autoComplete="off"
              value={quantity}
              onChange={setQuantity}
              error={problem?.fields.quantity}
            />
            <TextField
              id="release-reason"
              name="reason"
              label="Reason"
              autoComplete="off"
              value={reason}
              onChange={setReason}
              placeholder="Checked: packaging intact"
              maxLength={500}
              error={problem?.fields.reason}
            />
          </InlineGrid>
          <InlineStack gap="200">
            <Button submit variant="primary" loading={submitting}>
              Release units
            </Button>
            <Button onClick={onClose}>Cancel</Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}

export default function LotsPage() {
  const { lots, page, hasNextPage, scanError, q, scan, filterLabel, filterError } = useLoaderData<typeof loader>();
  const released = useActionData<typeof action>() as ReleaseAnswer | undefined;
  const [releasing, setReleasing] = useState<string | null>(null);
  // A release that went through closes its form; one that did not keeps it open with the problem.
  useEffect(() => {
    if (released?.ok) setReleasing(null);
  }, [released]);
  const releasingLot = lots.find((lot) => lot.id === releasing) ?? null;
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const labels = usePrintLabels();
  const [text, setText] = useState(q);
  const [scanText, setScanText] = useState("");
  const [scanProblem, setScanProblem] = useState<string | null>(scanError);
  useEffect(() => setText(q), [q]);
  useEffect(() => setScanProblem(scanError), [scanError]);

  // A scan that could not be read filtered nothing; its error shows under the field.
  const scanned = Boolean(scan && !scanError);
  const filtered = Boolean(q) || scanned || Boolean(filterLabel);
  const pageUrl = (to: number) => {
    const params = new URLSearchParams(searchParams);
    params.set("page", String(to));
    return `/app/lots?${params}`;
  };
  // A bad scan is explained at once, without a round trip; the server checks again.
  const checkScan = (event: FormEvent<HTMLFormElement>) => {
    const parsed = parseGs1(scanText);
    if (!parsed.ok) {
      event.preventDefault();
      setScanProblem(parsed.error);
      return;
    }
    // The form has read the field by the time React re-renders; emptied, it takes the next scan
    // (a scanner types into whatever field has the focus).
    setScanText("");
  };

  return (
    <Page
      title="Lots"
      subtitle="Every lot you hold: where it is, what is left, and when it expires."
      primaryAction={{ content: "Receive stock", url: "/app/receive" }}
      secondaryActions={[{ content: "Import lots", url: "/app/lots/import" }]}
    >
      <Layout>
        <LabelsErrorBanner error={labels.error} onDismiss={labels.clearError} />
        {released?.ok ? (
          <Layout.Section>
            <Banner tone="success" title="Units released">
              <p>{released.message}</p>
            </Banner>
          </Layout.Section>
        ) : released && !lots.some((lot) => lot.id === released.lotId) ? (
          <Layout.Section>
            <Banner tone="critical" title="Nothing was released">
              <p>{released.message}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {releasingLot ? (
          <Layout.Section>
            <ReleaseQuarantineCard
              key={releasingLot.id}
              lot={releasingLot}
              answer={released}
              onClose={() => setReleasing(null)}
            />
          </Layout.Section>
        ) : null}
        {filterError ? (
          <Layout.Section>
            <Banner tone="warning" title="This filter could not be used">
              <p>{filterError}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
              <Form method="get" action="/app/lots">
                <TextField
                  id="lots-search"
                  name="q"
                  label="Search"
                  autoComplete="off"
                  value={text}
                  onChange={setText}
                  placeholder="Lot code, supplier lot or serial number"
                  clearButton
                  onClearButtonClick={() => setText("")}
                  connectedRight={<Button submit>Search</Button>}
                />
              </Form>
              <Form method="get" action="/app/lots" onSubmit={checkScan}>
                <TextField
                  id="lots-scan"
                  name="scan"
                  label="Scan a label"
                  autoComplete="off"
                  monospaced
                  value={scanText}
                  onChange={(value) => {
                    setScanText(value);
                    setScanProblem(null);
                  }}
                  placeholder="GS1 barcode or Digital Link"
                  helpText={scanProblem ? undefined : "Finds the lot by its batch/lot (10) or serial number (21)."}
                  error={scanProblem ?? undefined}
                  connectedRight={<Button submit>Find</Button>}
                />
              </Form>
            </InlineGrid>
          </Card>
        </Layout.Section>
        {filterLabel ? (
          <Layout.Section>
            <InlineStack gap="200" blockAlign="center">
              <Text as="span" tone="subdued">
                Filter:
              </Text>
              <Tag>{filterLabel}</Tag>
              <Link url="/app/lots">Clear filter</Link>
            </InlineStack>
          </Layout.Section>
        ) : filtered ? (
          <Layout.Section>
            <InlineStack gap="200" blockAlign="center">
              <Text as="p" tone="subdued">
                {[scanned && `Lots for the scanned label ${scan}`, q && `Lots matching “${q}”`]
                  .filter(Boolean)
                  .join(" · ")}
              </Text>
              <Link url="/app/lots">Show all lots</Link>
            </InlineStack>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          {lots.length === 0 ? (
            <Card>
              {filtered ? (
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    No lots match
                  </Text>
                  <Text as="p" tone="subdued">
                    {filterLabel
                      ? `${filterLabel}: none right now.`
                      : scanned
                        ? "No lot carries the lot or serial number on this label."
                        : `Nothing matches “${q}”.`}
                  </Text>
                  <InlineStack>
                    <Button url="/app/lots">Show all lots</Button>
                  </InlineStack>
                </BlockStack>
              ) : (
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    No lots yet
                  </Text>
                  <Text as="p" tone="subdued">
                    Lots are created when you receive stock: each line of a delivery or production run becomes a lot
                    with its own code, dates and quantity.
                  </Text>
                  <InlineStack>
                    <Button variant="primary" url="/app/receive">
                      Receive stock
                    </Button>
                  </InlineStack>
                </BlockStack>
              )}
            </Card>
          ) : (
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: "lot", plural: "lots" }}
                itemCount={lots.length}
                selectable={false}
                loading={navigation.state === "loading" && navigation.location.pathname === "/app/lots"}
                headings={[
                  { title: "Lot code" },
                  { title: "Product" },
                  { title: "Location" },
                  { title: "Received" },
                  { title: "Expiry" },
                  { title: "On hand", alignment: "end" },
                  { title: "Allocated", alignment: "end" },
                  { title: "Available", alignment: "end" },
                  { title: "Status" },
                  { title: "Labels" },
                ]}
              >
                {lots.map((lot, index) => {
                  const badge = STATUS_BADGE[lot.status];
                  return (
                    <IndexTable.Row id={lot.id} key={lot.id} position={index}>
                      <IndexTable.Cell>
                        <BlockStack gap="050">
                          <Link url={`/app/lots/${lot.id}`} removeUnderline>
                            <Text as="span" fontWeight="semibold">
                              {lot.code}
                            </Text>
                          </Link>
                          {lot.supplierLotCode ? (
                            <Text as="span" tone="subdued" variant="bodySm">
                              Supplier lot {lot.supplierLotCode}
                            </Text>
                          ) : null}
                        </BlockStack>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <BlockStack gap="050">
                          <Text as="span">{lot.productTitle}</Text>
                          {lot.sku ? (
                            <Text as="span" tone="subdued" variant="bodySm">
                              SKU {lot.sku}
                            </Text>
                          ) : null}
                        </BlockStack>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{lot.location}</IndexTable.Cell>
                      <IndexTable.Cell>{lot.receivedOn}</IndexTable.Cell>
                      <IndexTable.Cell>{lot.expiresAt ?? "—"}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {lot.onHand}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" alignment="end" numeric>
                          {lot.allocated}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <BlockStack gap="050" inlineAlign="end">
                          <Text as="span" alignment="end" numeric>
                            {lot.available}
                          </Text>
                          {lot.quarantined > 0 ? (
                            <Text as="span" alignment="end" tone="caution" variant="bodySm">
                              {lot.quarantined} quarantined
                            </Text>
                          ) : null}
                        </BlockStack>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <BlockStack gap="100" inlineAlign="start">
                          <Badge tone={badge.tone}>{badge.label}</Badge>
                          {lot.quarantined > 0 ? (
                            <Button
                              variant="plain"
                              accessibilityLabel={`Release quarantined units of lot ${lot.code}`}
                              onClick={() => setReleasing(lot.id)}
                            >
                              Release quarantined units
                            </Button>
                          ) : null}
                        </BlockStack>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <PrintLabelsMenu
                          label={`Print labels for lot ${lot.code}`}
                          disabled={labels.printing}
                          onPrint={(choice) => labels.print(labelsUrl(`/app/lots/${lot.id}/labels`, choice))}
                        />
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  );
                })}
              </IndexTable>
            </Card>
          )}
        </Layout.Section>
        {page > 1 || hasNextPage ? (
          <Layout.Section>
            <InlineStack align="center">
              <Pagination
                hasPrevious={page > 1}
                previousURL={page > 1 ? pageUrl(page - 1) : undefined}
                hasNext={hasNextPage}
                nextURL={hasNextPage ? pageUrl(page + 1) : undefined}
                label={`Page ${page}`}
              />
            </InlineStack>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}
