// Choosing the lots a line ships from: the lots the line could take (with why some cannot),
// a quantity for each, and the reason kept in the order's history.
import { useState } from "preact/hooks";
import type { LineLotOptionsResponse, OrderLotsLine, ReallocateRequest } from "../../../app/extension-api/types";
import { useJson } from "../../shared/load-state";
import { LoadFailed, Loading } from "../../shared/load-views";
import { expiryText } from "../../shared/lot-wording";
import {
  checkReallocation,
  chosenTotal,
  initialQuantities,
  type LotOption,
  lotField,
  unshippedUnits,
} from "./line-changes";
import { RefusalBanner } from "./refusal-banner";
import { useSave } from "./save-state";

interface Props {
  orderId: string;
  line: OrderLotsLine;
  onSaved: (message: string) => void;
}

export function ReallocateForm(props: Props) {
  const { orderId, line } = props;
  const { state, retry } = useJson<LineLotOptionsResponse>(() => `/api/admin/orders/${orderId}/lines/${line.id}/lots`);
  if (state.kind === "loading") return <Loading label="Loading the lots this line can take…" />;
  if (state.kind === "failed") return <LoadFailed message={state.message} onRetry={retry} />;
  return <LotChoices {...props} options={state.data.options} />;
}

function LotChoices({ orderId, line, options, onSaved }: Props & { options: LotOption[] }) {
  const [quantities, setQuantities] = useState(() => initialQuantities(options));
  const [reason, setReason] = useState("");
  const { state, refuse, send } = useSave(onSaved);
  const submit = () => {
    const checked = checkReallocation(line, options, quantities, reason);
    if (!checked.ok) return refuse(checked.fields);
    const request: ReallocateRequest = checked.request;
    void send(`/api/admin/orders/${orderId}/reallocate`, request);
  };
  const shownFields = (field: string) =>
    field === "reason" || field === "lots" || options.some((option) => lotField(option.lotId) === field);
  return (
    <>
      <s-stack gap="base">
        <RefusalBanner state={state} shownFields={shownFields} />
        {options.length === 0 && <s-paragraph>No lot of this product is in stock for this line.</s-paragraph>}
        {options.map((option) => (
          <s-number-field
            key={option.lotId}
            label={`${option.code} · ${expiryText(option.expiresAt)} · ${option.available} available`}
            details={option.excludedReason ?? undefined}
            value={quantities[option.lotId] ?? ""}
            min={0}
            step={1}
            inputMode="numeric"
            disabled={option.excludedReason !== null || state.saving}
            error={state.fields[lotField(option.lotId)]}
            onInput={(event) => {
              const text = event.currentTarget.value;
              setQuantities((current) => ({ ...current, [option.lotId]: text }));
            }}
          />
        ))}
        <s-text tone={state.fields.lots ? "critical" : "auto"}>
          {state.fields.lots ?? `${chosenTotal(quantities)} of ${unshippedUnits(line)} unshipped units chosen`}
        </s-text>
        <s-text-field
          label="Reason"
          details="Kept in the order's history."
          value={reason}
          error={state.fields.reason}
          disabled={state.saving}
          onInput={(event) => setReason(event.currentTarget.value)}
        />
      </s-stack>
      <s-button slot="primary-action" variant="primary" loading={state.saving} onClick={submit}>
        Save lots
      </s-button>
    </>
  );
}
