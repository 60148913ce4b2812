// The origin UI extensions' requests come from: Shopify serves extension code from its CDN.
export const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";
