// The shop's batch-code and serial-number templates: the one place receiving reads them from,
// so the Settings page only has to store them for every screen to follow.
import type { Db } from "../db.server";
import { type CodeTemplate, parseCodeTemplate, type TemplateKind } from "../domain/lot-code-template";
import { DEFAULT_SHOP_SETTINGS } from "../settings/shop-settings";
import { retrieveShopSettings } from "../settings/shop-settings.server";

export interface ShopCodeTemplates {
  lotTemplate: CodeTemplate;
  serialTemplate: CodeTemplate;
  /** The shop's own `{LOCATION}` codes by Shopify location id; others use the name's initials. */
  locationCodes: Record<string, string>;
}

/** The templates a shop issues codes from, as saved in Settings (Lotline's defaults until then). */
export async function retrieveCodeTemplates(db: Db, shopId: string): Promise<ShopCodeTemplates> {
  const settings = await retrieveShopSettings(db, shopId);
  return {
    lotTemplate: parsed(settings.lotTemplate, DEFAULT_SHOP_SETTINGS.lotTemplate, "lot", settings.requireGs1),
    serialTemplate: parsed(
      settings.serialTemplate,
      DEFAULT_SHOP_SETTINGS.serialTemplate,
      "serial",
      settings.requireGs1,
    ),
    locationCodes: settings.locationCodes,
  };
}

function parsed(source: string, fallback: string, kind: TemplateKind, requireGs1: boolean): CodeTemplate {
  const result = parseCodeTemplate(source, { kind, requireGs1 });
  if (result.ok) return result.template;
  // Saved templates were checked on save; one that no longer parses (rules tightened since) must
  // not stop receiving, so the default stands in until the merchant saves Settings again.
  const fallbackResult = parseCodeTemplate(fallback, { kind });
  if (!fallbackResult.ok)
    throw new Error(`The default ${kind} template ${fallback} does not parse: ${fallbackResult.error}`);
  return fallbackResult.template;
}
