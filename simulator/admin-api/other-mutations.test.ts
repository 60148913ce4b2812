import { beforeEach, describe, expect, it } from "vitest";
import { createProduct } from "../store/catalog";
import { createOrder } from "../store/orders";
import { dataOf, type SimulatedShop, simulatedShop } from "../testing";

let shop: SimulatedShop;
let orderId: string;
let fulfillmentOrderId: string;

beforeEach(() => {
  shop = simulatedShop();
  const { variants } = createProduct(shop.state, { title: "Goat Milk Soap", variants: [{ sku: "G-1" }] }).value;
  const order = createOrder(shop.state, {
    lines: [{ variantId: variants[0].id, quantity: 1 }],
    tags: ["wholesale"],
  }).value;
  orderId = order.id;
  fulfillmentOrderId = order.fulfillmentOrderIds[0];
});

describe("tagsAdd and tagsRemove", () => {
  const ADD = `mutation Add($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) { node { ... on Order { tags updatedAt } } userErrors { field message } }
  }`;
  const REMOVE = `mutation Remove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) { node { ... on Order { tags } } userErrors { field message } }
  }`;

  it("adding the same tags twice leaves one copy and changes the order only once", () => {
    const first = shop.graphql(ADD, { id: orderId, tags: ["lot:A1", "recall:7"] });
    shop.advanceTime(5_000);
    const second = shop.graphql(ADD, { id: orderId, tags: ["LOT:A1", "recall:7"] });

    const tagsAdd = dataOf<{ tagsAdd: { node: { tags: string[]; updatedAt: string } } }>(second).tagsAdd;
    expect(tagsAdd.node.tags).toEqual(["wholesale", "lot:A1", "recall:7"]);
    expect(tagsAdd.node.updatedAt).toBe("2026-03-01T09:00:00Z");
    expect(first.changes.map((c) => c.topic)).toEqual(["orders/updated"]);
    expect(second.changes).toEqual([]);
  });

  it("accepts one comma-separated string of tags, as Shopify documents", () => {
    const data = dataOf<{ tagsAdd: { node: { tags: string[] } } }>(
      shop.graphql(ADD, { id: orderId, tags: ["lot:A1, lot:B2"] }),
    );

    expect(data.tagsAdd.node.tags).toEqual(["wholesale", "lot:A1", "lot:B2"]);
  });

  it("removing tags twice is harmless, and removal ignores case", () => {
    shop.graphql(ADD, { id: orderId, tags: ["lot:A1"] });
    shop.graphql(REMOVE, { id: orderId, tags: ["LOT:a1"] });
    const again = dataOf<{ tagsRemove: { node: { tags: string[] } } }>(
      shop.graphql(REMOVE, { id: orderId, tags: ["lot:A1"] }),
    );

    expect(again.tagsRemove.node.tags).toEqual(["wholesale"]);
  });

  it("an unknown resource is a user error, not a crash", () => {
    const data = dataOf<{ tagsAdd: unknown }>(shop.graphql(ADD, { id: "gid://shopify/Order/424242", tags: ["x"] }));

    expect(data.tagsAdd).toEqual({ node: null, userErrors: [{ field: ["id"], message: "Order does not exist" }] });
  });
});

describe("fulfillment order holds", () => {
  const HOLD = `mutation Hold($id: ID!, $hold: FulfillmentOrderHoldInput!) {
    fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {
      fulfillmentHold { id reason handle heldByRequestingApp }
      fulfillmentOrder { status }
      userErrors { field message code }
    }
  }`;
  const RELEASE = `mutation Release($id: ID!) {
    fulfillmentOrderReleaseHold(id: $id) { fulfillmentOrder { status fulfillmentHolds { id } } userErrors { code } }
  }`;
  const STATUS = `query($id: ID!) { order(id: $id) { displayFulfillmentStatus fulfillmentOrders(first: 1) { nodes { status } } } }`;

  it("holding a fulfilment order puts it and the order on hold; releasing opens it again", () => {
    const held = dataOf<{ fulfillmentOrderHold: Record<string, unknown> }>(
      shop.graphql(HOLD, {
        id: fulfillmentOrderId,
        hold: { reason: "OTHER", reasonNotes: "Recall R-1", handle: "recall-1" },
      }),
    );
    expect(held.fulfillmentOrderHold).toEqual({
      fulfillmentHold: {
        id: expect.stringMatching(/^gid:\/\/shopify\/FulfillmentHold\//),
        reason: "OTHER",
        handle: "recall-1",
        heldByRequestingApp: true,
      },
      fulfillmentOrder: { status: "ON_HOLD" },
      userErrors: [],
    });
    expect(dataOf(shop.graphql(STATUS, { id: orderId }))).toEqual({
      order: { displayFulfillmentStatus: "ON_HOLD", fulfillmentOrders: { nodes: [{ status: "ON_HOLD" }] } },
    });

    const released = dataOf<{ fulfillmentOrderReleaseHold: unknown }>(
      shop.graphql(RELEASE, { id: fulfillmentOrderId }),
    );

    expect(released.fulfillmentOrderReleaseHold).toEqual({
      fulfillmentOrder: { status: "OPEN", fulfillmentHolds: [] },
      userErrors: [],
    });
  });

  it("a second hold with the same handle is refused", () => {
    const hold = { reason: "OTHER", handle: "recall-1" };
    shop.graphql(HOLD, { id: fulfillmentOrderId, hold });

    const again = dataOf<{ fulfillmentOrderHold: { userErrors: { code: string }[] } }>(
      shop.graphql(HOLD, { id: fulfillmentOrderId, hold }),
    );

    expect(again.fulfillmentOrderHold.userErrors.map((e) => e.code)).toEqual(["DUPLICATE_FULFILLMENT_HOLD_HANDLE"]);
  });

  it("an unknown fulfilment order is FULFILLMENT_ORDER_NOT_FOUND", () => {
    const data = dataOf<{ fulfillmentOrderHold: { userErrors: { code: string }[] } }>(
      shop.graphql(HOLD, { id: "gid://shopify/FulfillmentOrder/1", hold: { reason: "OTHER" } }),
    );

    expect(data.fulfillmentOrderHold.userErrors.map((e) => e.code)).toEqual(["FULFILLMENT_ORDER_NOT_FOUND"]);
  });
});

describe("flowTriggerReceive", () => {
  const RECEIVE = `mutation($handle: String!, $payload: JSON!) {
    flowTriggerReceive(handle: $handle, payload: $payload) { userErrors { field message } }
  }`;

  it("records each trigger so tests can see what was sent to Shopify Flow", () => {
    const payload = { order_id: 1001, "Order name": "#1001", Status: "partial", Reason: "3 short at Main" };

    const response = shop.graphql(RECEIVE, { handle: "order-needs-lot-attention", payload });

    expect(dataOf(response)).toEqual({ flowTriggerReceive: { userErrors: [] } });
    expect(shop.state.flowTriggers).toEqual([
      { handle: "order-needs-lot-attention", payload, body: null, receivedAt: "2026-03-01T09:00:00Z" },
    ]);
  });

  it("refuses a payload with a key the trigger's extension does not declare, recording nothing", () => {
    const payload = { "Recall id": "R-1", recall_number: 7 };

    const response = shop.graphql(RECEIVE, { handle: "lot-recalled", payload });

    expect(dataOf(response)).toEqual({
      flowTriggerReceive: {
        userErrors: [{ field: ["payload"], message: '"recall_number" is not a field of the "lot-recalled" trigger' }],
      },
    });
    expect(shop.state.flowTriggers).toEqual([]);
  });
});
