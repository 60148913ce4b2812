// GS1 element strings in both spellings: bracketed "(01)…(10)…" as printed under barcodes, and
// raw AI data where FNC1 ("^" here, GS in scanner output) ends each variable-length value.
import { aiLengthByPrefix, checkAiValue, findAi, type Gs1Element, maxLength, needsSeparator } from "./gs1-ai-values";

export type ElementsResult = { ok: true; ais: Gs1Element[] } | { ok: false; error: string; lintCode?: string };

/** GS1's syntax engine stops at 64 AIs per message; so do we, which also bounds the work per scan. */
export const MAX_AIS = 64;

function failure(error: string, lintCode?: string): { ok: false; error: string; lintCode?: string } {
  return lintCode ? { ok: false, error, lintCode } : { ok: false, error };
}

/** Reads a bracketed element string such as "(01)09506000134352(10)ABC"; "(" in a value is "\(". */
export function parseBracketed(text: string): ElementsResult {
  const ais: Gs1Element[] = [];
  let pos = 0;
  if (!text.startsWith("("))
    return failure(`A bracketed GS1 element string starts with an AI in brackets, like "(01)"`);
  while (pos < text.length) {
    const close = text.indexOf(")", pos);
    if (close === -1) return failure(`The "(" at position ${pos + 1} has no closing ")"`);
    const ai = text.slice(pos + 1, close);
    if (!/^\d+$/.test(ai)) return failure(`"(${ai})" is not an AI: AIs are 2 to 4 digits`);
    if (!findAi(ai)) return failure(`Unknown AI (${ai})`);

    let value = "";
    pos = close + 1;
    for (;;) {
      const next = text.indexOf("(", pos);
      const end = next === -1 ? text.length : next;
      if (next !== -1 && text[next - 1] === "\\") {
        value += `${text.slice(pos, next - 1)}(`;
        pos = next + 1;
        continue;
      }
      value += text.slice(pos, end);
      pos = end;
      break;
    }
    const problem = checkAiValue(ai, value);
    if (problem) return failure(problem.message, problem.lintCode);
    ais.push({ ai, value });
    if (ais.length > MAX_AIS) return failure(`A GS1 message can hold at most ${MAX_AIS} AIs`);
  }
  return { ok: true, ais };
}

/**
 * Reads raw AI data that starts with FNC1, e.g. "^0109506000134352" + "10ABC^17250101"
 * joined. `separator` is what stands for FNC1 after a variable-length value ("^" or GS).
 */
export function parseAiData(input: string, separators: string = "^"): ElementsResult {
  if (!separators.includes(input[0] ?? "")) return failure("GS1 data must start with FNC1");
  const isSeparator = (char: string | undefined) => char !== undefined && separators.includes(char);
  const data = input.slice(1);
  if (data === "" || [...data].every(isSeparator)) return failure("There is no GS1 data after the FNC1");

  const ais: Gs1Element[] = [];
  let pos = 0;
  while (pos < data.length) {
    const prefix = data.slice(pos, pos + 2);
    const aiLength = /^\d\d$/.test(prefix) ? aiLengthByPrefix(prefix) : undefined;
    if (aiLength === undefined) {
      const after = ais.length ? ` after AI (${ais.at(-1)?.ai})` : "";
      return failure(`No known AI at "${excerpt(data.slice(pos))}"${after}`);
    }
    const ai = data.slice(pos, pos + aiLength);
    const definition = findAi(ai);
    if (!definition) return failure(`Unknown AI (${ai})`);
    pos += aiLength;

    let end = pos;
    while (end < data.length && !isSeparator(data[end])) end += 1;
    if (!definition.fnc1) end = Math.min(end, pos + maxLength(definition));
    const value = data.slice(pos, end);
    const problem = checkAiValue(ai, value);
    if (problem) return failure(problem.message, problem.lintCode);
    ais.push({ ai, value });
    if (ais.length > MAX_AIS) return failure(`A GS1 message can hold at most ${MAX_AIS} AIs`);

    pos = end;
    // A separator after a predefined-length value is superfluous but harmless, so it is skipped too.
    if (isSeparator(data[pos])) pos += 1;
  }
  return { ok: true, ais };
}

function excerpt(text: string): string {
  const visible = text.replaceAll("\x1d", "␝");
  return visible.length > 12 ? `${visible.slice(0, 12)}…` : visible;
}

/** "(01)09506000134352(10)ABC", as printed under a barcode; "(" in a value is escaped as "\(". */
export function toElementString(ais: readonly Gs1Element[]): string {
  return ais.map(({ ai, value }) => `(${ai})${value.replaceAll("(", "\\(")}`).join("");
}

/**
 * Raw AI data for a barcode encoder: FNC1 first, then each AI and value, with `separator` after
 * every value whose AI lacks a predefined length, except the last.
 */
export function toAiData(ais: readonly Gs1Element[], separator = "^"): string {
  return ais
    .map(({ ai, value }, i) => `${ai}${value}${i < ais.length - 1 && needsSeparator(ai) ? separator : ""}`)
    .reduce((data, element) => data + element, separator);
}
