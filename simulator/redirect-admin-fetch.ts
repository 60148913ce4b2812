// Preload for the app process in tests and the demo:
//   SHOPIFY_SIMULATOR_URL=http://127.0.0.1:PORT node --import tsx --import ./simulator/redirect-admin-fetch.ts server.ts
// sends the app's Shopify traffic (Admin API, token exchange) to the simulated Shopify.
//
// The Shopify library binds `fetch` when its runtime adapter loads, and the app loads that
// adapter later through @shopify/shopify-app-remix/server (which imports shopify-api's web-api
// adapter). So this preload first loads the same modules the app's shopify.server.ts does; the
// app's later imports then hit Node's module cache and do not rebind, and the override sticks.
import "@shopify/shopify-app-remix/adapters/node";
import "@shopify/shopify-app-remix/server";
import { redirectAdminFetch } from "./admin-fetch-redirect";

const simulatorUrl = process.env.SHOPIFY_SIMULATOR_URL;
if (!simulatorUrl || !/^https?:\/\//.test(simulatorUrl)) {
  throw new Error(
    "SHOPIFY_SIMULATOR_URL must be the simulated Shopify's URL (e.g. http://127.0.0.1:4100) when preloading redirect-admin-fetch",
  );
}
redirectAdminFetch(simulatorUrl);
