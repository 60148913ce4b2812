// One order: its lines with the lots and serial numbers each took, where its lot tags stand in
// Shopify, and the merchant's two corrections — re-allocate a line to lots of their choosing
// (with a reason) and enter serial numbers for serial-tracked lines — with the audit trail.
import { type ActionFunctionArgs, json, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Layout, Page, Text } from "@shopify/polaris";
import { useEffect, useRef } from "react";
import { z } from "zod";
import { authenticateAdmin } from "../auth.server";
import { AuditTrail } from "../components/orders/AuditTrail";
import { OrderStatusBadge, WriteBackBadge } from "../components/orders/OrderBadges";
import { OrderLineCard } from "../components/orders/OrderLineCard";
import { parseReallocateForm, parseSerialsForm, postedIntent, stringFields } from "../components/orders/order-forms";
import { RecordErrorBoundary } from "../components/RecordErrorBoundary";
import { db } from "../db.server";
import { enterLineSerials, loadOrderDetailPage, reallocateOrderLine } from "../orders/order-detail-page.server";
import { errorResponse, throwAsResponse } from "../utils/responses.server";

const paramsSchema = z.object({ id: z.uuid() });
const NOT_FOUND = "This order does not exist in your shop.";
const POLL_MS = 2_000;

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { admin, shop } = await authenticateAdmin(request);
  const parsed = paramsSchema.safeParse(params);
  // An id that is not an order id cannot name one of this shop's orders.
  if (!parsed.success) throw new Response(NOT_FOUND, { status: 404 });
  const reallocate = z.uuid().safeParse(new URL(request.url).searchParams.get("reallocate"));
  try {
    return json(
      await loadOrderDetailPage(db(), {
        shopId: shop.id,
        orderId: parsed.data.id,
        graphql: admin.graphql,
        reallocateLineId: reallocate.success ? reallocate.data : null,
      }),
    );
  } catch (error) {
    throwAsResponse(error);
  }
};

type ActionAnswer = {
  ok: boolean;
  intent: "reallocate" | "serials" | null;
  lineId: string | null;
  message: string;
  fields: Record<string, string>;
};

function answer(body: ActionAnswer, status = 200) {
  return json(body, { status });
}

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { admin, shop, actor } = await authenticateAdmin(request);
  const orderId = paramsSchema.safeParse(params);
  if (!orderId.success) throw new Response(NOT_FOUND, { status: 404 });
  const posted = await request
    .formData()
    .then(stringFields)
    .catch(() => null);
  const intent = posted ? postedIntent(posted) : null;
  if (!posted || !intent) {
    return answer(
      {
        ok: false,
        intent: null,
        lineId: null,
        message: "The form could not be read. Reload the page and try again.",
        fields: {},
      },
      400,
    );
  }
  const lineId = posted.lineId ?? null;
  const base = { shopId: shop.id, orderId: orderId.data.id, actor };

  if (intent === "reallocate") {
    const parsed = parseReallocateForm(posted);
    if (!parsed.ok) return answer({ ok: false, intent, lineId, message: parsed.message, fields: parsed.fields }, 422);
    try {
      await reallocateOrderLine(db(), { ...base, ...parsed.input, graphql: admin.graphql });
    } catch (error) {
      return errorResponse(error, { ok: false, intent, lineId });
    }
    // Back to the order without the open form; the line now shows its pinned lots.
    return redirect(`/app/orders/${orderId.data.id}`);
  }

  const parsed = parseSerialsForm(posted);
  if (!parsed.ok) return answer({ ok: false, intent, lineId, message: parsed.message, fields: parsed.fields }, 422);
  try {
    const saved = await enterLineSerials(db(), { ...base, ...parsed.input });
    return answer({
      ok: true,
      intent,
      lineId,
      message: `${saved.count} ${saved.count === 1 ? "serial number" : "serial numbers"} saved for ${saved.title}.`,
      fields: {},
    });
  } catch (error) {
    return errorResponse(error, { ok: false, intent, lineId });
  }
};

export default function OrderPage() {
  const { order, lines, reallocation, audit } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionAnswer | undefined;
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;

  // The write-back runs in the background; the page follows it until Shopify has the tags.
  useEffect(() => {
    if (order.writeBack.state !== "pending") return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") revalidate.current();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [order.writeBack.state]);

  return (
    <Page
      title={order.name}
      titleMetadata={<OrderStatusBadge status={order.status} />}
      subtitle={[order.placedAt, order.customer].filter(Boolean).join(" · ")}
      backAction={{ content: "Orders", url: "/app/orders" }}
      secondaryActions={[{ content: "View in Shopify", url: order.adminUrl }]}
    >
      <Layout>
        {order.attentionReason && order.status !== "allocated" ? (
          <Layout.Section>
            <Banner tone={order.status === "needs_attention" ? "critical" : "warning"} title="This order needs you">
              <Text as="p">{order.attentionReason}</Text>
            </Banner>
          </Layout.Section>
        ) : null}
        {actionData && !actionData.ok && !actionData.lineId ? (
          <Layout.Section>
            <Banner tone="critical">{actionData.message}</Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <BlockStack gap="400">
            {lines.map((line) => (
              <OrderLineCard
                key={line.id}
                orderId={order.id}
                line={line}
                reallocation={reallocation?.lineId === line.id ? reallocation.options : null}
                result={actionData?.lineId === line.id ? actionData : null}
              />
            ))}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <WriteBackCard writeBack={order.writeBack} />
            <AuditTrail entries={audit} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

const WRITE_BACK_TONE = { none: "info", done: "success", pending: "info", failed: "critical" } as const;

function WriteBackCard(props: { writeBack: Parameters<typeof WriteBackBadge>[0]["writeBack"] }) {
  const text = {
    none: "No lots were allocated yet, so there is nothing to tag in Shopify.",
    done: "The order's lot tags and allocations are in Shopify.",
    pending: "Lotline is writing the lot tags to the order in Shopify.",
    failed: "The lots shown here are Lotline's record; only the order's tags in Shopify are behind.",
  }[props.writeBack.state];
  return (
    <Banner tone={WRITE_BACK_TONE[props.writeBack.state]} title="Shopify order tags">
      <BlockStack gap="200">
        <WriteBackBadge writeBack={props.writeBack} />
        <Text as="p">{text}</Text>
      </BlockStack>
    </Banner>
  );
}

export function ErrorBoundary() {
  return <RecordErrorBoundary noun="Order" back={{ content: "Orders", url: "/app/orders" }} />;
}
