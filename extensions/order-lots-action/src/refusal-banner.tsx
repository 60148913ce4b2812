// Why a save was refused: the message, and any field message that has no field on screen to
// sit next to (so none is lost).
import type { SaveState } from "./save-state";

export function RefusalBanner({ state, shownFields }: { state: SaveState; shownFields: (field: string) => boolean }) {
  if (!state.message) return null;
  const others = Object.entries(state.fields).filter(([field]) => !shownFields(field));
  return (
    <s-banner tone="critical" heading={state.message}>
      {others.map(([field, message]) => (
        <s-paragraph key={field}>{message}</s-paragraph>
      ))}
    </s-banner>
  );
}
