import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { OrderLotsAction } from "./order-lots-action";

export default async () => {
  render(<OrderLotsAction />, document.body);
};
