import { beforeEach, describe, expect, it } from "vitest";
import { createProduct } from "../store/catalog";
import { createCustomer } from "../store/customers";
import { createOrder } from "../store/orders";
import { createShop } from "../store/store";
import { dataOf, type SimulatedShop, simulatedShop } from "../testing";
import { executeAdminGraphql } from "./execute";

let shop: SimulatedShop;
let orderId: string;
let variantId: string;
let customerId: string;

beforeEach(() => {
  shop = simulatedShop();
  const { variants } = createProduct(shop.state, {
    title: "Lavender Soap",
    variants: [{ sku: "LAV-100", price: "6.50", inventory: { [shop.location.id]: 20 } }],
  }).value;
  variantId = variants[0].id;
  customerId = createCustomer(shop.state, { firstName: "Ada", lastName: "Lovelace", email: "ada@example.com" }).value
    .id;
  orderId = createOrder(shop.state, { customerId, lines: [{ variantId, quantity: 2 }] }).value.id;
});

describe("documents the real schema rejects", () => {
  it("an unknown field is rejected with Shopify's undefinedField error and no data", () => {
    const query = `query { order(id: "${orderId}") { id foo } }`;
    const response = shop.graphql(query);

    expect(response.status).toBe(200);
    expect(response.body).not.toHaveProperty("data");
    expect(response.body.errors).toEqual([
      {
        message: "Field 'foo' doesn't exist on type 'Order'",
        locations: [{ line: 1, column: query.indexOf("foo") + 1 }],
        path: ["query", "order", "foo"],
        extensions: { code: "undefinedField", typeName: "Order", fieldName: "foo" },
      },
    ]);
  });

  it("an argument of the wrong type is rejected as argumentLiteralsIncompatible", () => {
    const response = shop.graphql(`query Recent { orders(first: "ten") { nodes { id } } }`);

    expect(response.body).not.toHaveProperty("data");
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: `Argument 'first' on Field 'orders' has an invalid value ("ten"). Expected type 'Int'.`,
        path: ["query Recent", "orders", "first"],
        extensions: { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName: "first" },
      }),
    ]);
  });

  it("a required argument left out is reported with all missing arguments of the field", () => {
    const response = shop.graphql(`mutation { tagsAdd { userErrors { message } } }`);

    expect(response.body).not.toHaveProperty("data");
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: "Field 'tagsAdd' is missing required arguments: id, tags",
        extensions: { code: "missingRequiredArguments", className: "Field", name: "tagsAdd", arguments: "id, tags" },
      }),
    ]);
  });

  it("a missing required variable is rejected the way graphql-ruby reports invalid variables", () => {
    const response = shop.graphql(`query Order($id: ID!) { order(id: $id) { id } }`, {});

    expect(response.body).not.toHaveProperty("data");
    expect(response.body.errors).toEqual([
      {
        message: "Variable $id of type ID! was provided invalid value",
        locations: [{ line: 1, column: 13 }],
        extensions: { value: null, problems: [{ path: [], explanation: "Expected value to not be null" }] },
      },
    ]);
  });

  it("a syntax error is reported as a parse error with its position and no data", () => {
    const response = shop.graphql(`query { order(id: "x") { id }`);

    expect(response.status).toBe(200);
    expect(response.body).not.toHaveProperty("data");
    expect(response.body.errors).toEqual([
      { message: "Unexpected end of document", locations: [{ line: 1, column: 30 }] },
    ]);
  });

  it("a stray token is named in the parse error", () => {
    const response = shop.graphql(`query { shop { name ) }`);

    expect(response.body.errors).toEqual([
      { message: 'Parse error on ")" (RPAREN) at [1, 21]', locations: [{ line: 1, column: 21 }] },
    ]);
  });

  it("rejected documents still report the bucket, and cost nothing", () => {
    const response = shop.graphql(`{ shop { nope } }`);

    expect(response.body.extensions).toEqual({
      cost: {
        requestedQueryCost: 0,
        actualQueryCost: 0,
        throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 2000, restoreRate: 100 },
      },
    });
  });

  it("a request without a query is a 400, as Shopify answers it", () => {
    const response = shop.graphql("");

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: { query: "Required parameter missing or invalid" } });
  });
});

describe("supported queries", () => {
  it("an order comes back with its customer, lines, fulfilment order and Shopify global ids", () => {
    const data = dataOf<{ order: Record<string, unknown> }>(
      shop.graphql(
        `query Order($id: ID!) {
          order(id: $id) {
            id name legacyResourceId email cancelledAt displayFulfillmentStatus
            customer { id firstName defaultEmailAddress { emailAddress } }
            lineItems(first: 10) { edges { node { id sku quantity currentQuantity variant { id } } } }
            fulfillmentOrders(first: 5) { nodes { status assignedLocation { location { id } } lineItems(first: 5) { nodes { remainingQuantity } } } }
          }
        }`,
        { id: orderId },
      ),
    );

    expect(data.order).toEqual({
      id: orderId,
      name: "#1001",
      legacyResourceId: orderId.split("/").at(-1),
      email: "ada@example.com",
      cancelledAt: null,
      displayFulfillmentStatus: "UNFULFILLED",
      customer: { id: customerId, firstName: "Ada", defaultEmailAddress: { emailAddress: "ada@example.com" } },
      lineItems: {
        edges: [
          {
            node: {
              id: expect.stringMatching(/^gid:\/\/shopify\/LineItem\/\d+$/),
              sku: "LAV-100",
              quantity: 2,
              currentQuantity: 2,
              variant: { id: variantId },
            },
          },
        ],
      },
      fulfillmentOrders: {
        nodes: [
          {
            status: "OPEN",
            assignedLocation: { location: { id: shop.location.id } },
            lineItems: { nodes: [{ remainingQuantity: 2 }] },
          },
        ],
      },
    });
    expect(orderId).toMatch(/^gid:\/\/shopify\/Order\/\d+$/);
  });

  it("a variant is found by SKU through productVariants(query:)", () => {
    const data = dataOf<{ productVariants: { nodes: unknown[] } }>(
      shop.graphql(`{ productVariants(first: 5, query: "sku:LAV-100") { nodes { id sku inventoryItem { id } } } }`),
    );

    expect(data.productVariants.nodes).toEqual([
      {
        id: variantId,
        sku: "LAV-100",
        inventoryItem: { id: expect.stringMatching(/^gid:\/\/shopify\/InventoryItem\//) },
      },
    ]);
  });

  it("an order of one shop is not found from another shop of the same store", () => {
    const other = createShop(shop.store, { name: "Other Shop" });
    const lookup = (domain: string) =>
      dataOf<{ order: unknown }>(
        executeAdminGraphql({
          store: shop.store,
          shop: domain,
          query: "query($id: ID!) { order(id: $id) { id } }",
          variables: { id: orderId },
        }),
      );

    expect(lookup(shop.domain).order).toEqual({ id: orderId });
    expect(lookup(other.shop.myshopifyDomain).order).toBeNull();
  });

  it("a valid field the simulator does not implement answers with a not-simulated error, never a silent null", () => {
    const query = "query Order($id: ID!) { order(id: $id) { name totalWeight } }";
    const response = shop.graphql(query, { id: orderId });

    expect(response.body.data).toEqual({ order: { name: "#1001", totalWeight: null } });
    expect(response.body.errors).toEqual([
      {
        message: "Order.totalWeight is not simulated",
        locations: [{ line: 1, column: query.indexOf("totalWeight") + 1 }],
        path: ["order", "totalWeight"],
        extensions: { code: "NOT_SIMULATED" },
      },
    ]);
  });

  it("an argument the simulator does not implement is refused rather than ignored", () => {
    const response = shop.graphql(
      `{ orders(first: 5, savedSearchId: "gid://shopify/SavedSearch/1") { nodes { id } } }`,
    );

    expect(response.body.errors).toEqual([
      expect.objectContaining({
        message: "Argument 'savedSearchId' of QueryRoot.orders is not simulated",
        extensions: { code: "NOT_SIMULATED" },
      }),
    ]);
  });

  it("a connection without first or last is refused as Shopify does", () => {
    const response = shop.graphql(`{ orders { nodes { id } } }`);

    expect(response.body.errors).toEqual([
      expect.objectContaining({ message: "you must provide one of first or last", path: ["orders"] }),
    ]);
  });
});

describe("orders query", () => {
  function placeOrderAt(iso: string): string {
    shop.advanceTime(Date.parse(iso) - shop.now());
    return createOrder(shop.state, { customerId, lines: [{ variantId, quantity: 1 }] }).value.id;
  }

  it("updated_at:> returns only orders changed after the timestamp", () => {
    placeOrderAt("2026-03-02T10:00:00Z");
    const later = placeOrderAt("2026-03-03T10:00:00Z");

    const data = dataOf<{ orders: { nodes: { id: string }[] } }>(
      shop.graphql(`{ orders(first: 10, query: "updated_at:>'2026-03-02T12:00:00Z'") { nodes { id } } }`),
    );

    expect(data.orders.nodes).toEqual([{ id: later }]);
  });

  it("pages through every order with first and after, in UPDATED_AT order", () => {
    const ids = [orderId];
    for (let day = 2; day <= 6; day++) ids.push(placeOrderAt(`2026-03-0${day}T10:00:00Z`));
    const query = `query Page($after: String) {
      orders(first: 2, after: $after, sortKey: UPDATED_AT) { nodes { id } pageInfo { hasNextPage endCursor } }
    }`;

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: { orders: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } =
        dataOf(shop.graphql(query, { after }));
      seen.push(...page.orders.nodes.map((n) => n.id));
      after = page.orders.pageInfo.hasNextPage ? page.orders.pageInfo.endCursor : null;
      pages++;
    } while (after);

    expect(seen).toEqual(ids);
    expect(pages).toBe(3);
  });

  it("a search filter the simulator does not know is an error, not an unfiltered list", () => {
    const response = shop.graphql(`{ orders(first: 5, query: "risk_level:high") { nodes { id } } }`);

    expect(response.body.errors).toEqual([
      expect.objectContaining({ message: 'The orders search filter "risk_level" is not simulated' }),
    ]);
  });
});
