// The order page's "Lots" block: one request for the order's lots, then its status, each
// lot-tracked line's lots and serial numbers, and a link to the order in Lotline.
import type { OrderLotsResponse } from "../../../app/extension-api/types";
import { numericShopifyId } from "../../shared/admin-ids";
import { useJson } from "../../shared/load-state";
import { LoadFailed, Loading } from "../../shared/load-views";
import { type LineView, orderLotsView } from "./order-lots-view";

export function OrderLotsBlock() {
  const { state, retry } = useJson<OrderLotsResponse>(
    () => `/api/admin/orders/${numericShopifyId(shopify.data.selected[0]?.id, "Order")}`,
  );
  return (
    <s-admin-block heading="Lots">
      {state.kind === "loading" && <Loading label="Loading lots…" />}
      {state.kind === "failed" && <LoadFailed message={state.message} onRetry={retry} />}
      {state.kind === "loaded" && <OrderLots answer={state.data} />}
    </s-admin-block>
  );
}

function OrderLots({ answer }: { answer: OrderLotsResponse }) {
  const view = orderLotsView(answer);
  if (view.kind === "not_processed") {
    return (
      <s-stack gap="small-200">
        <s-badge tone={view.status.tone}>{view.status.label}</s-badge>
        <s-paragraph>{view.detail}</s-paragraph>
      </s-stack>
    );
  }
  return (
    <s-stack gap="base">
      <s-stack direction="inline" gap="small-200" alignItems="center">
        <s-badge tone={view.status.tone}>{view.status.label}</s-badge>
        {view.appHref && <s-link href={view.appHref}>Open in Lotline</s-link>}
      </s-stack>
      {view.kind === "no_tracked_lines" ? (
        <s-paragraph>No line of this order is lot-tracked.</s-paragraph>
      ) : (
        <>
          {view.detail && <s-paragraph>{view.detail}</s-paragraph>}
          {view.lines.map((line) => (
            <LineLots key={line.id} line={line} />
          ))}
          {view.untrackedCount > 0 && (
            <s-text color="subdued">
              {view.untrackedCount === 1
                ? "1 more line is not lot-tracked."
                : `${view.untrackedCount} more lines are not lot-tracked.`}
            </s-text>
          )}
        </>
      )}
    </s-stack>
  );
}

function LineLots({ line }: { line: LineView }) {
  return (
    <s-section heading={line.title}>
      <s-stack gap="small-200">
        <s-stack direction="inline" gap="small-200" alignItems="center">
          <s-badge tone={line.status.tone}>{line.status.label}</s-badge>
          <s-text color="subdued">{line.sku ? `${line.sku} · ${line.quantityText}` : line.quantityText}</s-text>
        </s-stack>
        {line.attentionReason && <s-text tone="critical">{line.attentionReason}</s-text>}
        {line.lots.length > 0 && (
          <s-table variant="list">
            <s-table-header-row>
              <s-table-header listSlot="primary">Lot</s-table-header>
              <s-table-header>Expiry</s-table-header>
              <s-table-header format="numeric">Quantity</s-table-header>
              <s-table-header format="numeric">Shipped</s-table-header>
            </s-table-header-row>
            <s-table-body>
              {line.lots.map((lot) => (
                <s-table-row key={lot.key}>
                  <s-table-cell>
                    {lot.code}
                    {lot.statusBadge && <s-badge tone={lot.statusBadge.tone}>{lot.statusBadge.label}</s-badge>}
                  </s-table-cell>
                  <s-table-cell>{lot.expiry}</s-table-cell>
                  <s-table-cell>{lot.quantity}</s-table-cell>
                  <s-table-cell>{lot.shipped}</s-table-cell>
                </s-table-row>
              ))}
            </s-table-body>
          </s-table>
        )}
        {line.serials.length > 0 && (
          <s-text>Serial numbers: {line.serials.map((serial) => serial.serial).join(", ")}</s-text>
        )}
        {line.serialsMissingText && <s-text tone="caution">{line.serialsMissingText}</s-text>}
      </s-stack>
    </s-section>
  );
}
