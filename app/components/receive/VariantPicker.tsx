// Choosing a product variant by typing part of its title, SKU or barcode: Lotline's own search,
// for admins where App Bridge's resource picker is not available.
import { useFetcher } from "@remix-run/react";
import { Autocomplete, BlockStack, InlineStack, Text } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import type { VariantChoice } from "../../receiving/receive-form";
import type { loader as variantsLoader } from "../../routes/app.api.variants";

const SEARCH_DELAY_MS = 200;

export function VariantPicker(props: {
  id: string;
  value: VariantChoice | null;
  /** Variants to offer without a search (several share a scanned barcode). */
  suggestions?: VariantChoice[];
  error?: string;
  onChange(variant: VariantChoice | null): void;
}) {
  const { id, value, suggestions, error, onChange } = props;
  const search = useFetcher<typeof variantsLoader>({ key: `variant-search-${id}` });
  const [text, setText] = useState(value?.displayName ?? "");
  const [searched, setSearched] = useState("");

  // A variant chosen elsewhere (a scan) shows its name in the box.
  useEffect(() => {
    setText(value?.displayName ?? "");
  }, [value?.displayName]);

  useEffect(() => {
    const wanted = text.trim();
    if (!wanted || wanted === value?.displayName || wanted === searched) return;
    const timer = setTimeout(() => {
      setSearched(wanted);
      search.load(`/app/api/variants?${new URLSearchParams({ q: wanted })}`);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, value?.displayName, searched, search.load]);

  const found = useMemo(() => {
    const list: VariantChoice[] = search.data && searched ? search.data.variants : (suggestions ?? []);
    return list;
  }, [search.data, searched, suggestions]);

  const options = found.map((variant) => ({
    value: variant.variantId,
    label: (
      <BlockStack gap="050">
        <Text as="span">{variant.displayName}</Text>
        <Text as="span" tone="subdued" variant="bodySm">
          {[variant.sku && `SKU ${variant.sku}`, variant.barcode && `Barcode ${variant.barcode}`]
            .filter(Boolean)
            .join(" · ") || "No SKU or barcode"}
        </Text>
      </BlockStack>
    ),
  }));

  return (
    <BlockStack gap="100">
      <Autocomplete
        id={`${id}-autocomplete`}
        options={options}
        selected={value ? [value.variantId] : []}
        loading={search.state === "loading"}
        emptyState={
          text.trim() && search.state === "idle" && searched ? (
            <div style={{ padding: "var(--p-space-300)" }}>
              <Text as="p" tone="subdued">
                No product matches “{text.trim()}”. Search by the start of the title, SKU or barcode.
              </Text>
            </div>
          ) : undefined
        }
        onSelect={([variantId]) => {
          const chosen = found.find((variant) => variant.variantId === variantId) ?? null;
          onChange(chosen);
          setText(chosen?.displayName ?? "");
        }}
        textField={
          <Autocomplete.TextField
            id={id}
            label="Product"
            value={text}
            onChange={setText}
            autoComplete="off"
            placeholder="Search by title, SKU or barcode"
            error={error}
          />
        }
      />
      {value ? (
        <InlineStack gap="200">
          <Text as="span" tone="subdued" variant="bodySm">
            {[value.sku && `SKU ${value.sku}`, value.barcode && `Barcode ${value.barcode}`].filter(Boolean).join(" · ")}
          </Text>
          {value.tracked ? null : (
            <Text as="span" tone="caution" variant="bodySm">
              Shopify does not track inventory for this variant, so its stock there will not change.
            </Text>
          )}
        </InlineStack>
      ) : null}
    </BlockStack>
  );
}
