// Downloads a file from an embedded page. A plain link is a document request without the session
// token; the app's own fetch carries it (App Bridge adds it), so the file is fetched and saved.
import { useCallback, useState } from "react";

export function useDownload() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const download = useCallback(async (url: string, fallbackName: string) => {
    setError(null);
    setBusy(url);
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error((await response.text()) || `The file could not be made (${response.status}).`);
      const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? fallbackName;
      const blobUrl = URL.createObjectURL(await response.blob());
      const anchor = document.createElement("a");
      anchor.href = blobUrl;
      anchor.download = name;
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(blobUrl), 10_000);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : "The file could not be downloaded.");
    } finally {
      setBusy(null);
    }
  }, []);
  return { download, busy, error };
}
