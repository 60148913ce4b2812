// Judges GS1 Application Identifier values and combinations against the Barcode Syntax Dictionary:
// lengths, character sets, linters, FNC1 rules, and which AIs may, must or must not appear together.
import { GS1_AIS, type Gs1AiDefinition } from "./gs1-ais";
import { CSET_LINTERS, LINTERS } from "./gs1-linters";

export interface Gs1Element {
  ai: string;
  value: string;
}

/** A value problem, with GS1's linter result name when a linter found it (for tests and logs). */
export interface Gs1Problem {
  message: string;
  lintCode?: string;
}

export function findAi(ai: string): Gs1AiDefinition | undefined {
  return Object.hasOwn(GS1_AIS, ai) ? GS1_AIS[ai] : undefined;
}

// Every AI that starts with the same two digits has the same length; reading raw data relies on it.
const AI_LENGTH_BY_PREFIX: ReadonlyMap<string, number> = new Map(
  Object.keys(GS1_AIS).map((ai) => [ai.slice(0, 2), ai.length] as const),
);

/** The length of the AI that starts with these two digits, or undefined when GS1 defines none. */
export function aiLengthByPrefix(twoDigits: string): number | undefined {
  return AI_LENGTH_BY_PREFIX.get(twoDigits);
}

/**
 * Whether an FNC1 (GS) separator must follow this AI's value when another AI comes after it: true
 * unless the AI has a predefined length (such as (01), (11), (17)). Unknown AIs need one.
 */
export function needsSeparator(ai: string): boolean {
  return findAi(ai)?.fnc1 ?? true;
}

export function minLength(definition: Gs1AiDefinition): number {
  return definition.parts.reduce((sum, part) => sum + (part.optional ? 0 : part.min), 0);
}

export function maxLength(definition: Gs1AiDefinition): number {
  return definition.parts.reduce((sum, part) => sum + part.max, 0);
}

/** The longest value an AI takes, e.g. 20 for (10); undefined for an unknown AI. */
export function maxValueLength(ai: string): number | undefined {
  const definition = findAi(ai);
  return definition && maxLength(definition);
}

function lengthProblem(ai: string, definition: Gs1AiDefinition, length: number): string | null {
  const min = minLength(definition);
  const max = maxLength(definition);
  if (length >= min && length <= max) return null;
  const unit = definition.parts.every((part) => part.cset === "N") ? "digits" : "characters";
  if (min === max) return `AI (${ai}) must be ${min} ${unit}; got ${length}`;
  if (length > max) return `AI (${ai}) must be at most ${max} ${unit}; got ${length}`;
  return `AI (${ai}) must be at least ${min} ${unit}; got ${length}`;
}

function formatOf(definition: Gs1AiDefinition): string {
  return definition.parts
    .map((part) => {
      const spec = `${part.cset}${part.min === part.max ? part.max : `..${part.max}`}`;
      return part.optional ? `[${spec}]` : spec;
    })
    .join(" ");
}

/**
 * Checks one AI value completely: length, character set, and every linter of every component
 * (check digits, dates, country codes…). Returns the problem, or null when the value is valid.
 */
export function checkAiValue(ai: string, value: string): Gs1Problem | null {
  const definition = findAi(ai);
  if (!definition) return { message: `Unknown AI (${ai})` };
  if (value === "") return { message: `AI (${ai}) has no value` };
  const length = lengthProblem(ai, definition, value.length);
  if (length) return { message: length };

  // Components consume the value left to right, each as much as it may take (GS1's rule).
  let pos = 0;
  for (const part of definition.parts) {
    const take = Math.min(value.length - pos, part.max);
    if (part.optional && take === 0) continue;
    if (take < part.min) {
      return {
        message: `AI (${ai}) has ${value.length} characters, which does not fit its format ${formatOf(definition)}`,
      };
    }
    const component = value.slice(pos, pos + take);
    for (const linter of [CSET_LINTERS[part.cset], ...part.linters.map((name) => LINTERS[name])]) {
      const error = linter?.(component);
      if (error) return { message: `AI (${ai}) ${error.message}`, lintCode: error.code };
    }
    pos += take;
  }
  if (pos < value.length) return { message: `AI (${ai}) must be at most ${pos} characters; got ${value.length}` };
  return null;
}

/**
 * Checks only the character set of a value, whatever its length — for building values piece by
 * piece, as lot code templates do. Uses the AI's first component's set (one set for (10), (21)…).
 */
export function checkAiCharacters(ai: string, value: string): Gs1Problem | null {
  const part = findAi(ai)?.parts[0];
  if (!part) return { message: `Unknown AI (${ai})` };
  const error = CSET_LINTERS[part.cset](value);
  return error && { message: `AI (${ai}) ${error.message}`, lintCode: error.code };
}

/** The error message for an invalid AI value, or null when it is valid. */
export function validateAiValue(ai: string, value: string): string | null {
  return checkAiValue(ai, value)?.message ?? null;
}

/** Whether an AI present in the data matches a dictionary pattern like "01", "310n" or "35nn". */
function matchesPattern(ai: string, pattern: string): boolean {
  if (ai.length !== pattern.length) return false;
  return [...pattern].every((char, i) => char === "n" || char === ai[i]);
}

function describePatterns(patterns: readonly string[]): string {
  return patterns.map((pattern) => `(${pattern})`).join("+");
}

/** A repeated AI must repeat its value (reads of several barcodes on one item may overlap). */
export function checkRepeats(elements: readonly Gs1Element[]): string | null {
  const firstValue = new Map<string, string>();
  for (const { ai, value } of elements) {
    const seen = firstValue.get(ai);
    if (seen === undefined) firstValue.set(ai, value);
    else if (seen !== value) return `AI (${ai}) appears twice with different values ("${seen}" and "${value}")`;
  }
  return null;
}

// Finds another AI in the data matching a pattern; an AI never conflicts with or satisfies itself.
function finder(elements: readonly Gs1Element[]) {
  const present = [...new Set(elements.map((element) => element.ai))];
  return {
    present,
    find: (pattern: string, self: string) => present.find((ai) => ai !== self && matchesPattern(ai, pattern)),
  };
}

/** Mutually exclusive AIs (the dictionary's "ex"), e.g. a GTIN (01) and a content GTIN (02). */
export function checkMutex(elements: readonly Gs1Element[]): string | null {
  const { present, find } = finder(elements);
  for (const ai of present) {
    for (const pattern of findAi(ai)?.ex ?? []) {
      const other = find(pattern, ai);
      if (other) return `AI (${ai}) and AI (${other}) cannot appear together`;
    }
  }
  return null;
}

/** Mandatory companions (the dictionary's "req"), e.g. a lot (10) needs a GTIN (01) or similar. */
export function checkRequisites(elements: readonly Gs1Element[]): string | null {
  const { present, find } = finder(elements);
  for (const ai of present) {
    for (const alternatives of findAi(ai)?.req ?? []) {
      if (alternatives.some((group) => group.every((pattern) => find(pattern, ai)))) continue;
      const listed = alternatives.map(describePatterns);
      const needs = listed.length === 1 ? `AI ${listed[0]}` : `one of ${listed.join(", ")}`;
      return `AI (${ai}) needs ${needs} in the same data`;
    }
  }
  return null;
}

/** A digital signature (8030) needs the serial component of a GDTI (253), GCN (255) or GRAI (8003). */
export function checkDigitalSignatureKey(elements: readonly Gs1Element[]): string | null {
  if (!elements.some(({ ai }) => ai === "8030")) return null;
  for (const { ai, value } of elements) {
    const definition = ["253", "255", "8003"].includes(ai) ? findAi(ai) : undefined;
    if (definition && value.length === minLength(definition)) {
      return `AI (${ai}) must include its serial component when a digital signature (8030) is present`;
    }
  }
  return null;
}

/**
 * Checks how AIs combine, as GS1's syntax engine does by default. Requisites are optional because
 * GS1 evaluates them over all barcodes on an item, and one scan reads one barcode.
 */
export function checkAssociations(elements: readonly Gs1Element[], options: { requisites: boolean }): string | null {
  return (
    checkMutex(elements) ??
    (options.requisites ? checkRequisites(elements) : null) ??
    checkRepeats(elements) ??
    checkDigitalSignatureKey(elements)
  );
}
