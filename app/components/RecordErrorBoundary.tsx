// What a page about one record (a receipt, an order) shows when Lotline refused it: not found,
// not installed, unavailable. Anything else (App Bridge's auth bounces) is Shopify's boundary's.
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";

export function RecordErrorBoundary(props: { noun: string; back: { content: string; url: string } }) {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && [403, 404, 503].includes(error.status)) {
    const noun = props.noun.toLowerCase();
    return (
      <Page title={error.status === 404 ? `${props.noun} not found` : props.noun} backAction={props.back}>
        <Banner tone={error.status === 404 ? "warning" : "critical"}>
          <Text as="p">{typeof error.data === "string" ? error.data : `This ${noun} cannot be shown now.`}</Text>
        </Banner>
      </Page>
    );
  }
  return boundary.error(error);
}
