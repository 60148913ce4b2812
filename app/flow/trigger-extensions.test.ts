// Flow refuses a trigger deploy with a field type it does not take, and drops payload keys the
// trigger does not declare: the extensions' TOMLs and the payloads Lotline builds must agree.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  parseTriggerExtension,
  payloadKeyOf,
  readTriggerExtensions,
  TRIGGER_FIELD_KEY,
  TRIGGER_FIELD_TYPES,
  TRIGGER_REFERENCE_TYPES,
  type TriggerField,
} from "./trigger-extensions";
import { TRIGGER_HANDLES, TRIGGER_NAMES, type TriggerHandle, triggerHandleOf } from "./trigger-handles";
import {
  lotExpiringSoonPayload,
  lotRecalledPayload,
  orderNeedsAttentionPayload,
  type TriggerPayload,
} from "./trigger-payloads";

const EXTENSIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../extensions");
const triggers = readTriggerExtensions(EXTENSIONS_DIR);

// One payload per trigger, built by the code that fires it; reasons with line breaks on purpose.
const PAYLOADS: Record<TriggerHandle, TriggerPayload> = {
  "lot-recalled": lotRecalledPayload({
    id: "0193a5a0-0000-7000-8000-000000000001",
    number: 7,
    lotCodes: ["B-2", "A-1"],
    affectedOrderCount: 3,
    reason: "Lye not neutralised.\nStop selling.",
  }),
  "lot-expiring-soon": lotExpiringSoonPayload({
    id: "0193a5a0-0000-7000-8000-000000000002",
    code: "LAV-0424",
    productId: "gid://shopify/Product/101",
    productTitle: "Lavender Soap",
    sku: null,
    variantId: "gid://shopify/ProductVariant/202",
    expiresAt: new Date("2026-12-02T00:00:00Z"),
    daysLeft: 10,
  }),
  "order-needs-lot-attention": orderNeedsAttentionPayload({
    shopifyOrderId: "gid://shopify/Order/303",
    name: "#1001",
    allocationStatus: "partial",
    attentionReason: "Lavender Soap: 3 short at Main\nRose Soap: no lot",
  }),
};

function valueMatches(field: TriggerField, value: string | number): boolean {
  if (TRIGGER_REFERENCE_TYPES.includes(field.type)) return Number.isInteger(value);
  if (field.type === "number_decimal") return typeof value === "number";
  if (field.type === "single_line_text_field") return typeof value === "string" && !/[\r\n]/.test(value);
  return typeof value === "string";
}

describe("Lotline's Flow trigger extensions", () => {
  it("exist for exactly the triggers Lotline fires", () => {
    expect(triggers.map((trigger) => trigger.handle).sort()).toEqual(Object.values(TRIGGER_HANDLES).sort());
  });

  it.each(triggers)("$handle declares only fields Flow accepts on a trigger", ({ fields }) => {
    expect(fields.length).toBeGreaterThan(0);
    for (const field of fields) {
      if (TRIGGER_REFERENCE_TYPES.includes(field.type)) {
        expect(field.key).toBeNull();
        continue;
      }
      expect(TRIGGER_FIELD_TYPES, `type of "${field.key}"`).toContain(field.type);
      expect(field.key).toMatch(TRIGGER_FIELD_KEY);
    }
  });

  it.each(triggers)("$handle gets exactly its declared keys, each value of its field's type", ({ handle, fields }) => {
    const payload = PAYLOADS[handle as TriggerHandle];

    expect(Object.keys(payload).sort()).toEqual(fields.map(payloadKeyOf).sort());
    for (const field of fields) {
      expect(valueMatches(field, payload[payloadKeyOf(field)]), `"${payloadKeyOf(field)}" of ${handle}`).toBe(true);
    }
  });

  it.each(triggers)("$handle has the name lifecycle callbacks may use for it", ({ handle, name }) => {
    expect(TRIGGER_NAMES[handle as TriggerHandle]).toBe(name);
    expect(triggerHandleOf(name)).toBe(handle);
  });
});

describe("reading a trigger TOML", () => {
  it("reads name, handle and fields, skipping comments; other extension types are not triggers", () => {
    const toml = [
      "# A trigger",
      "[[extensions]]",
      'name = "Box packed" # shown in Flow',
      'type = "flow_trigger"',
      'handle = "box-packed"',
      "[settings]",
      "[[settings.fields]]",
      'type = "order_reference"',
      "[[settings.fields]]",
      'type = "number_integer"',
      'key = "Box count"',
      '# key = "Old key"',
    ].join("\n");

    const trigger = parseTriggerExtension(toml, "box-packed.toml");

    expect(trigger).toEqual({
      file: "box-packed.toml",
      name: "Box packed",
      handle: "box-packed",
      fields: [
        { type: "order_reference", key: null },
        { type: "number_integer", key: "Box count" },
      ],
    });
    expect(trigger?.fields.map(payloadKeyOf)).toEqual(["order_id", "Box count"]);
    expect(TRIGGER_FIELD_TYPES).not.toContain("number_integer");
    expect(parseTriggerExtension('[[extensions]]\ntype = "ui_extension"\nhandle = "x"', "x.toml")).toBeNull();
  });
});
