import { beforeEach, describe, expect, it } from "vitest";
import { createProduct } from "../store/catalog";
import { createOrder } from "../store/orders";
import { dataOf, type SimulatedShop, simulatedShop } from "../testing";
import { JSON_METAFIELD_MAX_BYTES } from "./metafield-types";

const SET = `mutation Set($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) {
    metafields { id namespace key type value compareDigest }
    userErrors { field message code elementIndex }
  }
}`;

const READ = `query Read($id: ID!) {
  order(id: $id) { metafield(namespace: "$app", key: "lots") { namespace key type value jsonValue compareDigest } }
}`;

interface SetPayload {
  metafields:
    | { id: string; namespace: string; key: string; type: string; value: string; compareDigest: string }[]
    | null;
  userErrors: { field: string[] | null; message: string; code: string; elementIndex: number | null }[];
}

let shop: SimulatedShop;
let orderId: string;
let lineItemId: string;

beforeEach(() => {
  shop = simulatedShop();
  const { variants } = createProduct(shop.state, { title: "Tallow Soap", variants: [{ sku: "T-1" }] }).value;
  const order = createOrder(shop.state, { lines: [{ variantId: variants[0].id, quantity: 3 }] }).value;
  orderId = order.id;
  lineItemId = order.lineItems[0].id;
});

function set(metafields: Record<string, unknown>[]): SetPayload {
  return dataOf<{ metafieldsSet: SetPayload }>(shop.graphql(SET, { metafields })).metafieldsSet;
}

const lots = (value: unknown, extra: Record<string, unknown> = {}) => ({
  ownerId: orderId,
  namespace: "$app",
  key: "lots",
  type: "json",
  value: typeof value === "string" ? value : JSON.stringify(value),
  ...extra,
});

function readLots() {
  return dataOf<{ order: { metafield: Record<string, unknown> | null } }>(shop.graphql(READ, { id: orderId })).order
    .metafield;
}

describe("metafieldsSet", () => {
  it("stores an app-owned json metafield under app--<appId> and reads it back through $app", () => {
    const payload = set([lots({ [lineItemId]: [{ lot: "L-1", quantity: 3 }] })]);

    expect(payload.userErrors).toEqual([]);
    expect(payload.metafields).toEqual([expect.objectContaining({ namespace: "app--1", key: "lots", type: "json" })]);
    expect(readLots()).toEqual({
      namespace: "app--1",
      key: "lots",
      type: "json",
      value: JSON.stringify({ [lineItemId]: [{ lot: "L-1", quantity: 3 }] }),
      jsonValue: { [lineItemId]: [{ lot: "L-1", quantity: 3 }] },
      compareDigest: payload.metafields?.[0].compareDigest,
    });
  });

  it("refuses more than 25 metafields in one call and writes none", () => {
    const many = Array.from({ length: 26 }, (_, i) => lots({ i }, { key: `key_${i}` }));

    const payload = set(many);

    expect(payload).toEqual({
      metafields: null,
      userErrors: [
        {
          field: ["metafields"],
          message: "Exceeded the maximum metafields input limit of 25.",
          code: "LESS_THAN_OR_EQUAL_TO",
          elementIndex: null,
        },
      ],
    });
    expect(shop.state.metafields.size).toBe(0);
  });

  it("refuses invalid JSON and, being atomic, writes none of the batch", () => {
    const payload = set([lots({ ok: true }, { key: "fine" }), lots("{not json")]);

    expect(payload.metafields).toBeNull();
    expect(payload.userErrors).toEqual([
      {
        field: ["metafields", "1", "value"],
        message: expect.stringMatching(/^Value is invalid JSON/),
        code: "INVALID_VALUE",
        elementIndex: 1,
      },
    ]);
    expect(shop.state.metafields.size).toBe(0);
  });

  it("accepts a json value of exactly 128 KB and refuses one byte more", () => {
    const sized = (bytes: number) => JSON.stringify("x".repeat(bytes - 2));

    expect(set([lots(sized(JSON_METAFIELD_MAX_BYTES))]).userErrors).toEqual([]);
    const tooBig = set([lots(sized(JSON_METAFIELD_MAX_BYTES + 1))]);

    expect(tooBig.userErrors).toEqual([
      expect.objectContaining({ field: ["metafields", "0", "value"], code: "TOO_LONG", elementIndex: 0 }),
    ]);
    expect(String(readLots()?.value).length).toBe(JSON_METAFIELD_MAX_BYTES);
  });

  it("a write with the current compareDigest succeeds; a stale digest is refused and the value kept", () => {
    const first = set([lots({ version: 1 })]).metafields![0];
    const second = set([lots({ version: 2 }, { compareDigest: first.compareDigest })]);
    expect(second.userErrors).toEqual([]);

    const stale = set([lots({ version: 3 }, { compareDigest: first.compareDigest })]);

    expect(stale).toEqual({
      metafields: null,
      userErrors: [
        {
          field: ["metafields", "0", "compareDigest"],
          message:
            "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.",
          code: "STALE_OBJECT",
          elementIndex: 0,
        },
      ],
    });
    expect(readLots()?.jsonValue).toEqual({ version: 2 });
  });

  it("compareDigest null means create only: refused once the metafield exists", () => {
    expect(set([lots({ v: 1 }, { compareDigest: null })]).userErrors).toEqual([]);

    expect(set([lots({ v: 2 }, { compareDigest: null })]).userErrors.map((e) => e.code)).toEqual(["STALE_OBJECT"]);
  });

  it("line items cannot own metafields, as in Shopify", () => {
    const payload = set([lots({ a: 1 }, { ownerId: lineItemId })]);

    expect(payload.userErrors).toEqual([
      expect.objectContaining({ field: ["metafields", "0", "ownerId"], code: "INVALID" }),
    ]);
  });

  it("a metafield without a type and without a definition is refused", () => {
    const { type: _type, ...untyped } = lots({ a: 1 });

    expect(set([untyped]).userErrors).toEqual([
      expect.objectContaining({ field: ["metafields", "0", "type"], code: "BLANK" }),
    ]);
  });
});

describe("metafieldDefinitionCreate", () => {
  const CREATE = `mutation Create($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition { id namespace key name ownerType type { name } access { admin } }
      userErrors { field message code }
    }
  }`;
  const definition = { name: "Lots", namespace: "$app", key: "lots", ownerType: "ORDER", type: "json" };

  function create(input: Record<string, unknown>) {
    return dataOf<{
      metafieldDefinitionCreate: { createdDefinition: Record<string, unknown> | null; userErrors: { code: string }[] };
    }>(shop.graphql(CREATE, { definition: input })).metafieldDefinitionCreate;
  }

  it("creates an app-owned definition, and a second one with the same key is TAKEN", () => {
    const created = create(definition);
    expect(created.createdDefinition).toEqual({
      id: expect.stringMatching(/^gid:\/\/shopify\/MetafieldDefinition\/\d+$/),
      namespace: "app--1",
      key: "lots",
      name: "Lots",
      ownerType: "ORDER",
      type: { name: "json" },
      access: { admin: "MERCHANT_READ_WRITE" },
    });

    expect(create(definition).userErrors.map((e) => e.code)).toEqual(["TAKEN"]);
  });

  it("metafields under a definition take its type, and a different type is refused", () => {
    create(definition);
    const { type: _type, ...untyped } = lots({ a: 1 });

    expect(set([untyped]).metafields?.[0].type).toBe("json");
    expect(set([lots("hello", { type: "single_line_text_field" })]).userErrors.map((e) => e.code)).toEqual([
      "INVALID_TYPE",
    ]);
  });
});
