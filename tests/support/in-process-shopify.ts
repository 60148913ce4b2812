// The simulated Shopify in this test process, with the app's Admin API traffic redirected to
// it: for tests that call routes and jobs directly rather than running the app as a server.
// `shopify` and `store` are live bindings, set by the hooks `setUpInProcessShopify` registers.
import { afterAll, beforeAll, beforeEach, vi } from "vitest";
import { getQueue } from "../../app/jobs/queues.server";
import { redirectAdminFetch } from "../../simulator/admin-fetch-redirect";
import { type SimulatedShopify, startSimulatedShopify } from "../../simulator/server";
import { createStore, type Store } from "../../simulator/store/store";
import { TEST_API_KEY, TEST_API_SECRET } from "./test-env";

export let shopify: SimulatedShopify;
export const store: Store = createStore({ clock: () => Date.now() });

export function setUpInProcessShopify(): void {
  beforeAll(async () => {
    shopify = await startSimulatedShopify({
      apiKey: TEST_API_KEY,
      apiSecret: TEST_API_SECRET,
      store,
      webhookTopics: [],
    });
    // The library binds fetch when it loads; redirect after, so the redirect sticks.
    await import("../../app/shopify.server");
    redirectAdminFetch(shopify.url);
    await getQueue("shopify-writeback").obliterate({ force: true });
  });

  afterAll(async () => {
    await getQueue("shopify-writeback").obliterate({ force: true });
    await shopify?.close();
  });

  beforeEach(() => {
    // The Shopify library logs every token exchange at INFO through console.log.
    vi.spyOn(console, "log").mockImplementation(() => {});
  });
}
