// Answers of GET /api/admin/orders/:orderId as the app sends them, for the extensions' tests.
import type { OrderLotsLine, OrderLotsResponse } from "../../app/extension-api/types";

export const ORDER_GID = "gid://shopify/Order/1001";
export const ORDER_URL = "/api/admin/orders/1001";
export const LINE_ID = "7d5c1a7e-0f3e-4a4f-9a52-6f0f1b1c2d01";
export const SERIAL_LINE_ID = "7d5c1a7e-0f3e-4a4f-9a52-6f0f1b1c2d02";
export const LOT_A = "2b0e4c55-8a8c-4e59-b7a4-0c3c6f0a0a01";
export const LOT_B = "2b0e4c55-8a8c-4e59-b7a4-0c3c6f0a0a02";

export function orderLine(overrides: Partial<OrderLotsLine> = {}): OrderLotsLine {
  return {
    id: LINE_ID,
    shopifyLineItemId: "gid://shopify/LineItem/501",
    title: "Lavender soap",
    sku: "SOAP-LAV",
    quantity: 5,
    shipped: 1,
    status: "allocated",
    attentionReason: null,
    serialTracked: false,
    serialsMissing: 0,
    canReallocate: true,
    lots: [
      {
        lotId: LOT_A,
        code: "LAV-2403-A",
        expiresAt: "2026-03-09",
        quantity: 5,
        shipped: 1,
        lotStatus: "active",
      },
    ],
    serials: [],
    ...overrides,
  };
}

export function orderAnswer(
  order: Partial<OrderLotsResponse["order"]> = {},
  lines: OrderLotsLine[] = [orderLine()],
): OrderLotsResponse {
  return {
    order: {
      id: "9f1e0c3a-5a55-4f0e-8f3c-000000000001",
      shopifyOrderId: ORDER_GID,
      name: "#1001",
      status: "allocated",
      attentionReason: null,
      appPath: "/app/orders/9f1e0c3a-5a55-4f0e-8f3c-000000000001",
      ...order,
    },
    lines,
  };
}
