// Opens a label PDF from an embedded page. A plain link would be a document request without the
// session token, so the PDF is fetched (App Bridge adds the token to the app's own fetches) and
// shown from a blob URL in a tab opened at the click, before the wait, so no popup blocker objects.
import { useCallback, useState } from "react";
import { LABEL_SIZES, type LabelSize, SHEETS } from "./sheet-layout";

export interface PrintChoice {
  size: LabelSize;
  serials?: boolean;
}

/** The choices a page offers: every size, and serial labels on the small thermal roll. */
export const PRINT_CHOICES: { content: string; choice: PrintChoice }[] = [
  ...LABEL_SIZES.map((size) => ({ content: SHEETS[size].name, choice: { size } })),
  { content: "Serial labels, one per unit (2 × 1 in)", choice: { size: "2x1", serials: true } },
];

export function labelsUrl(base: string, choice: PrintChoice): string {
  const params = new URLSearchParams({ size: choice.size });
  if (choice.serials) params.set("serials", "1");
  return `${base}?${params}`;
}

export function usePrintLabels() {
  const [error, setError] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);
  const print = useCallback(async (url: string) => {
    setError(null);
    setPrinting(true);
    const tab = window.open("", "_blank");
    try {
      const response = await fetch(url);
      if (!response.ok)
        throw new Error((await response.text()) || `The labels could not be made (${response.status}).`);
      const blobUrl = URL.createObjectURL(await response.blob());
      if (tab) tab.location.href = blobUrl;
      else window.location.assign(blobUrl);
    } catch (cause) {
      tab?.close();
      setError(cause instanceof Error ? cause.message : "The labels could not be made.");
    } finally {
      setPrinting(false);
    }
  }, []);
  return { print, printing, error, clearError: () => setError(null) };
}
