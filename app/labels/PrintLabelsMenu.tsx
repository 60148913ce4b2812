// A slim "Labels" button opening the label sizes to print, for a row of a table.
import { ActionList, Button, Popover } from "@shopify/polaris";
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
