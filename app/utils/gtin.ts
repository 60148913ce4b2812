// GTINs as shops store them: Shopify's barcode field holds whatever the merchant typed, usually
// the 13 digits printed under an EAN-13, while GS1 AI (01) always carries 14.

/** A GTIN of 8 to 14 digits in each length it can be written in (14, 13, 12, 8), longest first. */
export function gtinForms(gtin: string): string[] {
  if (!/^\d{8,14}$/.test(gtin)) return [];
  const gtin14 = gtin.padStart(14, "0");
  return [14, 13, 12, 8]
    .filter((length) => /^0*$/.test(gtin14.slice(0, 14 - length)))
    .map((length) => gtin14.slice(14 - length));
}
