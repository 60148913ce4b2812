// The order page's "Lots and serial numbers" action: pick a line, then enter its serial numbers
// or choose its lots. A saved change is confirmed with a toast and the action closes.
import { useCallback, useState } from "preact/hooks";
import type { OrderLotsResponse } from "../../../app/extension-api/types";
import { numericShopifyId } from "../../shared/admin-ids";
import { orderStatusDetail } from "../../shared/allocation-wording";
import { useJson } from "../../shared/load-state";
import { LoadFailed, Loading } from "../../shared/load-views";
import { type Change, changeableLines, lineChanges, lineLabel } from "./line-changes";
import { ReallocateForm } from "./reallocate-form";
import { SerialsForm } from "./serials-form";

export function OrderLotsAction() {
  const { state, retry } = useJson<OrderLotsResponse>(
    () => `/api/admin/orders/${numericShopifyId(shopify.data.selected[0]?.id, "Order")}`,
  );
  const saved = useCallback((message: string) => {
    shopify.toast.show(message);
    shopify.close();
  }, []);
  return (
    <s-admin-action heading="Lots and serial numbers" loading={state.kind === "loading"}>
      {state.kind === "loading" && <Loading label="Loading the order's lines…" />}
      {state.kind === "failed" && <LoadFailed message={state.message} onRetry={retry} />}
      {state.kind === "loaded" && <LineChanges answer={state.data} onSaved={saved} />}
      <s-button slot="secondary-actions" onClick={() => shopify.close()}>
        Cancel
      </s-button>
    </s-admin-action>
  );
}

function LineChanges({ answer, onSaved }: { answer: OrderLotsResponse; onSaved: (message: string) => void }) {
  const lines = changeableLines(answer);
  const [lineId, setLineId] = useState(lines[0]?.id ?? "");
  const [chosenChange, setChange] = useState<Change | null>(null);
  const line = lines.find((candidate) => candidate.id === lineId) ?? lines[0];
  if (!line) return <s-paragraph>{nothingToChange(answer)}</s-paragraph>;

  const changes = lineChanges(line);
  const change = chosenChange && changes.includes(chosenChange) ? chosenChange : changes[0];
  const orderId = numericShopifyId(answer.order.shopifyOrderId, "Order");
  return (
    <>
      <s-stack gap="base">
        <s-select label="Line" value={line.id} onChange={(event) => setLineId(event.currentTarget.value)}>
          {lines.map((candidate) => (
            <s-option key={candidate.id} value={candidate.id}>
              {lineLabel(candidate)}
            </s-option>
          ))}
        </s-select>
        {changes.length > 1 && (
          <s-select label="Change" value={change} onChange={(event) => setChange(event.currentTarget.value as Change)}>
            <s-option value="serials">Serial numbers</s-option>
            <s-option value="lots">Lots</s-option>
          </s-select>
        )}
      </s-stack>
      {change === "serials" ? (
        <SerialsForm key={`serials:${line.id}`} orderId={orderId} line={line} onSaved={onSaved} />
      ) : (
        <ReallocateForm key={`lots:${line.id}`} orderId={orderId} line={line} onSaved={onSaved} />
      )}
    </>
  );
}

function nothingToChange(answer: OrderLotsResponse): string {
  const { status, attentionReason } = answer.order;
  if (status === "not_processed" || status === "cancelled") return orderStatusDetail(status, attentionReason) ?? "";
  return "No line of this order has lots or serial numbers to change.";
}
