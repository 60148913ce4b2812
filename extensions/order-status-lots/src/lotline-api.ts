// The block's two calls to Lotline: the recalls touching this order, and "I have read this notice".
// Customer account extensions authenticate with a session token sent by hand (Shopify adds none).
import type { CustomerAcknowledgeResponse, CustomerOrderRecallsResponse } from "../../../app/extension-api/types";
import { numericIdOfGid } from "../../../app/utils/shopify-gid";
import { ApiError, fetchJson } from "../../shared/fetch-json";
import { APP_URL } from "./app-url";

export interface RecallsApi {
  /** The recalls touching the order; none when Lotline has no record of the order yet. */
  loadRecalls(): Promise<CustomerOrderRecallsResponse["recalls"]>;
  acknowledge(recallId: string): Promise<CustomerAcknowledgeResponse>;
}

export function createRecallsApi(input: {
  /** gid://shopify/Order/<n>, as shopify.order gives it. */
  orderId: string;
  sessionToken: () => Promise<string>;
  appUrl?: string;
}): RecallsApi {
  // Not an order gid: the app answers 404 for the empty id, which the block reads as "no recalls".
  const orderNumber = numericIdOfGid(input.orderId, "Order") ?? "";
  const base = `${input.appUrl ?? APP_URL}/api/customer/orders/${encodeURIComponent(orderNumber)}`;
  const authorized = async (init: RequestInit = {}): Promise<RequestInit> => ({
    ...init,
    headers: { Authorization: `Bearer ${await input.sessionToken()}` },
  });
  return {
    async loadRecalls() {
      try {
        return (await fetchJson<CustomerOrderRecallsResponse>(base, await authorized())).recalls;
      } catch (error) {
        // An order Lotline has not processed yet has no recalls to show; the lots still show.
        if (error instanceof ApiError && error.status === 404) return [];
        throw error;
      }
    },
    async acknowledge(recallId) {
      const url = `${base}/recalls/${encodeURIComponent(recallId)}/acknowledge`;
      return fetchJson<CustomerAcknowledgeResponse>(url, await authorized({ method: "POST", body: "{}" }));
    },
  };
}

/**
 * Line item id → title, in the order's line order, from the Customer Account API (the lines of
 * `shopify.lines` carry cart line ids, which the metafield's line item ids do not match). Empty
 * when the API does not answer: the block then names lines by position.
 */
export async function loadLineTitles(orderId: string): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  if (!orderId) return titles;
  try {
    const body = await fetchJson<LineTitlesAnswer>("shopify://customer-account/api/2026-07/graphql.json", {
      method: "POST",
      body: JSON.stringify({ query: LINE_TITLES_QUERY, variables: { id: orderId } }),
    });
    for (const line of body.data?.order?.lineItems.nodes ?? []) {
      const variant = line.variantTitle && line.variantTitle !== "Default Title" ? ` — ${line.variantTitle}` : "";
      titles.set(line.id, `${line.title}${variant}`);
    }
  } catch {
    // Titles are a nicety; the lots are what matter.
  }
  return titles;
}

const LINE_TITLES_QUERY = `query LotlineOrderLines($id: ID!) {
  order(id: $id) { lineItems(first: 250) { nodes { id title variantTitle } } }
}`;

interface LineTitlesAnswer {
  data?: { order?: { lineItems: { nodes: Array<{ id: string; title: string; variantTitle: string | null }> } } | null };
}
