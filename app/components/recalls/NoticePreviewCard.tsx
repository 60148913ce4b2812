// The notice as a real affected customer will receive it, rendered in a sandboxed frame (no
// scripts, no access to the app), and the form that sends that same notice to the merchant.
import { Form } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";

export interface PreviewView {
  to: string;
  subject: string;
  html: string;
  text: string;
}

export function NoticePreviewCard(props: {
  preview: PreviewView | null;
  staffEmail: string;
  result: { ok: boolean; message: string; fields?: Record<string, string> } | null;
  sending: boolean;
}) {
  const [to, setTo] = useState(props.staffEmail);
  if (!props.preview) {
    return (
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            Notice preview
          </Text>
          <Text as="p" tone="subdued">
            No customer has received units of these lots, so there is no notice to preview.
          </Text>
        </BlockStack>
      </Card>
    );
  }
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Notice preview
        </Text>
        <Text as="p" tone="subdued">
          As {props.preview.to} will receive it.
        </Text>
        <Text as="p" fontWeight="semibold">
          {props.preview.subject}
        </Text>
        <Box borderWidth="025" borderColor="border" borderRadius="200">
          <iframe
            title="Notice preview"
            sandbox=""
            srcDoc={props.preview.html}
            style={{ width: "100%", height: 480, border: 0, display: "block" }}
          />
        </Box>
        <Form method="post">
          <input type="hidden" name="intent" value="test" />
          <InlineStack gap="200" blockAlign="end" wrap={false}>
            <Box minWidth="280px">
              <TextField
                label="Send a test to"
                name="to"
                type="email"
                value={to}
                onChange={setTo}
                autoComplete="email"
                error={props.result?.fields?.to}
              />
            </Box>
            <Button submit loading={props.sending}>
              Send test to me
            </Button>
          </InlineStack>
        </Form>
        {props.result ? <Banner tone={props.result.ok ? "success" : "critical"}>{props.result.message}</Banner> : null}
      </BlockStack>
    </Card>
  );
}
