// Sending one change: while it is on its way the form is locked; a refusal (the form's own
// checks or the app's answer) leaves the message and per-field messages to show; success is
// handed back so the action can say so and close.
import { useCallback, useReducer } from "preact/hooks";
import type { ActionResult } from "../../../app/extension-api/types";
import { ApiError, fetchJson } from "../../shared/fetch-json";
import { errorText } from "../../shared/load-state";
import type { FieldErrors } from "./line-changes";

export interface SaveState {
  saving: boolean;
  message: string | null;
  fields: FieldErrors;
}

export type SaveEvent = { type: "send" } | { type: "refused"; message: string; fields: FieldErrors };

export const idleSave: SaveState = { saving: false, message: null, fields: {} };

export function saveReducer(_state: SaveState, event: SaveEvent): SaveState {
  if (event.type === "send") return { saving: true, message: null, fields: {} };
  return { saving: false, message: event.message, fields: event.fields };
}

export function fixMessage(fields: FieldErrors): string {
  const count = Object.keys(fields).length;
  return count === 1
    ? "A field needs fixing; nothing was changed."
    : `${count} fields need fixing; nothing was changed.`;
}

/** The refusal to show for a failed request: the app's message and field messages when it sent them. */
export function refusal(error: unknown): { message: string; fields: FieldErrors } {
  return { message: errorText(error).message, fields: error instanceof ApiError ? error.fields : {} };
}

export function useSave(onSaved: (message: string) => void) {
  const [state, dispatch] = useReducer(saveReducer, idleSave);
  const refuse = useCallback(
    (fields: FieldErrors) => dispatch({ type: "refused", message: fixMessage(fields), fields }),
    [],
  );
  const send = useCallback(
    async (url: string, body: unknown) => {
      dispatch({ type: "send" });
      try {
        const result = await fetchJson<ActionResult>(url, { method: "POST", body: JSON.stringify(body) });
        if (result.ok) onSaved(result.message);
        else dispatch({ type: "refused", message: result.message, fields: result.fields ?? {} });
      } catch (error) {
        dispatch({ type: "refused", ...refusal(error) });
      }
    },
    [onSaved],
  );
  return { state, refuse, send };
}
