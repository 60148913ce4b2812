// Serial numbers for a line's units, one per line of the text area (a scanner ends each scan
// with a new line), with a running count of the units still without one.
import { useState } from "preact/hooks";
import type { OrderLotsLine, SerialsRequest } from "../../../app/extension-api/types";
import { checkSerials, serialsProgress, splitSerials } from "./line-changes";
import { RefusalBanner } from "./refusal-banner";
import { useSave } from "./save-state";

interface Props {
  orderId: string;
  line: OrderLotsLine;
  onSaved: (message: string) => void;
}

export function SerialsForm({ orderId, line, onSaved }: Props) {
  const [text, setText] = useState("");
  const { state, refuse, send } = useSave(onSaved);
  const submit = () => {
    const checked = checkSerials(line.id, text);
    if (!checked.ok) return refuse(checked.fields);
    const request: SerialsRequest = checked.request;
    void send(`/api/admin/orders/${orderId}/serials`, request);
  };
  return (
    <>
      <s-stack gap="base">
        <RefusalBanner state={state} shownFields={(field) => field === "serials"} />
        <s-text-area
          label="Serial numbers"
          details="One per line: scan each unit or type its number."
          rows={6}
          value={text}
          error={state.fields.serials}
          disabled={state.saving}
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <s-text>{serialsProgress(splitSerials(text).length, line.serialsMissing)}</s-text>
      </s-stack>
      <s-button slot="primary-action" variant="primary" loading={state.saving} onClick={submit}>
        Save serial numbers
      </s-button>
    </>
  );
}
