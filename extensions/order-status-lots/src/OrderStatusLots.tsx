// The block on the customer's order status page: which lots (and expiry dates) they received, and
// above them any recall notice about those lots, with "I have read this notice".
import { useEffect, useState } from "preact/hooks";
import type { CustomerOrderRecallsResponse } from "../../../app/extension-api/types";
import { buildLotLines, type LotLine } from "./allocations";
import type { RecallsApi } from "./lotline-api";

type Recall = CustomerOrderRecallsResponse["recalls"][number];

export interface OrderStatusLotsProps {
  /** The allocations metafield's value (JSON text as Shopify delivers it); undefined = none yet. */
  metafieldValue: unknown;
  loadLineTitles: () => Promise<Map<string, string>>;
  api: RecallsApi;
  /** The customer's locale for dates; the device's when absent. */
  locale?: string;
}

type RecallsState = { state: "loading" } | { state: "ready"; recalls: Recall[] } | { state: "error"; message: string };

export function OrderStatusLots({ metafieldValue, loadLineTitles, api, locale }: OrderStatusLotsProps) {
  const [titles, setTitles] = useState<Map<string, string>>(new Map());
  const [recalls, setRecalls] = useState<RecallsState>({ state: "loading" });

  useEffect(() => {
    loadLineTitles().then(setTitles);
    api.loadRecalls().then(
      (list) => setRecalls({ state: "ready", recalls: list }),
      (error: unknown) => setRecalls({ state: "error", message: messageOf(error) }),
    );
  }, [api, loadLineTitles]);

  const lines = buildLotLines(metafieldValue, titles);
  const acknowledged = (updated: Recall) =>
    setRecalls((current) =>
      current.state === "ready"
        ? {
            state: "ready",
            recalls: current.recalls.map((recall) => (recall.recallId === updated.recallId ? updated : recall)),
          }
        : current,
    );

  return (
    <s-section heading="Lot codes and expiry">
      <s-stack gap="base">
        {recalls.state === "error" && (
          <s-banner tone="warning" heading="Recall information is not available right now">
            <s-text>{recalls.message}</s-text>
          </s-banner>
        )}
        {recalls.state === "ready" &&
          recalls.recalls.map((recall) => (
            <RecallNotice
              key={recall.recallId}
              recall={recall}
              api={api}
              locale={locale}
              onAcknowledged={acknowledged}
            />
          ))}
        {lines.length === 0 ? (
          <s-text color="subdued">Lot codes appear here once the shop has assigned stock to your order.</s-text>
        ) : (
          lines.map((line) => <LineLots key={line.lineItemId} line={line} locale={locale} />)
        )}
      </s-stack>
    </s-section>
  );
}

function LineLots({ line, locale }: { line: LotLine; locale?: string }) {
  return (
    <s-stack gap="small-200">
      <s-text type="strong">{line.title}</s-text>
      {line.lots.map((lot) => (
        <s-text key={lot.code}>
          Lot {lot.code} ({lot.quantity} {lot.quantity === 1 ? "unit" : "units"})
          {lot.expiresAt && ` · Expires ${formatDate(lot.expiresAt, locale)}`}
          {lot.bestBefore && ` · Best before ${formatDate(lot.bestBefore, locale)}`}
        </s-text>
      ))}
      {line.serials.length > 0 && <s-text>Serial numbers: {line.serials.join(", ")}</s-text>}
      {line.omitted > 0 && (
        <s-text color="subdued">More lot details are on record with the shop; contact them for the full list.</s-text>
      )}
    </s-stack>
  );
}

function RecallNotice(props: {
  recall: Recall;
  api: RecallsApi;
  locale?: string;
  onAcknowledged: (recall: Recall) => void;
}) {
  const { recall, api, locale } = props;
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const acknowledge = async () => {
    setSending(true);
    setError(null);
    try {
      const result = await api.acknowledge(recall.recallId);
      props.onAcknowledged({ ...recall, acknowledgedAt: result.acknowledgedAt });
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setSending(false);
    }
  };

  return (
    <s-banner tone="critical" heading={`Product recall ${recall.number}: ${recall.title}`}>
      <s-stack gap="small-200">
        {recall.notice.map((paragraph, index) => (
          // Paragraphs have no ids and never reorder.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <s-paragraph key={index}>{paragraph}</s-paragraph>
        ))}
        <s-text type="strong">Affected lots on this order: {recall.lotCodes.join(", ")}</s-text>
        {recall.acknowledgedAt ? (
          <s-text>You confirmed reading this notice on {formatInstant(recall.acknowledgedAt, locale)}.</s-text>
        ) : (
          recall.canAcknowledge && (
            <s-button variant="primary" loading={sending} onClick={acknowledge}>
              I have read this notice
            </s-button>
          )
        )}
        {error && <s-text tone="critical">{error}</s-text>}
      </s-stack>
    </s-banner>
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error && error.message ? error.message : "Something went wrong. Try again in a moment.";
}

/** A calendar date "YYYY-MM-DD", shown as that same day wherever the customer is. */
function formatDate(date: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

function formatInstant(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}
