// "Stop the stock": three optional, reversible steps, each with where it stands, what it changed
// and what Shopify refused, and the button that applies or undoes it.
import { Form } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, Divider, InlineStack, List, Text } from "@shopify/polaris";
import { Fragment } from "react";
import { ACTION_STATUS_LABEL, plural, STOCK_STEPS } from "./recall-format";

type Kind = keyof typeof STOCK_STEPS;
type Status = keyof typeof ACTION_STATUS_LABEL;

export interface StockActionView {
  id: string;
  kind: Kind;
  status: Status;
  summary: {
    inEffect: number;
    skipped: number;
    failures: { label: string; reason: string }[];
    quarantinedUnits: number;
  };
  error: string | null;
  completedAt: string | null;
}

const TONE = {
  applying: "info",
  applied: "success",
  reverting: "info",
  reverted: undefined,
  failed: "critical",
} as const;

/** `closed`: a closed recall's steps can still be undone, no longer applied. */
export function StopStockCard(props: { actions: StockActionView[]; closed: boolean; busyKind: string | null }) {
  const byKind = new Map(props.actions.map((action) => [action.kind, action]));
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Stop the stock
          </Text>
          <Text as="p" tone="subdued">
            Each step is optional and can be undone. You can take them before sending the notice.
          </Text>
        </BlockStack>
        {(Object.keys(STOCK_STEPS) as Kind[]).map((kind, index) => (
          <Fragment key={kind}>
            {index > 0 ? <Divider /> : null}
            <StockStep
              kind={kind}
              action={byKind.get(kind) ?? null}
              closed={props.closed}
              busy={props.busyKind === kind}
            />
          </Fragment>
        ))}
      </BlockStack>
    </Card>
  );
}

function StockStep(props: { kind: Kind; action: StockActionView | null; closed: boolean; busy: boolean }) {
  const step = STOCK_STEPS[props.kind];
  const { action } = props;
  const working = action?.status === "applying" || action?.status === "reverting";
  const inEffect = (action?.summary.inEffect ?? 0) > 0;
  // Undo while anything of ours is in Shopify; apply again after an undo or a failure.
  const direction = action && (action.status === "applied" || inEffect) ? "revert" : "apply";

  return (
    <BlockStack gap="200">
      <InlineStack align="space-between" blockAlign="center">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h3" variant="headingSm">
            {step.title}
          </Text>
          {action ? <Badge tone={TONE[action.status]}>{ACTION_STATUS_LABEL[action.status]}</Badge> : null}
        </InlineStack>
        <Form method="post">
          <input type="hidden" name="intent" value="stock" />
          <input type="hidden" name="kind" value={props.kind} />
          <input type="hidden" name="direction" value={direction} />
          <Button submit disabled={(props.closed && direction === "apply") || working} loading={props.busy || working}>
            {direction === "apply" ? step.apply : step.revert}
          </Button>
        </Form>
      </InlineStack>
      <Text as="p" tone="subdued">
        {step.help}
      </Text>
      {action ? <StepResult kind={props.kind} action={action} /> : null}
    </BlockStack>
  );
}

function StepResult({ kind, action }: { kind: Kind; action: StockActionView }) {
  const { summary } = action;
  if (action.status === "applying" || action.status === "reverting") {
    return (
      <Text as="p">
        {action.status === "applying" ? "Lotline is making the change in Shopify…" : "Lotline is undoing the change…"}
      </Text>
    );
  }
  const what = kind === "quarantine_stock" ? "lot" : "order";
  const parts = [
    `${plural(summary.inEffect, what)} ${kind === "quarantine_stock" ? "quarantined" : kind === "hold_orders" ? "held" : "tagged"}`,
    kind === "quarantine_stock" ? `${plural(summary.quarantinedUnits, "unit")} out of sale` : null,
    summary.skipped > 0 ? `${summary.skipped} with nothing to do` : null,
  ].filter(Boolean);
  return (
    <Box>
      <Text as="p">{parts.join(" · ")}</Text>
      {action.error ? (
        <Text as="p" tone="critical">
          {action.error}
        </Text>
      ) : null}
      {summary.failures.length > 0 ? (
        <List>
          {summary.failures.map((failure) => (
            <List.Item key={failure.label}>{`${failure.label}: ${failure.reason}`}</List.Item>
          ))}
        </List>
      ) : null}
    </Box>
  );
}
