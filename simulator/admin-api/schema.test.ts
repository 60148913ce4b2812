import { afterEach, describe, expect, it } from "vitest";
import { ADMIN_API_VERSION, loadAdminSchema } from "./schema";

const original = process.env.SHOPIFY_ADMIN_SCHEMA;

afterEach(() => {
  if (original === undefined) delete process.env.SHOPIFY_ADMIN_SCHEMA;
  else process.env.SHOPIFY_ADMIN_SCHEMA = original;
});

describe("Admin API schema", () => {
  it("is Shopify's 2026-10 schema, loaded once per process", () => {
    const schema = loadAdminSchema();

    expect(ADMIN_API_VERSION).toBe("2026-10");
    expect(schema.getQueryType()?.name).toBe("QueryRoot");
    expect(schema.getMutationType()?.getFields()).toHaveProperty("inventoryMoveQuantities");
    expect(loadAdminSchema()).toBe(schema);
  });

  it("names SHOPIFY_ADMIN_SCHEMA when the schema file cannot be read", () => {
    process.env.SHOPIFY_ADMIN_SCHEMA = "/nonexistent/admin.json.gz";

    expect(() => loadAdminSchema()).toThrow(
      /Cannot read the Admin API schema at \/nonexistent\/admin.json.gz \(set SHOPIFY_ADMIN_SCHEMA/,
    );
  });
});
