// The shop, its locations, and lookups by global id (`node`, `nodes`).
import { findInventoryLevel } from "../../store/inventory";
import { findRecord } from "../../store/store";
import type { AddressFields, LocationRecord, Plan, ShopRecord } from "../../store/types";
import type { SearchFields } from "../search-query";
import { byId, connectionArgs, listConnection, numericId, type SortValues } from "./common";
import { type ResolverMap, withArgs } from "./framework";

const PLAN_NAMES: Record<Plan, string> = {
  standard: "Basic",
  advanced: "Advanced",
  plus: "Shopify Plus",
  enterprise: "Commerce Components",
};

const LOCATION_SORT_KEYS: SortValues<LocationRecord> = { NAME: (l) => l.name.toLowerCase() };

const LOCATION_SEARCH: SearchFields<LocationRecord> = {
  name: { kind: "text", read: (l) => l.name },
  id: { kind: "id", read: (l) => l.id },
  active: { kind: "text", read: (l) => String(l.isActive) },
};

export const shopResolvers: ResolverMap = {
  QueryRoot: {
    shop: (_source, _args, { state }) => state.shop,
    locations: withArgs(connectionArgs("query", "sortKey", "includeInactive", "includeLegacy"), (_s, args, context) => {
      const locations = [...context.state.locations.values()].filter((l) => args.includeInactive || l.isActive);
      return listConnection(locations, args, context, {
        resource: "locations",
        sortKeys: LOCATION_SORT_KEYS,
        search: LOCATION_SEARCH,
      });
    }),
    location: withArgs(["id"], (_s, args, { state }) =>
      args.id ? byId(state.locations, args.id) : ([...state.locations.values()].find((l) => l.isActive) ?? null),
    ),
    node: withArgs(["id"], (_s, args, { state }) => findRecord(state, args.id) ?? null),
    nodes: withArgs(["ids"], (_s, args, { state }) =>
      (args.ids as string[]).map((id) => findRecord(state, id) ?? null),
    ),
  },
  Shop: {
    plan: (shop: ShopRecord) => ({
      publicDisplayName: PLAN_NAMES[shop.plan],
      shopifyPlus: shop.plan === "plus" || shop.plan === "enterprise",
      partnerDevelopment: false,
    }),
    url: (shop: ShopRecord) => `https://${shop.myshopifyDomain}`,
    primaryDomain: (shop: ShopRecord) => ({
      id: `gid://shopify/Domain/${numericId(shop.id)}`,
      host: shop.myshopifyDomain,
      url: `https://${shop.myshopifyDomain}`,
      sslEnabled: true,
    }),
    timezoneOffset: () => "+0000",
    timezoneOffsetMinutes: () => 0,
    timezoneAbbreviation: () => "UTC",
  },
  Location: {
    address: (location: LocationRecord) => ({ ...location.address, formatted: formatAddress(location.address) }),
    inventoryLevel: withArgs(
      ["inventoryItemId", "includeInactive"],
      (location: LocationRecord, args, { state }) =>
        findInventoryLevel(state, args.inventoryItemId, location.id) ?? null,
    ),
    inventoryLevels: withArgs(connectionArgs("includeInactive"), (location: LocationRecord, args, context) => {
      const levels = [...context.state.inventoryLevels.values()].filter((level) => level.locationId === location.id);
      return listConnection(levels, args, context, { resource: "inventory levels" });
    }),
    activatable: (location: LocationRecord) => !location.isActive,
    deactivatable: (location: LocationRecord) => location.isActive,
    isFulfillmentService: () => false,
    shipsInventory: () => true,
    hasActiveInventory: (location: LocationRecord, _args, { state }) =>
      [...state.inventoryLevels.values()].some((level) => level.locationId === location.id),
  },
};

function formatAddress(address: AddressFields): string[] {
  const cityLine = [address.city, address.provinceCode ?? address.province, address.zip].filter(Boolean).join(" ");
  return [address.address1, address.address2, cityLine, address.country].filter((part): part is string => !!part);
}
