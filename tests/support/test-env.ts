// The app environment tests run with. The secret signs webhooks and session tokens in
// tests exactly as Shopify's would.
export const TEST_API_KEY = "lotline-test-api-key";
export const TEST_API_SECRET = "lotline-test-api-secret";
export const TEST_APP_URL = "https://lotline.test";

export const TEST_APP_ENV = {
  NODE_ENV: "test",
  SHOPIFY_API_KEY: TEST_API_KEY,
  SHOPIFY_API_SECRET: TEST_API_SECRET,
  SHOPIFY_APP_URL: TEST_APP_URL,
  LOG_LEVEL: "silent",
};
