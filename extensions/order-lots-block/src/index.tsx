import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { OrderLotsBlock } from "./order-lots-block";

export default async () => {
  render(<OrderLotsBlock />, document.body);
};
