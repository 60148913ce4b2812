// Requests as the order status block in customer accounts sends them: a customer account session
// token (sub = the customer, dest = the shop) signed with the app secret, from the extension's
// sandbox origin.
import { getJwt } from "@shopify/shopify-api/test-helpers";
import type { Db } from "../../app/db.server";
import { numericIdOfGid } from "../../app/utils/shopify-gid";
import { EXTENSION_ORIGIN } from "./extension-origin";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "./test-env";

export interface Customer {
  shopDomain: string;
  customerId: string;
}

export async function customerRequest(
  path: string,
  customer: Customer | null,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<Request> {
  const headers = new Headers({ Origin: EXTENSION_ORIGIN, ...init.headers });
  if (customer) {
    const { token } = await getJwt(customer.shopDomain.replace(".myshopify.com", ""), TEST_API_KEY, TEST_API_SECRET, {
      sub: customer.customerId,
      dest: customer.shopDomain,
    });
    headers.set("Authorization", `Bearer ${token}`);
  }
  return new Request(`${TEST_APP_URL}${path}`, { method: init.method ?? "GET", headers });
}

/** The numeric Shopify id of a recall recipient's first affected order, as the block knows it. */
export async function shopifyOrderNumber(db: Db, orderRefId: string): Promise<string> {
  const order = await db.orderRef.findUniqueOrThrow({ where: { id: orderRefId }, select: { shopifyOrderId: true } });
  return numericIdOfGid(order.shopifyOrderId, "Order") as string;
}

/** The customer who placed an order, as their session token names them. */
export async function customerOf(db: Db, orderRefId: string): Promise<Customer> {
  const order = await db.orderRef.findUniqueOrThrow({
    where: { id: orderRefId },
    select: { customerId: true, shop: { select: { domain: true } } },
  });
  return { shopDomain: order.shop.domain, customerId: order.customerId as string };
}
