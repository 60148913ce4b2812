// The GS1 EPCIS 2.0 JSON Schema (draft-07) as ajv compiles it, for tests that check Lotline's
// EPCIS documents are ones a trading partner's system accepts.
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";

export const EPCIS_STANDARDS_DIR = path.resolve(process.cwd(), "../shared/standards/epcis");

let compiled: ReturnType<Ajv["compile"]> | null = null;

/** The schema's complaints about a document, as readable lines; empty when it validates. */
export function epcisSchemaErrors(document: unknown): string[] {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(path.join(EPCIS_STANDARDS_DIR, "EPCIS-JSON-Schema.json"), "utf8"));
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  if (compiled(document)) return [];
  return (compiled.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message}`);
}
