// The shop's batch-code and serial-number templates: the one place receiving reads them from,
// so the Settings page (still to come) only has to store them for every screen to follow.
import type { Db } from "../db.server";
import {
  type CodeTemplate,
  DEFAULT_LOT_TEMPLATE,
  DEFAULT_SERIAL_TEMPLATE,
  parseCodeTemplate,
  type TemplateKind,
} from "../domain/lot-code-template";

export interface ShopCodeTemplates {
  lotTemplate: CodeTemplate;
  serialTemplate: CodeTemplate;
}

/** The templates a shop issues codes from; Lotline's defaults until Settings lets merchants change them. */
export async function retrieveCodeTemplates(_db: Db, _shopId: string): Promise<ShopCodeTemplates> {
  return {
    lotTemplate: parsed(DEFAULT_LOT_TEMPLATE, "lot"),
    serialTemplate: parsed(DEFAULT_SERIAL_TEMPLATE, "serial"),
  };
}

function parsed(source: string, kind: TemplateKind): CodeTemplate {
  const result = parseCodeTemplate(source, { kind });
  // The defaults are Lotline's own; one that does not parse is a bug, not a merchant's mistake.
  if (!result.ok) throw new Error(`The default ${kind} template ${source} does not parse: ${result.error}`);
  return result.template;
}
