// GS1 Digital Link URIs: reading the AIs from any stem (primary key and qualifiers in the path,
// attributes in the query) and writing them back, following GS1's syntax engine.

import { checkAiValue, checkAssociations, findAi, type Gs1Element, maxLength, minLength } from "./gs1-ai-values";
import { GS1_AIS } from "./gs1-ais";

export type DigitalLinkResult = { ok: true; ais: Gs1Element[] } | { ok: false; error: string; lintCode?: string };

export const CANONICAL_STEM = "https://id.gs1.org";

const URI_CHARACTERS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
const BAD_DOMAIN_CHARACTER = /[_~?#@!$&'()*+,;=%]/;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

// All valid path sequences per primary key: the key, then any in-order selection of one of its
// qualifier lists (e.g. 01, 01 22, 01 10 21, 01 235…), sorted as GS1's engine sorts them, which
// decides between equally long choices when writing a link.
const PATH_SEQUENCES: ReadonlyMap<string, readonly (readonly string[])[]> = new Map(
  Object.entries(GS1_AIS).flatMap(([ai, definition]) => {
    if (!definition.dlpkey) return [];
    const sequences = new Map<string, string[]>();
    for (const qualifiers of definition.dlpkey) {
      for (let mask = 0; mask < 1 << qualifiers.length; mask += 1) {
        const sequence = [ai, ...qualifiers.filter((_, i) => mask & (1 << i))];
        sequences.set(sequence.join(" "), sequence);
      }
    }
    const sorted = [...sequences.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, sequence]) => sequence);
    return [[ai, sorted] as const];
  }),
);

const isPrimaryKey = (ai: string) => PATH_SEQUENCES.has(ai);

function isValidPathSequence(ais: readonly string[]): boolean {
  const joined = ais.join(" ");
  return (PATH_SEQUENCES.get(ais[0]) ?? []).some((seq) => seq.join(" ") === joined);
}

/**
 * Percent-decodes a URI component as GS1's engine does: "%" without two hex digits stays literal,
 * and "+" means a space only in the query. Returns null when the result would contain NUL.
 */
export function unescapeDigitalLinkComponent(text: string, part: "path" | "query"): string | null {
  let out = "";
  for (let i = 0; i < text.length; i += 1) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === "%" && i < text.length - 2 && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      const byte = Number.parseInt(hex, 16);
      if (byte === 0) return null;
      out += String.fromCharCode(byte);
      i += 2;
    } else if (part === "query" && text[i] === "+") {
      out += " ";
    } else {
      out += text[i];
    }
  }
  return out;
}

/** Percent-encodes all but unreserved characters; in the query a space becomes "+". */
export function escapeDigitalLinkComponent(text: string, part: "path" | "query"): string {
  let out = "";
  for (const char of text) {
    if (UNRESERVED.test(char)) out += char;
    else if (char === " " && part === "query") out += "+";
    else out += `%${(char.charCodeAt(0) & 0xff).toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function failure(error: string, lintCode?: string): { ok: false; error: string; lintCode?: string } {
  return lintCode ? { ok: false, error, lintCode } : { ok: false, error };
}

function checkLength(ai: string, value: string): string | null {
  const definition = findAi(ai);
  if (!definition) return `Unknown AI (${ai})`;
  if (value.length < minLength(definition) || value.length > maxLength(definition)) {
    return checkAiValue(ai, value)?.message ?? null;
  }
  return null;
}

/** Reads a GS1 Digital Link URI on any domain and stem into its AIs: path first, then query. */
export function parseDigitalLink(uri: string): DigitalLinkResult {
  const bad = [...uri].find((char) => !URI_CHARACTERS.test(char));
  if (bad !== undefined)
    return failure(`The link contains ${JSON.stringify(bad)}, which a URI cannot contain unescaped`);
  const scheme = /^(https?|HTTPS?):\/\//.exec(uri);
  if (!scheme) return failure("A GS1 Digital Link starts with https:// or http://");

  const rest = uri.slice(scheme[0].length);
  const slash = rest.indexOf("/");
  const domain = slash === -1 ? rest : rest.slice(0, slash);
  if (BAD_DOMAIN_CHARACTER.test(domain))
    return failure(`The link's domain "${domain}" contains a character a domain cannot`);
  if (slash < 1) return failure("The link has no domain and path");

  const afterDomain = rest.slice(slash).split("#")[0];
  const queryAt = afterDomain.indexOf("?");
  const path = queryAt === -1 ? afterDomain : afterDomain.slice(0, queryAt);
  const query = queryAt === -1 ? "" : afterDomain.slice(queryAt + 1);

  // Walk back from the end in /AI/value pairs until a primary key: whatever precedes it is stem.
  const segments = path.split("/").slice(1);
  let keyAt = -1;
  for (let i = segments.length - 2; i >= 0; i -= 2) {
    if (!/^\d{2,4}$/.test(segments[i]) || !findAi(segments[i])) break;
    if (isPrimaryKey(segments[i])) {
      keyAt = i;
      break;
    }
  }
  if (keyAt === -1) return failure("The link's path has no GS1 primary key, such as /01/ followed by a GTIN");

  const ais: Gs1Element[] = [];
  const pathAis: string[] = [];
  for (let i = keyAt; i < segments.length; i += 2) {
    const ai = segments[i];
    const value = unescapeDigitalLinkComponent(segments[i + 1], "path");
    if (segments[i + 1] === "") return failure(`AI (${ai}) has no value in the link's path`);
    if (value === null) return failure(`AI (${ai}) in the link's path decodes to a NUL character`);
    const problem = checkLength(ai, value);
    if (problem) return failure(problem);
    ais.push({ ai, value });
    pathAis.push(ai);
  }

  for (const param of query.split("&")) {
    const equals = param.indexOf("=");
    if (equals === -1) continue; // a bare flag is not AI data
    const ai = param.slice(0, equals);
    if (!/^\d+$/.test(ai)) continue; // non-AI parameters (e.g. utm_source) are not ours to judge
    if (!findAi(ai)) return failure(`Unknown AI (${ai}) in the link's query string`);
    const raw = param.slice(equals + 1);
    if (raw === "") return failure(`AI (${ai}) has no value in the link's query string`);
    const value = unescapeDigitalLinkComponent(raw, "query");
    if (value === null) return failure(`AI (${ai}) in the link's query string decodes to a NUL character`);
    const problem = checkLength(ai, value);
    if (problem) return failure(problem);
    ais.push({ ai, value });
  }

  if (!isValidPathSequence(pathAis)) {
    const orders = (findAi(pathAis[0])?.dlpkey ?? []).map((seq) => seq.map((ai) => `(${ai})`).join(", "));
    return failure(
      `In the link's path, AI (${pathAis[0]}) can only be followed by ${orders.join(" or ")}, in that order; got ${pathAis
        .slice(1)
        .map((ai) => `(${ai})`)
        .join(", ")}`,
    );
  }

  const seen = new Set<string>();
  for (const { ai } of ais) {
    if (seen.has(ai)) return failure(`AI (${ai}) appears more than once in the link`);
    seen.add(ai);
  }

  for (const { ai } of ais.slice(pathAis.length)) {
    if (!findAi(ai)?.dlAttribute) return failure(`AI (${ai}) cannot be a query parameter of a GS1 Digital Link`);
    for (let at = 1; at <= pathAis.length; at += 1) {
      if (isValidPathSequence([...pathAis.slice(0, at), ai, ...pathAis.slice(at)])) {
        return failure(`AI (${ai}) belongs in the link's path after AI (${pathAis[at - 1]}), not in the query string`);
      }
    }
  }

  for (const { ai, value } of ais) {
    const problem = checkAiValue(ai, value);
    if (problem) return failure(problem.message, problem.lintCode);
  }
  return { ok: true, ais };
}

/**
 * Writes AIs as a GS1 Digital Link: the first primary key in the data, with as many of its key
 * qualifiers as the data has, in the path; every other AI in the query, predefined-length AIs first,
 * each AI once.
 */
export function toDigitalLink(
  ais: readonly Gs1Element[],
  stem: string = CANONICAL_STEM,
): { ok: true; uri: string } | { ok: false; error: string } {
  for (const { ai, value } of ais) {
    const problem = checkAiValue(ai, value);
    if (problem) return { ok: false, error: problem.message };
  }
  const conflict = checkAssociations(ais, { requisites: false });
  if (conflict) return { ok: false, error: conflict };

  const key = ais.find(({ ai }) => isPrimaryKey(ai))?.ai;
  if (!key) {
    return { ok: false, error: "A GS1 Digital Link needs a primary key such as a GTIN (01), SSCC (00) or GLN (414)" };
  }
  const present = new Set(ais.map(({ ai }) => ai));
  let best: readonly string[] = [key];
  for (const sequence of PATH_SEQUENCES.get(key) ?? []) {
    if (sequence.length > best.length && sequence.every((ai) => present.has(ai))) best = sequence;
  }
  const valueFor = (ai: string) => ais.find((element) => element.ai === ai)?.value ?? "";

  let uri = stem.endsWith("/") ? stem.slice(0, -1) : stem;
  for (const ai of best) uri += `/${ai}/${escapeDigitalLinkComponent(valueFor(ai), "path")}`;

  const emitted = new Set(best);
  const params: string[] = [];
  for (const fixedLength of [true, false]) {
    for (const { ai, value } of ais) {
      const definition = findAi(ai);
      if (!definition || emitted.has(ai) || definition.fnc1 === fixedLength) continue;
      if (!definition.dlAttribute) return { ok: false, error: `AI (${ai}) cannot be carried in a GS1 Digital Link` };
      params.push(`${ai}=${escapeDigitalLinkComponent(value, "query")}`);
      emitted.add(ai);
    }
  }
  return { ok: true, uri: params.length ? `${uri}?${params.join("&")}` : uri };
}
