// Entry of the customer account order status block: wires Shopify's APIs into the component.
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { allocationsMetafieldValue } from "./allocations";
import { createRecallsApi, loadLineTitles } from "./lotline-api";
import { OrderStatusLots } from "./OrderStatusLots";

export default async () => {
  const orderId = shopify.order.value?.id ?? "";
  const api = createRecallsApi({ orderId, sessionToken: () => shopify.sessionToken.get() });
  const titles = () => loadLineTitles(orderId);
  render(<Block api={api} titles={titles} />, document.body);
};

function Block(props: { api: ReturnType<typeof createRecallsApi>; titles: () => Promise<Map<string, string>> }) {
  // Reading the signal here re-renders the block when Shopify updates the metafields.
  const value = allocationsMetafieldValue(shopify.appMetafields.value);
  return (
    <OrderStatusLots
      metafieldValue={value}
      loadLineTitles={props.titles}
      api={props.api}
      locale={shopify.localization.language.value?.isoCode}
    />
  );
}
