// One recall. As a draft: its form, the trace (who received the lots, who cannot be reached), the
// notice preview with a real customer's data and a test send, the stop-the-stock steps, and Send
// behind a confirmation with the counts. Once sent: the live progress of the send, the dashboard
// the merchant reports from, the recall file, and closing the recall.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useRevalidator, useSubmit } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  ButtonGroup,
  Card,
  InlineStack,
  Layout,
  Link,
  Modal,
  Page,
  Text,
} from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { authenticateAdmin } from "../auth.server";
import { RecordErrorBoundary } from "../components/RecordErrorBoundary";
import { NoticePreviewCard } from "../components/recalls/NoticePreviewCard";
import { RecallDashboardCard } from "../components/recalls/RecallDashboardCard";
import { RecallForm } from "../components/recalls/RecallForm";
import { plural, STATUS_LABEL } from "../components/recalls/recall-format";
import { StopStockCard } from "../components/recalls/StopStockCard";
import { TraceCard } from "../components/recalls/TraceCard";
import { useDownload } from "../components/recalls/use-download";
import { db } from "../db.server";
import { enqueue } from "../jobs/queues.server";
import { mailer } from "../mail/mailer.server";
import { sendTestNotice } from "../recalls/notice-context.server";
import { draftFormFields, loadRecallPage, STOCK_ACTION_KINDS, saveRecallDraft } from "../recalls/recall-page.server";
import { closeRecall, sendRecall } from "../recalls/recalls.server";
import { resendUnconfirmed } from "../recalls/reminders.server";
import { requestRecallAction } from "../recalls/stock-actions.server";
import { errorResponse, throwAsResponse } from "../utils/responses.server";

const paramsSchema = z.object({ id: z.uuid() });
const NOT_FOUND = "This recall does not exist in your shop.";
const POLL_MS = 2_000;

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, shop, session } = await authenticateAdmin(request);
  const parsed = paramsSchema.safeParse(params);
  // An id that is not a recall id cannot name one of this shop's recalls.
  if (!parsed.success) throw new Response(NOT_FOUND, { status: 404 });
  try {
    const page = await loadRecallPage(db(), {
      shopId: shop.id,
      recallId: parsed.data.id,
      graphql: async () => admin.graphql,
    });
    return json({ ...page, staffEmail: session.onlineAccessInfo?.associated_user?.email ?? "" });
  } catch (error) {
    throwAsResponse(error);
  }
};

const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save") }),
  z.object({ intent: z.literal("send") }),
  z.object({ intent: z.literal("close") }),
  z.object({ intent: z.literal("resend") }),
  z.object({ intent: z.literal("test"), to: z.string().max(320) }),
  z.object({
    intent: z.literal("stock"),
    kind: z.enum(STOCK_ACTION_KINDS),
    direction: z.enum(["apply", "revert"]),
  }),
]);

type Intent = z.infer<typeof intentSchema>["intent"];
type ActionAnswer = { ok: boolean; intent: Intent | null; message: string; fields: Record<string, string> };

function answer(body: ActionAnswer, status = 200) {
  return json(body, { status });
}

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { shop, actor } = await authenticateAdmin(request);
  const id = paramsSchema.safeParse(params);
  if (!id.success) throw new Response(NOT_FOUND, { status: 404 });
  const form = await request.formData().catch(() => null);
  const parsed = form ? intentSchema.safeParse(Object.fromEntries(form)) : null;
  if (!form || !parsed) {
    return answer(
      { ok: false, intent: null, message: "The form could not be read. Reload the page.", fields: {} },
      400,
    );
  }
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
    return answer({ ok: false, intent: null, message: "Check the fields marked below.", fields }, 422);
  }
  const input = parsed.data;
  const base = { shopId: shop.id, recallId: id.data.id, actor };
  try {
    switch (input.intent) {
      case "save":
        await saveRecallDraft(db(), { ...base, fields: draftFormFields(form) });
        return answer({ ok: true, intent: input.intent, message: "Draft saved.", fields: {} });
      case "test": {
        await sendTestNotice(db(), { ...base, to: input.to }, { mailer: mailer() });
        return answer({ ok: true, intent: input.intent, message: `Test notice sent to ${input.to}.`, fields: {} });
      }
      case "send": {
        const recall = await sendRecall(db(), base, { enqueue });
        return answer({ ok: true, intent: input.intent, message: `Recall #${recall.number} is sent.`, fields: {} });
      }
      case "close": {
        const recall = await closeRecall(db(), base);
        return answer({ ok: true, intent: input.intent, message: `Recall #${recall.number} is closed.`, fields: {} });
      }
      case "resend": {
        const count = await resendUnconfirmed(db(), base, {
          enqueue: (payload) => enqueue("recalls.send-chunk", payload),
        });
        return answer({
          ok: true,
          intent: input.intent,
          message: `${plural(count, "notice")} queued to be sent again.`,
          fields: {},
        });
      }
      case "stock": {
        await requestRecallAction(db(), { ...base, kind: input.kind, direction: input.direction }, { enqueue });
        return answer({ ok: true, intent: input.intent, message: "", fields: {} });
      }
    }
  } catch (error) {
    return errorResponse(error, { ok: false, intent: input.intent });
  }
};

export default function RecallPage() {
  const data = useLoaderData<typeof loader>();
  const { recall, trace, dashboard, actions } = data;
  const result = useActionData<typeof action>() as ActionAnswer | undefined;
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" ? navigation.formData?.get("intent") : null;
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const download = useDownload();

  // The send and the stock steps run in the background; the page follows them until they are done.
  const sending = recall.status === "sent" && dashboard !== null && dashboard.progress < 1 && trace.customers > 0;
  const working = actions.some((action) => action.status === "applying" || action.status === "reverting");
  useEffect(() => {
    if (!sending && !working) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") revalidate.current();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [sending, working]);

  const isDraft = recall.status === "draft";
  const fileUrl = (format: "csv" | "pdf") => `/app/recalls/${recall.id}/file?format=${format}`;

  return (
    <Page
      title={`Recall #${recall.number}: ${recall.title}`}
      titleMetadata={<Badge tone={isDraft ? "info" : "attention"}>{STATUS_LABEL[recall.status]}</Badge>}
      subtitle={[
        recall.serialRange ? `Serials ${recall.serialRange}` : `Lots ${recall.lots.join(", ")}`,
        recall.sentAt ? `sent ${recall.sentAt}` : `created ${recall.createdAt}`,
        recall.closedAt ? `closed ${recall.closedAt}` : null,
      ]
        .filter(Boolean)
        .join(" · ")}
      backAction={{ content: "Recalls", url: "/app/recalls" }}
    >
      <Layout>
        {result && result.intent !== "test" && result.message ? (
          <Layout.Section>
            <Banner tone={result.ok ? "success" : "critical"}>
              <BlockStack gap="100">
                <Text as="p">{result.message}</Text>
                {result.intent === "send" && !result.ok
                  ? Object.values(result.fields).map((message) => (
                      <Text as="p" key={message}>
                        {message}
                      </Text>
                    ))
                  : null}
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : null}
        {dashboard ? (
          <Layout.Section>
            <BlockStack gap="400">
              <RecallDashboardCard dashboard={dashboard} />
              <SentRecallActions
                recallId={recall.id}
                status={recall.status}
                unconfirmed={dashboard.unconfirmed}
                outbox={data.outbox}
                busy={submitting ?? null}
                onDownload={(format) => download.download(fileUrl(format), `recall-${recall.number}.${format}`)}
                downloading={download.busy}
                downloadError={download.error}
              />
            </BlockStack>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <TraceCard trace={trace} />
        </Layout.Section>
        {isDraft ? (
          <Layout.Section>
            <SendCard
              customers={trace.customers}
              reachable={trace.reachable}
              unreachable={trace.unreachableCount}
              busy={submitting === "send"}
            />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <StopStockCard
            actions={actions}
            closed={recall.status === "closed"}
            busyKind={submitting === "stock" ? String(navigation.formData?.get("kind")) : null}
          />
        </Layout.Section>
        <Layout.Section>
          <NoticePreviewCard
            preview={data.preview}
            staffEmail={data.staffEmail}
            result={result?.intent === "test" ? result : null}
            sending={submitting === "test"}
          />
        </Layout.Section>
        {isDraft ? (
          <Layout.Section>
            <RecallForm
              values={data.values}
              fields={result?.intent === "save" && !result.ok ? result.fields : {}}
              message={null}
              templates={data.templates}
              serialProducts={data.serialProducts}
              submitting={submitting === "save"}
              submitLabel="Save draft"
            />
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}

/** Send, behind a confirmation that says how many customers get the notice and how many cannot. */
function SendCard(props: { customers: number; reachable: number; unreachable: number; busy: boolean }) {
  const [open, setOpen] = useState(false);
  const submit = useSubmit();
  const send = () => {
    setOpen(false);
    submit({ intent: "send" }, { method: "post" });
  };
  const summary =
    props.customers === 0
      ? "No customer received these lots, so no notice goes out. Sending marks the lots recalled: they are never allocated again."
      : `The notice goes to ${plural(props.reachable, "customer")} by email.${
          props.unreachable > 0
            ? ` ${plural(props.unreachable, "customer")} cannot be reached by email; contact them another way.`
            : ""
        } The lots are marked recalled and are never allocated again.`;
  return (
    <Card>
      <InlineStack align="space-between" blockAlign="center">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Send the recall
          </Text>
          <Text as="p" tone="subdued">
            Save your changes first: the saved draft is what is sent.
          </Text>
        </BlockStack>
        <Button variant="primary" tone="critical" onClick={() => setOpen(true)} loading={props.busy}>
          Send recall
        </Button>
      </InlineStack>
      <Modal
        open={open}
        onClose={() => setOpen(false)}
        title="Send this recall?"
        primaryAction={{ content: "Send now", destructive: true, onAction: send }}
        secondaryActions={[{ content: "Cancel", onAction: () => setOpen(false) }]}
      >
        <Modal.Section>
          <Text as="p">{summary}</Text>
        </Modal.Section>
      </Modal>
    </Card>
  );
}

function SentRecallActions(props: {
  recallId: string;
  status: string;
  unconfirmed: number;
  outbox: boolean;
  busy: FormDataEntryValue | null;
  onDownload: (format: "csv" | "pdf") => void;
  downloading: string | null;
  downloadError: string | null;
}) {
  const submit = useSubmit();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Recall file
        </Text>
        <Text as="p" tone="subdued">
          Every customer and order with the lots, units, notice status and acknowledgement, for the authorities.
        </Text>
        <InlineStack gap="200" align="space-between">
          <ButtonGroup>
            <Button onClick={() => props.onDownload("csv")} loading={props.downloading?.endsWith("csv")}>
              Download CSV
            </Button>
            <Button onClick={() => props.onDownload("pdf")} loading={props.downloading?.endsWith("pdf")}>
              Download PDF
            </Button>
          </ButtonGroup>
          <ButtonGroup>
            {props.unconfirmed > 0 && props.status === "sent" ? (
              <Button
                onClick={() => submit({ intent: "resend" }, { method: "post" })}
                loading={props.busy === "resend"}
              >
                {`Send ${plural(props.unconfirmed, "unconfirmed notice")} again`}
              </Button>
            ) : null}
            {props.status === "sent" ? (
              <Button onClick={() => submit({ intent: "close" }, { method: "post" })} loading={props.busy === "close"}>
                Close recall
              </Button>
            ) : null}
          </ButtonGroup>
        </InlineStack>
        {props.downloadError ? <Banner tone="critical">{props.downloadError}</Banner> : null}
        {props.outbox ? (
          <Text as="p" tone="subdued">
            No mail server is set up: notices are kept as files. <Link url="/app/outbox">Open the outbox</Link>
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

export function ErrorBoundary() {
  return <RecordErrorBoundary noun="Recall" back={{ content: "Recalls", url: "/app/recalls" }} />;
}
