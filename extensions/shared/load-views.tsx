// The loading and failed states every admin extension shows while it reads the app.

export function Loading({ label }: { label: string }) {
  return (
    <s-stack direction="inline" gap="small-200" alignItems="center">
      <s-spinner accessibilityLabel={label} />
      <s-text color="subdued">{label}</s-text>
    </s-stack>
  );
}

export function LoadFailed({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <s-banner tone="critical" heading="Lots could not be loaded">
      <s-paragraph>{message}</s-paragraph>
      <s-button slot="secondary-actions" onClick={onRetry}>
        Retry
      </s-button>
    </s-banner>
  );
}
