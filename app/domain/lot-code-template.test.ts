import { describe, expect, it } from "vitest";
import {
  type CodeContext,
  type CodeTemplate,
  DEFAULT_LOT_TEMPLATE,
  DEFAULT_SERIAL_TEMPLATE,
  parseCodeTemplate,
  previewCodes,
  productSlug,
  renderCode,
  sequenceScope,
  type TemplateKind,
} from "./lot-code-template";

const context: CodeContext = {
  sku: "SOAP-LAV",
  productTitle: "Lavender Soap",
  locationCode: "WKS",
  date: { year: 2025, month: 3, day: 7 },
  supplierLotCode: "L4711",
};

function template(source: string, kind: TemplateKind = "lot", requireGs1 = true): CodeTemplate {
  const parsed = parseCodeTemplate(source, { kind, requireGs1 });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.template;
}

function parseError(source: string, kind: TemplateKind = "lot", requireGs1 = true): string {
  const parsed = parseCodeTemplate(source, { kind, requireGs1 });
  if (parsed.ok) throw new Error(`expected ${source} to be rejected`);
  return parsed.error;
}

function render(source: string, overrides: Partial<CodeContext> = {}, sequence: number | null = 1): string {
  const rendered = renderCode(template(source), { ...context, ...overrides }, sequence);
  if (!rendered.ok) throw new Error(rendered.error);
  return rendered.code;
}

function renderError(t: CodeTemplate, overrides: Partial<CodeContext> = {}, sequence: number | null = 1): string {
  const rendered = renderCode(t, { ...context, ...overrides }, sequence);
  if (rendered.ok) throw new Error(`expected an error, got ${rendered.code}`);
  return rendered.error;
}

describe("rendering tokens", () => {
  it("the default lot template gives SKU, date and a two-digit counter", () => {
    expect(render(DEFAULT_LOT_TEMPLATE, {}, 3)).toBe("SOAP-LAV-250307-03");
  });

  it("the default serial template gives year, day of year and a five-digit counter", () => {
    const rendered = renderCode(template(DEFAULT_SERIAL_TEMPLATE, "serial"), context, 42);
    expect(rendered).toEqual({ ok: true, code: "25066-00042" });
  });

  it("{SKU} is the variant's SKU as written", () => {
    expect(render("{SKU}/{SEQ:1}", { sku: "ab.12" })).toBe("ab.12/1");
  });

  it("{PRODUCT} is an upper-case slug of the product title", () => {
    expect(render("{PRODUCT}-{SEQ:1}", { productTitle: "Crème fraîche" })).toBe("CREME-1");
    expect(render("{PRODUCT}-{SEQ:1}", { productTitle: "Bee balm" })).toBe("BEE-BALM-1");
  });

  it("{LOCATION} is the location's short code", () => {
    expect(render("{LOCATION}{SEQ:3}")).toBe("WKS001");
  });

  it("{YYYY}, {YY}, {MM} and {DD} are the receiving day, zero-padded", () => {
    expect(render("{YYYY}.{YY}.{MM}.{DD}", { date: { year: 2031, month: 1, day: 2 } })).toBe("2031.31.01.02");
  });

  it("{JJJ} is the day of the year in three digits, counting 29 February in leap years", () => {
    expect(render("{YY}{JJJ}", { date: { year: 2025, month: 1, day: 9 } })).toBe("25009");
    expect(render("{YY}{JJJ}", { date: { year: 2024, month: 12, day: 31 } })).toBe("24366");
    expect(render("{YY}{JJJ}", { date: { year: 2025, month: 12, day: 31 } })).toBe("25365");
  });

  it("{SEQ:n} is zero-padded to n digits", () => {
    expect(render("A{SEQ:4}", {}, 7)).toBe("A0007");
    expect(render("A{SEQ:9}", {}, 123_456_789)).toBe("A123456789");
  });

  it("{SUPPLIER_LOT} is the supplier's lot code without surrounding spaces", () => {
    expect(render("{SUPPLIER_LOT}", { supplierLotCode: " L4711 " }, null)).toBe("L4711");
  });

  it("literal text between tokens is kept as written", () => {
    expect(render("lot_{SKU}.{MM}/{SEQ:2}")).toBe("lot_SOAP-LAV.03/01");
  });
});

describe("product slugs", () => {
  it("keeps whole words when the title is longer than ten characters", () => {
    expect(productSlug("Organic Honey")).toBe("ORGANIC");
    expect(productSlug("Lavender Soap Bar")).toBe("LAVENDER");
  });

  it("cuts a single long word at ten characters", () => {
    expect(productSlug("Chamomileteablend")).toBe("CHAMOMILET");
  });

  it("turns punctuation and spaces into single dashes and spells out letters without accents", () => {
    expect(productSlug("  Tea & Co. ")).toBe("TEA-CO");
    expect(productSlug("Weißbier")).toBe("WEISSBIER");
    expect(productSlug("Smørbrød")).toBe("SMORBROD");
  });

  it("keeps a full word that ends exactly at the limit", () => {
    expect(productSlug("Beeswaxing kit")).toBe("BEESWAXING");
  });
});

describe("validation on save", () => {
  it("accepts both default templates", () => {
    expect(parseCodeTemplate(DEFAULT_LOT_TEMPLATE, { kind: "lot" }).ok).toBe(true);
    expect(parseCodeTemplate(DEFAULT_SERIAL_TEMPLATE, { kind: "serial" }).ok).toBe(true);
  });

  it("reports what it found: the sequence width and whether codes are GS1-safe", () => {
    const parsed = template("{SKU}-{SEQ:3}");
    expect(parsed).toMatchObject({ hasSequence: true, sequenceDigits: 3, gs1Compatible: true });
    expect(template("{SKU}", "lot", false)).toMatchObject({
      hasSequence: false,
      sequenceDigits: null,
      gs1Compatible: false,
    });
  });

  it("names an unknown token and lists the known ones", () => {
    expect(parseError("{SKU}-{BATCH}")).toMatch(/^Unknown token \{BATCH\}; use one of \{SKU\}/);
  });

  it("points out that tokens are upper case", () => {
    expect(parseError("{sku}-{SEQ:2}")).toBe("Unknown token {sku} (tokens are upper case: {SKU})");
  });

  it("rejects a malformed sequence token and shows the right form", () => {
    for (const bad of ["{SEQ}", "{SEQ:0}", "{SEQ:10}", "{SEQ:x}", "{SEQ:-1}"]) {
      expect(parseError(`A${bad}`)).toBe(
        `${bad} is not a valid sequence: write {SEQ:n} with n from 1 to 9, e.g. {SEQ:3}`,
      );
    }
  });

  it("allows only one sequence token", () => {
    expect(parseError("{SEQ:2}-{SEQ:3}")).toBe("{SEQ:3}: a template can contain only one {SEQ:n}");
  });

  it("requires a sequence in serial number templates", () => {
    expect(parseError("{SKU}-{YY}{MM}{DD}", "serial")).toMatch(/^A serial number template needs \{SEQ:n\}/);
  });

  it("allows a lot template without a sequence, such as the supplier's own lot code", () => {
    expect(parseCodeTemplate("{SUPPLIER_LOT}", { kind: "lot" }).ok).toBe(true);
  });

  it("rejects a template without tokens, which would give every lot the same code", () => {
    expect(parseError("LOT-1")).toMatch(/has no tokens, so every code would be the same/);
    expect(parseError("   ")).toBe("The lot code template is empty");
  });

  it("rejects unbalanced braces with the position", () => {
    expect(parseError("{SKU-{SEQ:2}")).toBe('The "{" at position 1 has no closing "}"');
    expect(parseError("{SKU}}")).toBe('The "}" at position 6 has no opening "{"');
  });

  it("rejects literal characters other than letters, digits, dash, underscore, dot and slash", () => {
    expect(parseError("{SKU} {SEQ:2}")).toMatch(/^a space at position 6 is not allowed/);
    expect(parseError("{SKU}#{SEQ:2}")).toMatch(/^"#" at position 6 is not allowed/);
    expect(parseError("{SKU}Ä{SEQ:2}")).toMatch(/^"Ä" at position 6 is not allowed/);
  });
});

describe("GS1 length and character set", () => {
  it("rejects a template whose fixed parts already exceed 20 characters", () => {
    expect(parseError("{YYYY}{MM}{DD}/{LOCATION}/{JJJ}{SEQ:7}")).toBe(
      "Codes from this template are at least 21 characters even with a one-character {LOCATION}, but GS1 AI (10) allows at most 20; shorten the template or turn off GS1 compatibility",
    );
  });

  it("counts {PRODUCT} at its longest, since a slug can take ten characters", () => {
    expect(parseError("{PRODUCT}-{YYYY}{MM}{DD}-{SEQ:3}")).toMatch(
      /^Codes from this template are up to 23 characters long/,
    );
    expect(parseCodeTemplate("{PRODUCT}-{YY}{MM}{DD}-{SEQ:2}", { kind: "lot" }).ok).toBe(true);
  });

  it("names AI (21) for serial numbers", () => {
    expect(parseError("{YYYY}{MM}{DD}{JJJ}-{SEQ:9}", "serial")).toMatch(/GS1 AI \(21\) allows at most 20/);
  });

  it("allows up to 64 characters when the merchant opts out of GS1", () => {
    const long = `{YYYY}{MM}{DD}-{LOCATION}-{SEQ:9}`;
    expect(parseCodeTemplate(long, { kind: "lot", requireGs1: false }).ok).toBe(true);
    expect(parseError(`${"A".repeat(60)}{SEQ:5}`, "lot", false)).toBe(
      "Codes from this template are up to 65 characters long, but a lot code can have at most 64; shorten the template",
    );
  });

  it("refuses a rendered code longer than 20 characters and says what to shorten", () => {
    expect(renderError(template(DEFAULT_LOT_TEMPLATE), { sku: "SOAP-LAVENDER-100G" })).toBe(
      'The lot code "SOAP-LAVENDER-100G-250307-01" cannot be encoded in GS1: AI (10) must be at most 20 characters; got 28; use a shorter SKU, location or supplier lot code, or shorten the template, or turn off GS1 compatibility',
    );
  });

  it("refuses a value with characters outside the GS1 character set and names the value", () => {
    expect(renderError(template(DEFAULT_LOT_TEMPLATE), { sku: "SOAP LAV" })).toBe(
      `The SKU "SOAP LAV" (for {SKU}) cannot go into a GS1 lot code: AI (10) cannot contain a space (character 5); GS1 allows letters, digits and !"%&'()*+,-./:;<=>?_ only; change the SKU or turn off GS1 compatibility`,
    );
    expect(renderError(template("{SUPPLIER_LOT}"), { supplierLotCode: "L#4711" }, null)).toMatch(
      /^The supplier lot code "L#4711" \(for \{SUPPLIER_LOT\}\) cannot go into a GS1 lot code: AI \(10\) cannot contain "#"/,
    );
  });

  it("names a bad character even in a value that is also too long", () => {
    expect(renderError(template(DEFAULT_LOT_TEMPLATE), { sku: "LAVENDER SOAP BAR 100G XL" })).toMatch(
      /^The SKU "LAVENDER SOAP BAR 100G XL" \(for \{SKU\}\) cannot go into a GS1 lot code: AI \(10\) cannot contain a space/,
    );
  });

  it("accepts every GS1 punctuation character in values", () => {
    expect(render("{SUPPLIER_LOT}", { supplierLotCode: `!"%&'()*+,-./:;<=>?_` }, null)).toBe(`!"%&'()*+,-./:;<=>?_`);
  });

  it("without GS1, allows printable ASCII such as spaces and # but not other characters", () => {
    const plain = template(DEFAULT_LOT_TEMPLATE, "lot", false);
    expect(renderCode(plain, { ...context, sku: "SOAP #1 LAVENDER" }, 1)).toEqual({
      ok: true,
      code: "SOAP #1 LAVENDER-250307-01",
    });
    expect(renderError(plain, { sku: "SEIFE-Ä" })).toBe(
      'The SKU "SEIFE-Ä" (for {SKU}) contains "Ä"; a lot code can only contain printable ASCII characters',
    );
    expect(renderError(plain, { sku: "S".repeat(60) })).toMatch(/would be 70 characters, but the limit is 64;/);
  });
});

describe("missing values", () => {
  it("a variant without SKU cannot fill {SKU}", () => {
    expect(renderError(template(DEFAULT_LOT_TEMPLATE), { sku: null })).toBe(
      "This variant has no SKU, but the lot code template uses {SKU}; add a SKU to the variant or change the template",
    );
    expect(renderError(template(DEFAULT_LOT_TEMPLATE), { sku: "  " })).toMatch(/^This variant has no SKU/);
  });

  it("a receipt without a supplier lot code cannot fill {SUPPLIER_LOT}", () => {
    expect(renderError(template("{SUPPLIER_LOT}"), { supplierLotCode: null }, null)).toBe(
      "Enter the supplier's lot code: the lot code template uses {SUPPLIER_LOT}",
    );
  });

  it("a location without a code cannot fill {LOCATION}", () => {
    expect(renderError(template("{LOCATION}-{SEQ:2}"), { locationCode: "" })).toMatch(
      /^The location has no short code/,
    );
  });

  it("a product title without letters or digits cannot fill {PRODUCT}", () => {
    expect(renderError(template("{PRODUCT}-{SEQ:2}"), { productTitle: "日本茶" })).toBe(
      'The product title "日本茶" has no letters or digits for {PRODUCT}; rename the product or change the template',
    );
  });

  it("a template with a sequence needs a sequence number", () => {
    expect(renderError(template(DEFAULT_LOT_TEMPLATE), {}, null)).toBe(
      "The lot code template has {SEQ:2} but no sequence number was given",
    );
    expect(renderError(template(DEFAULT_LOT_TEMPLATE), {}, 0)).toBe(
      "Sequence numbers start at 1; 0 cannot fill {SEQ:2}",
    );
  });

  it("an impossible receiving date is refused rather than rendered", () => {
    expect(renderError(template(DEFAULT_LOT_TEMPLATE), { date: { year: 2025, month: 2, day: 29 } })).toBe(
      "2025-2-29 is not a valid receiving date",
    );
  });
});

describe("sequence overflow", () => {
  it("{SEQ:2} runs out after 99 codes in a day", () => {
    const t = template(DEFAULT_LOT_TEMPLATE);
    expect(renderCode(t, context, 99)).toEqual({ ok: true, code: "SOAP-LAV-250307-99" });
    expect(renderError(t, {}, 100)).toBe(
      "{SEQ:2} ran out after 99 codes today; widen it to {SEQ:3} in the lot code template",
    );
  });

  it("names the period the counter covers when the template has no full date", () => {
    expect(renderError(template("{YY}{MM}-{SEQ:1}"), {}, 10)).toMatch(/^\{SEQ:1\} ran out after 9 codes this month;/);
    expect(renderError(template("{SKU}-{SEQ:1}"), {}, 10)).toMatch(/^\{SEQ:1\} ran out after 9 codes; widen it/);
  });

  it("names the serial number template for serials", () => {
    expect(renderError(template("{YY}{JJJ}{SEQ:1}", "serial"), {}, 10)).toBe(
      "{SEQ:1} ran out after 9 codes today; widen it to {SEQ:2} in the serial number template",
    );
  });
});

describe("sequence scope", () => {
  const t = template(DEFAULT_LOT_TEMPLATE);

  it("is the code with the sequence left out", () => {
    expect(sequenceScope(t, context)).toBe("lot:SOAP-LAV-250307-⟨SEQ⟩");
  });

  it("counts per SKU and per day", () => {
    const sameDaySameSku = sequenceScope(t, { ...context, productTitle: "Other", supplierLotCode: null });
    const otherSku = sequenceScope(t, { ...context, sku: "SOAP-ROSE" });
    const nextDay = sequenceScope(t, { ...context, date: { year: 2025, month: 3, day: 8 } });
    expect(sameDaySameSku).toBe(sequenceScope(t, context));
    expect(new Set([sequenceScope(t, context), otherSku, nextDay]).size).toBe(3);
  });

  it("a template without a date keeps counting across days instead of repeating codes", () => {
    const perSku = template("{SKU}-{SEQ:4}");
    const nextDay = { ...context, date: { year: 2025, month: 3, day: 8 } };
    expect(sequenceScope(perSku, nextDay)).toBe(sequenceScope(perSku, context));
  });

  it("keeps lot codes and serial numbers on separate counters", () => {
    expect(sequenceScope(template("{YY}{JJJ}-{SEQ:5}", "lot"), context)).not.toBe(
      sequenceScope(template("{YY}{JJJ}-{SEQ:5}", "serial"), context),
    );
  });

  it("still gives a key when a value is missing, so rendering can report it", () => {
    expect(sequenceScope(t, { ...context, sku: null })).toBe("lot:{SKU}-250307-⟨SEQ⟩");
  });
});

describe("preview", () => {
  it("shows consecutive codes from the first sequence number", () => {
    expect(previewCodes(template(DEFAULT_LOT_TEMPLATE), context, 3)).toEqual([
      "SOAP-LAV-250307-01",
      "SOAP-LAV-250307-02",
      "SOAP-LAV-250307-03",
    ]);
    expect(previewCodes(template(DEFAULT_LOT_TEMPLATE), context, 2, 41)).toEqual([
      "SOAP-LAV-250307-41",
      "SOAP-LAV-250307-42",
    ]);
  });

  it("stops where the counter runs out", () => {
    expect(previewCodes(template("{SKU}{SEQ:1}"), context, 5, 8)).toEqual(["SOAP-LAV8", "SOAP-LAV9"]);
  });

  it("shows a single code for a template without a sequence", () => {
    expect(previewCodes(template("{SUPPLIER_LOT}"), context, 3)).toEqual(["L4711"]);
  });

  it("is empty when no code can be rendered", () => {
    expect(previewCodes(template(DEFAULT_LOT_TEMPLATE), { ...context, sku: null }, 3)).toEqual([]);
  });
});
