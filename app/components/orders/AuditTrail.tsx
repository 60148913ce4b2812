// The order's audit trail: who changed its allocation or serial numbers, when, and why.
import { BlockStack, Card, Text } from "@shopify/polaris";

const ACTION_LABELS: Record<string, string> = {
  "allocation.reallocated": "Re-allocated",
  "serials.assigned": "Serial numbers entered",
};

export interface AuditEntryView {
  id: string;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  reason: string | null;
}

/** "user:42" as the merchant reads it; other actors (jobs, webhooks, the system) as recorded. */
export function actorName(actor: string): string {
  const user = /^user:(.+)$/.exec(actor);
  return user ? `staff account ${user[1]}` : actor;
}

export function AuditTrail(props: { entries: AuditEntryView[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          History
        </Text>
        {props.entries.length === 0 ? (
          <Text as="p" tone="subdued">
            No one has changed this order's lots by hand.
          </Text>
        ) : (
          props.entries.map((entry) => (
            <BlockStack key={entry.id} gap="050">
              <Text as="p" fontWeight="semibold">
                {ACTION_LABELS[entry.action] ?? entry.action}
                {entry.subject ? `: ${entry.subject}` : ""}
              </Text>
              <Text as="p" variant="bodySm" tone="subdued">
                {entry.at} by {actorName(entry.actor)}
              </Text>
              {entry.reason ? (
                <Text as="p" variant="bodySm">
                  “{entry.reason}”
                </Text>
              ) : null}
            </BlockStack>
          ))
        )}
      </BlockStack>
    </Card>
  );
}
