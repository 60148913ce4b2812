// A sent recall's progress and effectiveness: the send's progress bar, the counts the merchant
// reports (targeted, sent, failed, unreachable, unconfirmed, acknowledged) with their shares, the
// notices and acknowledgements per hour, and how long it took until every notice was out.
import { BlockStack, Card, DataTable, InlineGrid, ProgressBar, Text } from "@shopify/polaris";
import type { RecallDashboard } from "../../recalls/recall-dashboard.server";
import { countWithShare, formatDuration, progressPercent, withRunningShares } from "./recall-format";

/** The dashboard as the recall page's loader sends it (JSON: only numbers and strings). */
export type DashboardView = RecallDashboard;

const HOUR = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function RecallDashboardCard({ dashboard }: { dashboard: DashboardView }) {
  const percent = progressPercent(dashboard.progress);
  const handled = dashboard.sent + dashboard.failed + dashboard.unconfirmed;
  const notices = handled + dashboard.pending;
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Notices
        </Text>
        <BlockStack gap="200">
          <ProgressBar progress={percent} tone={percent === 100 ? "success" : "highlight"} />
          <Text as="p" aria-live="polite">
            {percent === 100 ? "Sending done" : "Sending"}: {handled} of {notices} notices handled ({percent} %)
          </Text>
          {dashboard.sendDurationMs !== null ? (
            <Text as="p" tone="subdued">
              All notices sent in {formatDuration(dashboard.sendDurationMs)}
            </Text>
          ) : null}
        </BlockStack>
        <InlineGrid columns={{ xs: 2, md: 3 }} gap="300">
          <Figure label="Targeted" value={String(dashboard.targeted)} />
          <Figure label="Sent" value={countWithShare(dashboard.sent, dashboard.percentages.sent)} />
          <Figure label="Failed" value={countWithShare(dashboard.failed, dashboard.percentages.failed)} />
          <Figure
            label="Unreachable"
            value={countWithShare(dashboard.unreachable, dashboard.percentages.unreachable)}
          />
          <Figure
            label="Unconfirmed"
            value={countWithShare(dashboard.unconfirmed, dashboard.percentages.unconfirmed)}
          />
          <Figure
            label="Acknowledged"
            value={countWithShare(dashboard.acknowledged, dashboard.percentages.acknowledged)}
          />
        </InlineGrid>
        {dashboard.timeline.length > 0 ? (
          <BlockStack gap="200">
            <Text as="h3" variant="headingSm">
              Per hour (UTC), with the share of targeted customers reached so far
            </Text>
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric"]}
              headings={["Hour", "Sent", "Acknowledged", "Sent so far", "Acknowledged so far"]}
              rows={withRunningShares(dashboard.timeline, dashboard.targeted).map((row) => [
                HOUR.format(new Date(row.at)),
                row.sent,
                row.acknowledged,
                `${row.sentShare} %`,
                `${row.acknowledgedShare} %`,
              ])}
            />
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function Figure(props: { label: string; value: string }) {
  return (
    <BlockStack gap="100">
      <Text as="p" tone="subdued">
        {props.label}
      </Text>
      <Text as="p" variant="headingLg">
        <span data-figure={props.label}>{props.value}</span>
      </Text>
    </BlockStack>
  );
}
