// A slim "Labels" button opening the label sizes to print, for a row of a table.
import { ActionList, Banner, Button, Layout, Popover, Text } from "@shopify/polaris";
import { useState } from "react";
import { PRINT_CHOICES, type PrintChoice } from "./use-print-labels";

export function PrintLabelsMenu(props: { label: string; onPrint: (choice: PrintChoice) => void; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <Popover
      active={open}
      onClose={() => setOpen(false)}
      activator={
        <Button
          size="slim"
          disclosure
          accessibilityLabel={props.label}
          disabled={props.disabled}
          onClick={() => setOpen((was) => !was)}
        >
          Labels
        </Button>
      }
    >
      <ActionList
        items={PRINT_CHOICES.map(({ content, choice }) => ({
          content,
          onAction: () => {
            setOpen(false);
            props.onPrint(choice);
          },
        }))}
      />
    </Popover>
  );
}

/** Shown above a page's content when printing failed; dismissing it clears the error. */
export function LabelsErrorBanner(props: { error: string | null; onDismiss: () => void }) {
  if (!props.error) return null;
  return (
    <Layout.Section>
      <Banner tone="critical" title="Labels could not be printed" onDismiss={props.onDismiss}>
        <Text as="p">{props.error}</Text>
      </Banner>
    </Layout.Section>
  );
}
