// The Receive page's server side: what the form needs to render (locations, templates, the
// counters behind the code preview) and turning a posted form into a receipt. Products are
// resolved from Shopify by variant id here; nothing the browser says about a product is used.
import type { Db } from "../db.server";
import { isValidGtin, toGtin14 } from "../domain/gs1";
import {
  calendarDay,
  type FieldErrors,
  planReceipt,
  type ReceiveStockInput,
  type ReceiveVariant,
} from "../domain/receiving";
import { listRecentSequences } from "../models/code-sequence.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { type CatalogVariant, fetchLocations, fetchShopTimeZone, fetchVariants } from "../shopify/catalog.server";
import { AppError } from "../utils/errors";
import { retrieveCodeTemplates } from "./code-templates.server";
import { locationCode, splitSerials } from "./receive-form";
import type { ReceiveForm } from "./receive-form-schema";
import { type EnqueueWriteBack, receiveStock } from "./receive-stock.server";

/** Everything the Receive page renders with, in one round of Shopify and database reads. */
export async function loadReceivePage(db: Db, input: { shopId: string; graphql: AdminGraphql; now?: Date }) {
  const [locations, timeZone, templates, lastIssued] = await Promise.all([
    fetchLocations(input.graphql),
    fetchShopTimeZone(input.graphql),
    retrieveCodeTemplates(db, input.shopId),
    listRecentSequences(db, input.shopId),
  ]);
  return {
    locations: locations.map((location) => ({
      id: location.id,
      name: location.name,
      code: templates.locationCodes[location.id] ?? locationCode(location.name),
    })),
    timeZone,
    today: calendarDay(input.now ?? new Date(), safeTimeZone(timeZone)),
    lotTemplate: templates.lotTemplate,
    serialTemplate: templates.serialTemplate,
    lastIssued,
  };
}

export interface ReceiveFromFormCollaborators {
  shopId: string;
  /** Who submitted the form, as audit entries name actors ("user:<id>"). */
  actor: string;
  graphql: AdminGraphql;
  enqueue: EnqueueWriteBack;
}

/**
 * Receives what the merchant entered. Variants and locations come from Shopify; a variant that
 * is not the shop's, or a scanned GTIN that is not the chosen variant's barcode, is a field
 * error like any other. Throws AppError INVALID_DATA with every field error at once, having
 * written nothing.
 */
export async function receiveFromForm(db: Db, form: ReceiveForm, collaborators: ReceiveFromFormCollaborators) {
  const { graphql } = collaborators;
  const variantIds = form.lines.map((line) => line.variantId).filter(Boolean);
  const [variants, locations, timeZone, templates] = await Promise.all([
    variantIds.length ? fetchVariants(graphql, variantIds) : Promise.resolve([]),
    fetchLocations(graphql),
    fetchShopTimeZone(graphql),
    retrieveCodeTemplates(db, collaborators.shopId),
  ]);
  const variantById = new Map(variants.flatMap((variant) => (variant ? [[variant.variantId, variant]] : [])));
  const location = locations.find((candidate) => candidate.id === form.locationId);

  const catalogErrors: FieldErrors = {};
  const lines: ReceiveStockInput["lines"] = form.lines.map((line, index) => {
    const variant = variantById.get(line.variantId);
    if (line.variantId && !variant) {
      catalogErrors[`lines[${index}].variant`] =
        "This product is not in your shop (it may have been deleted); choose it again";
    }
    const mismatch = variant && line.gtin ? gtinMismatch(line.gtin, variant) : null;
    if (mismatch) catalogErrors[`lines[${index}].gtin`] = mismatch;
    return {
      // Missing: the service then says "Choose a product variant" for this line.
      variant: variant ? receiveVariant(variant) : (null as unknown as ReceiveVariant),
      quantity: line.quantity === "" ? Number.NaN : Number(line.quantity),
      supplierLotCode: line.supplierLotCode || null,
      gtin: line.gtin || null,
      producedAt: line.producedAt || null,
      bestBefore: line.bestBefore || null,
      expiresAt: line.expiresAt || null,
      lotCode: line.lotCode || null,
      serials:
        line.serialMode === "generate" ? "generate" : line.serialMode === "list" ? splitSerials(line.serials) : null,
    };
  });

  const input: ReceiveStockInput = {
    shopId: collaborators.shopId,
    actor: collaborators.actor,
    locationId: form.locationId,
    locationCode: location ? (templates.locationCodes[location.id] ?? locationCode(location.name)) : "",
    supplierName: form.supplierName || null,
    // A document type without a number says nothing; the select always has one chosen.
    referenceType: form.referenceNumber ? form.referenceType : null,
    referenceNumber: form.referenceNumber || null,
    timeZone: safeTimeZone(timeZone),
    note: form.note || null,
    lines,
  };
  const receiving = { ...templates, locations, enqueue: collaborators.enqueue };

  if (Object.keys(catalogErrors).length > 0) {
    // Report the rest of the form too, so the merchant fixes everything in one go.
    const planned = planReceipt(input, receiving);
    const fields = { ...(planned.ok ? {} : planned.fields), ...catalogErrors };
    const count = Object.keys(fields).length;
    throw new AppError(
      "INVALID_DATA",
      count === 1
        ? "The receipt has a problem; nothing was saved."
        : `The receipt has ${count} problems; nothing was saved.`,
      fields,
    );
  }
  return receiveStock(db, input, receiving);
}

function receiveVariant(variant: CatalogVariant): ReceiveVariant {
  return {
    variantId: variant.variantId,
    productId: variant.productId,
    inventoryItemId: variant.inventoryItemId,
    sku: variant.sku,
    productTitle: variant.productTitle,
    barcode: variant.barcode,
  };
}

/** A scanned GTIN belongs to the chosen variant when the variant has no GTIN barcode or the same one. */
function gtinMismatch(gtin: string, variant: CatalogVariant): string | null {
  const barcode = variant.barcode?.trim() ?? "";
  if (!isValidGtin(gtin) || !isValidGtin(barcode)) return null;
  if (toGtin14(gtin) === toGtin14(barcode)) return null;
  return `The scanned GTIN ${gtin} is not the barcode of ${variant.displayName} (${barcode}); scan that product's label or choose the product the label belongs to`;
}

/** Shopify's zone if this runtime knows it, else UTC (codes then carry the UTC day). */
function safeTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}
