// The product page's "Lots" block: one request for the product's lots, then per variant and
// location the lots in stock with expiry, and a link to receive more stock.
import type { ProductLotsResponse } from "../../../app/extension-api/types";
import { numericShopifyId } from "../../shared/admin-ids";
import { useJson } from "../../shared/load-state";
import { LoadFailed, Loading } from "../../shared/load-views";
import { type ProductLocationView, productLotsView } from "./product-lots-view";

export function ProductLotsBlock() {
  const { state, retry } = useJson<ProductLotsResponse>(
    () => `/api/admin/products/${numericShopifyId(shopify.data.selected[0]?.id, "Product")}`,
  );
  return (
    <s-admin-block heading="Lots">
      {state.kind === "loading" && <Loading label="Loading lots…" />}
      {state.kind === "failed" && <LoadFailed message={state.message} onRetry={retry} />}
      {state.kind === "loaded" && <ProductLots answer={state.data} />}
    </s-admin-block>
  );
}

function ProductLots({ answer }: { answer: ProductLotsResponse }) {
  const view = productLotsView(answer);
  const receive = <s-link href={view.receiveHref}>Receive stock</s-link>;
  if (view.kind === "no_lots") {
    return (
      <s-stack gap="small-200">
        <s-paragraph>{view.message}</s-paragraph>
        {receive}
      </s-stack>
    );
  }
  return (
    <s-stack gap="base">
      {view.locations.map((location) => (
        <LocationLots key={location.key} location={location} />
      ))}
      {receive}
    </s-stack>
  );
}

function LocationLots({ location }: { location: ProductLocationView }) {
  return (
    <s-section heading={location.heading}>
      <s-table variant="list">
        <s-table-header-row>
          <s-table-header listSlot="primary">Lot</s-table-header>
          <s-table-header>Expiry</s-table-header>
          <s-table-header>Stock</s-table-header>
          <s-table-header>Status</s-table-header>
        </s-table-header-row>
        <s-table-body>
          {location.lots.map((lot) => (
            <s-table-row key={lot.key}>
              <s-table-cell>{lot.code}</s-table-cell>
              <s-table-cell>{lot.expiry}</s-table-cell>
              <s-table-cell>{lot.quantity}</s-table-cell>
              <s-table-cell>{lot.badge && <s-badge tone={lot.badge.tone}>{lot.badge.label}</s-badge>}</s-table-cell>
            </s-table-row>
          ))}
        </s-table-body>
      </s-table>
    </s-section>
  );
}
