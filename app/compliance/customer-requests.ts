// The customer a privacy webhook is about, read from Shopify's customers/data_request and
// customers/redact bodies. Pure: the handlers decide what to do with it.
import { z } from "zod";
import { AppError } from "../utils/errors";

const shopifyId = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);

const customerRequestSchema = z.object({
  customer: z.object({ id: shopifyId.nullish(), email: z.string().nullish() }),
  orders_requested: z.array(shopifyId).nullish(),
  orders_to_redact: z.array(shopifyId).nullish(),
  data_request: z.object({ id: shopifyId }).nullish(),
});

export interface CustomerRequest {
  /** Shopify's numeric customer id, and the same as a gid: OrderRef may hold either form. */
  customerIds: string[];
  email: string | null;
  /** gids of the orders Shopify names in the request. */
  orderIds: string[];
  requestId: string | null;
}

export function parseCustomerRequest(payload: unknown): CustomerRequest {
  const parsed = customerRequestSchema.safeParse(payload);
  if (!parsed.success) {
    // Permanent: the same body will not parse on a retry.
    throw new AppError(
      "INVALID_DATA",
      `The privacy request has no readable customer (${parsed.error.issues[0]?.path.join(".") || "body"}: ${parsed.error.issues[0]?.message ?? "invalid"}).`,
    );
  }
  const { customer } = parsed.data;
  const id = customer.id ?? null;
  const orders = [...(parsed.data.orders_requested ?? []), ...(parsed.data.orders_to_redact ?? [])];
  return {
    customerIds: id ? [id, `gid://shopify/Customer/${id}`] : [],
    email: customer.email?.trim() || null,
    orderIds: orders.map((order) => `gid://shopify/Order/${order}`),
    requestId: parsed.data.data_request?.id ?? null,
  };
}
