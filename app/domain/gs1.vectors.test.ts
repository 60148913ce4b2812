// GS1's own test vectors (tests/fixtures/gs1/vectors, from GS1's syntax engine) run against
// Lotline's GS1 module. Cases whose `options` are not the library's defaults are skipped, and so
// is what Lotline deliberately does differently; each skip below says why.
import { describe, expect, it } from "vitest";
import associationVectors from "../../tests/fixtures/gs1/vectors/ai_association_and_linter_rules.json";
import dataVectors from "../../tests/fixtures/gs1/vectors/ai_data_validity.json";
import dlGenerateVectors from "../../tests/fixtures/gs1/vectors/ai_element_string_to_dl_uri.json";
import bracketedVectors from "../../tests/fixtures/gs1/vectors/bracketed_ai_to_ai_data.json";
import linterVectors from "../../tests/fixtures/gs1/vectors/component_linters_checkdigit_dates.json";
import escapingVectors from "../../tests/fixtures/gs1/vectors/dl_uri_percent_escaping.json";
import dlParseVectors from "../../tests/fixtures/gs1/vectors/dl_uri_to_ai_data.json";
import scanVectors from "../../tests/fixtures/gs1/vectors/scan_data_gs_separator.json";
import { parseAiData, parseBracketed, parseDigitalLink, parseGs1, toAiData, toDigitalLink } from "./gs1";
import {
  checkDigitalSignatureKey,
  checkMutex,
  checkRepeats,
  checkRequisites,
  findAi,
  type Gs1Element,
} from "./gs1-ai-values";
import { escapeDigitalLinkComponent, unescapeDigitalLinkComponent } from "./gs1-digital-link";
import { LINTERS } from "./gs1-linters";

// The library's defaults; a case listing any other value tests a feature Lotline leaves off
// (convenience alphas like /gtin/, zero-suppressed GTINs in links, unknown AIs, added check digits).
const DEFAULT_OPTIONS: Record<string, unknown> = {
  permitUnknownAIs: false,
  permitConvenienceAlphas: false,
  permitZeroSuppressedGTINinDLuris: false,
  validation_UNKNOWN_AI_NOT_DL_ATTR: true,
  addCheckDigit: false,
};

const usesDefaults = (options: Record<string, unknown> = {}) =>
  Object.entries(options).every(([name, value]) => DEFAULT_OPTIONS[name] === value);

// A few inputs are built by loops in GS1's C tests ({"ident": "buf"}); these rebuild them from the
// loops at the cited source lines so the boundary cases still run.
const BUILT_INPUTS: Record<number, string> = {
  1815: `^99${"A".repeat(90)}`,
  1822: `^99${"A".repeat(91)}`,
  1851: `^${Array(64).fill("99XY").join("^")}`,
  1860: `^${Array(65).fill("99XY").join("^")}`,
  1423: `(99)${"A".repeat(90)}`,
  1427: `(99)${"A".repeat(91)}`,
};
const BUILT_EXPECTATIONS: Record<number, string> = { 1423: `^99${"A".repeat(90)}` };

function input(value: unknown, line: number): string {
  if (typeof value === "string") return value;
  const built = BUILT_INPUTS[line];
  if (built === undefined) throw new Error(`no rebuilt input for source line ${line}`);
  return built;
}

function elements(result: { ok: true; ais: Gs1Element[] } | { ok: false; error: string }): Gs1Element[] {
  if (!result.ok) throw new Error(result.error);
  return result.ais;
}

describe("raw AI data validity (ai_data_validity.json)", () => {
  // Skipped: one case with permitUnknownAIs (non-default).
  const cases = dataVectors.cases.filter((c) => usesDefaults(c.options));

  it.each(cases.map((c) => [input(c.ai_data, c.source_line), c.valid, c.comment] as const))(
    "%j is valid: %s (%s)",
    (data, valid) => {
      expect(parseAiData(data).ok).toBe(valid);
    },
  );
});

describe("bracketed element strings to raw AI data (bracketed_ai_to_ai_data.json)", () => {
  it.each(bracketedVectors.cases.map((c) => [input(c.bracketed, c.source_line), c, c.comment] as const))(
    "%j (%s)",
    (bracketed, c) => {
      const parsed = parseBracketed(bracketed);
      expect(parsed.ok).toBe(c.valid);
      if (!parsed.ok) return;
      const expected = typeof c.expected_ai_data === "string" ? c.expected_ai_data : BUILT_EXPECTATIONS[c.source_line];
      expect(toAiData(parsed.ais)).toBe(expected);
      expect(elements(parseAiData(expected))).toEqual(parsed.ais);
    },
  );
});

describe("Digital Link URIs to AI data (dl_uri_to_ai_data.json)", () => {
  // Skipped: 18 cases with non-default options — convenience alphas (/gtin/…), GTIN-8/12/13 padded
  // to 14 digits inside links, and unknown AIs as attributes. Lotline accepts none of these.
  const cases = dlParseVectors.cases.filter((c) => usesDefaults(c.options));

  it.each(cases.map((c) => [c.uri, c] as const))("%j", (uri, c) => {
    const parsed = parseDigitalLink(uri);
    expect(parsed.ok, parsed.ok ? "" : parsed.error).toBe(c.valid);
    if (parsed.ok) expect(toAiData(parsed.ais)).toBe(c.expected_ai_data);
  });
});

describe("element strings to Digital Link URIs (ai_element_string_to_dl_uri.json)", () => {
  // Skipped: two cases with permitUnknownAIs (non-default), which vivify the unknown AI (89).
  const cases = dlGenerateVectors.cases.filter((c) => usesDefaults(c.options));

  it.each(cases.map((c) => [c.ai_element_string, c.stem ?? "(canonical)", c] as const))(
    "%j with stem %s",
    (data, _stem, c) => {
      const parsed = parseBracketed(data);
      const generated = parsed.ok ? toDigitalLink(parsed.ais, c.stem ?? undefined) : parsed;
      expect(generated.ok).toBe(c.valid);
      if (generated.ok && "uri" in generated) {
        expect(generated.uri).toBe(c.expected_uri);
        // A link may reorder AIs (key and qualifiers first) and carries each AI once.
        expect(sortByAi(elements(parseDigitalLink(generated.uri)))).toEqual(sortByAi(dedupe(elements(parsed))));
      }
    },
  );
});

function sortByAi(ais: Gs1Element[]): Gs1Element[] {
  return [...ais].sort((a, b) => (a.ai < b.ai ? -1 : a.ai > b.ai ? 1 : 0));
}

function dedupe(ais: Gs1Element[]): Gs1Element[] {
  const seen = new Set<string>();
  return ais.filter(({ ai }) => !seen.has(ai) && seen.add(ai));
}

describe("percent escaping in Digital Link URIs (dl_uri_percent_escaping.json)", () => {
  it.each(escapingVectors.escape_cases.map((c) => [c.input, c] as const))("escapes %j", (text, c) => {
    expect(escapeDigitalLinkComponent(text, "path")).toBe(c.expected_path_escaped);
    expect(escapeDigitalLinkComponent(text, "query")).toBe(c.expected_query_escaped);
  });

  it.each(escapingVectors.unescape_cases.map((c) => [c.input, c] as const))("unescapes %j", (text, c) => {
    expect(unescapeDigitalLinkComponent(text, "path")).toBe(c.expected_path_unescaped);
    expect(unescapeDigitalLinkComponent(text, "query")).toBe(c.expected_query_unescaped);
  });

  it("refuses %00, which would smuggle a NUL into a value", () => {
    expect(unescapeDigitalLinkComponent("A%00B", "path")).toBeNull();
  });
});

// The library's "data" string: AI data starting with "^", an EAN/UPC primary as digits, and a
// composite component after "|".
function expectedAis(data: string): Gs1Element[] {
  return data
    .split("|")
    .flatMap((part) =>
      part.startsWith("^") ? elements(parseAiData(part)) : [{ ai: "01", value: part.padStart(14, "0") }],
    );
}

const isAiData = (data: string) => /^(\^|\d{8,14}(\||$))/.test(data);
const isDigitalLink = (data: string) => /^(https?|HTTPS?):\/\//.test(data);

describe("scanner output with symbology identifiers (scan_data_gs_separator.json)", () => {
  const cases = scanVectors.process_cases.filter((c) => usesDefaults(c.options));

  it.each(cases.map((c) => [c.scan_data, c] as const))("%j", (scan, c) => {
    const parsed = parseGs1(scan);
    if (c.valid && isAiData(c.expected_data)) {
      expect(elements(parsed)).toEqual(expectedAis(c.expected_data));
    } else if (c.valid && isDigitalLink(c.expected_data)) {
      expect(elements(parsed)).toEqual(elements(parseDigitalLink(c.expected_data)));
    } else {
      // Invalid for GS1, or valid plain text (e.g. "]Q1TESTING", "]Q1HtTps://…" whose scheme is
      // not lower or upper case): neither is GS1 data, so the receiving form refuses it.
      expect(parsed.ok).toBe(false);
    }
  });

  // Lotline does not write scanner output (labels are drawn by bwip-js from element strings), so
  // the generate cases run backwards: reading the scanner output must give the data's AIs.
  // Skipped: cases with no output, plain-text data, and addCheckDigit (non-default).
  const generated = scanVectors.generate_cases.filter(
    (c) => usesDefaults(c.options) && c.expected_scan_data !== null && isAiData(c.data),
  );

  it.each(generated.map((c) => [c.expected_scan_data ?? "", c.symbology, c] as const))(
    "reads %j written for %s",
    (scan, _symbology, c) => {
      expect(elements(parseGs1(scan))).toEqual(expectedAis(c.data));
    },
  );
});

// GS1's test highlights the offending characters between asterisks, e.g. "20*13*10".
function highlight(text: string, at: number, length: number): string {
  return `${text.slice(0, at)}*${text.slice(at, at + length)}*${text.slice(at + length)}`;
}

describe("component linters (component_linters_checkdigit_dates.json)", () => {
  for (const [name, cases] of Object.entries(linterVectors.linters)) {
    const linter = LINTERS[name.replace(/^lint_/, "")];
    it.each(cases.map((c) => [c.input, c] as const))(`${name} judges %j as GS1 does`, (text, c) => {
      const error = linter(text);
      if (c.valid) {
        expect(error).toBeNull();
      } else {
        expect(error?.code).toBe(c.expected_error?.replace(/^GS1_LINTER_/, ""));
        expect(error && highlight(text, error.at, error.length)).toBe(c.error_highlight);
      }
    });
  }
});

describe("AI combination rules (ai_association_and_linter_rules.json)", () => {
  // Every case here sets permitUnknownAIs, which only matters when an AI is unknown: cases whose
  // AIs are all in the dictionary run (the 10 with (89) or (3338) are skipped). As in GS1's test, only
  // the named check runs on each case.
  const checks: Record<string, (ais: Gs1Element[]) => string | null> = {
    validateAIrepeats: checkRepeats,
    validateAImutex: checkMutex,
    validateAIrequisites: checkRequisites,
    validateDigSigRequiresSerialisedKey: checkDigitalSignatureKey,
  };
  const allKnown = (bracketed: string) => [...bracketed.matchAll(/\((\d+)\)/g)].every(([, ai]) => findAi(ai));
  const cases = associationVectors.cases.filter((c) => allKnown(c.bracketed));

  it.each(cases.map((c) => [c.bracketed, c.check, c] as const))("%j under %s", (bracketed, check, c) => {
    const problem = checks[check](elements(parseBracketed(bracketed)));
    expect(problem === null, problem ?? "").toBe(c.valid);
  });

  // Skipped: the US coupon linters (8110, 8112), which Lotline does not implement.
  const linterCases = associationVectors.linter_cases.filter((c) => !/^\(811[02]\)/.test(c.bracketed));

  it.each(linterCases.map((c) => [c.bracketed, c.expected_linter_result] as const))(
    "%j gives %s",
    (bracketed, result) => {
      const parsed = parseBracketed(bracketed);
      if (result === "GS1_LINTER_OK") expect(parsed.ok).toBe(true);
      else expect(parsed.ok ? "valid" : parsed.lintCode).toBe(result.replace(/^GS1_LINTER_/, ""));
    },
  );
});
