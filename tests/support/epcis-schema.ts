// The GS1 EPCIS 2.0 JSON Schema (draft-07) as ajv compiles it, for tests that check Lotline's
// EPCIS documents are ones a trading partner's system accepts.
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";

// Kept in the repository (tests/fixtures/epcis, with GS1's notice) so the tests need nothing outside it.
const SCHEMA_FILE = path.resolve(import.meta.dirname, "../fixtures/epcis/EPCIS-JSON-Schema.json");

let compiled: ReturnType<Ajv["compile"]> | null = null;

/** The schema's complaints about a document, as readable lines; empty when it validates. */
export function epcisSchemaErrors(document: unknown): string[] {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, "utf8"));
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  if (compiled(document)) return [];
  return (compiled.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message}`);
}
