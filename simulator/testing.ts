// A simulated shop with a controllable clock and a `graphql` function, for tests of the
// simulator and of code that talks to Shopify through it.
import { type AdminGraphqlResponse, executeAdminGraphql } from "./admin-api/execute";
import { createShop, createStore, type ShopState, type Store } from "./store/store";
import type { LocationRecord, Plan } from "./store/types";

export interface SimulatedShop {
  store: Store;
  state: ShopState;
  domain: string;
  location: LocationRecord;
  /** Moves the shared clock forward. */
  advanceTime(milliseconds: number): void;
  now(): number;
  graphql(query: string, variables?: Record<string, unknown>, operationName?: string): AdminGraphqlResponse;
}

export function simulatedShop(options: { plan?: Plan; startAt?: string } = {}): SimulatedShop {
  let now = Date.parse(options.startAt ?? "2026-03-01T09:00:00Z");
  const store = createStore({ clock: () => now });
  const state = createShop(store, { name: "Acme Soap", plan: options.plan });
  const domain = state.shop.myshopifyDomain;
  return {
    store,
    state,
    domain,
    location: [...state.locations.values()][0],
    advanceTime(milliseconds) {
      now += milliseconds;
    },
    now: () => now,
    graphql: (query, variables, operationName) =>
      executeAdminGraphql({ store, shop: domain, query, variables, operationName }),
  };
}

/** The `data` of a successful answer; fails loudly when the answer carries errors. */
export function dataOf<T = Record<string, unknown>>(response: AdminGraphqlResponse): T {
  if (response.body.errors) throw new Error(`Unexpected errors: ${JSON.stringify(response.body.errors, null, 2)}`);
  return response.body.data as T;
}
