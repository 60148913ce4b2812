import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { ProductLotsBlock } from "./product-lots-block";

export default async () => {
  render(<ProductLotsBlock />, document.body);
};
