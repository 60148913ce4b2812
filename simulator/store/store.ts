// The in-memory state of the simulated Shopify: one store holds many shops, an injectable
// clock, one id sequence, and listeners that see every change (a webhook layer subscribes).
import { gid, parseGid } from "./ids";
import type {
  AddressFields,
  CustomerRecord,
  FlowTriggerRecord,
  FulfillmentOrderRecord,
  FulfillmentRecord,
  InventoryAdjustmentGroupRecord,
  InventoryItemRecord,
  InventoryLevelRecord,
  LineItemRecord,
  LocationRecord,
  MetafieldDefinitionRecord,
  MetafieldRecord,
  OrderRecord,
  Plan,
  ProductRecord,
  RefundRecord,
  ShopRecord,
  StoreChange,
  StoreRecord,
  VariantRecord,
  WebhookTopic,
} from "./types";

export type ChangeListener = (change: StoreChange) => void;

export interface Store {
  /** Numeric id of the app talking to the store; `$app` namespaces resolve to `app--<appId>`. */
  readonly appId: number;
  readonly shops: Map<string, ShopState>;
  clock(): number;
  nextId(): number;
  subscribe(listener: ChangeListener): () => void;
  emit(changes: readonly StoreChange[]): void;
}

/** A remembered `@idempotent` mutation: its input, the answer it gave, and whether it failed. */
export interface IdempotentResult {
  input: unknown;
  payload: unknown;
  failed: boolean;
}

export interface ShopState {
  readonly store: Store;
  readonly shop: ShopRecord;
  readonly locations: Map<string, LocationRecord>;
  readonly products: Map<string, ProductRecord>;
  readonly variants: Map<string, VariantRecord>;
  readonly inventoryItems: Map<string, InventoryItemRecord>;
  readonly inventoryLevels: Map<string, InventoryLevelRecord>;
  readonly customers: Map<string, CustomerRecord>;
  readonly orders: Map<string, OrderRecord>;
  readonly lineItems: Map<string, LineItemRecord>;
  readonly fulfillmentOrders: Map<string, FulfillmentOrderRecord>;
  readonly fulfillments: Map<string, FulfillmentRecord>;
  readonly refunds: Map<string, RefundRecord>;
  readonly metafields: Map<string, MetafieldRecord>;
  readonly metafieldDefinitions: Map<string, MetafieldDefinitionRecord>;
  readonly adjustmentGroups: Map<string, InventoryAdjustmentGroupRecord>;
  readonly flowTriggers: FlowTriggerRecord[];
  /** Keyed by mutation name and idempotency key. */
  readonly idempotency: Map<string, IdempotentResult>;
  orderSequence: number;
}

export interface StoreOptions {
  /** Milliseconds since the epoch; tests pass a fake clock. */
  clock?: () => number;
  appId?: number;
}

export function createStore(options: StoreOptions = {}): Store {
  const listeners = new Set<ChangeListener>();
  // Ids are unique across shops, so an id from one shop is never found in another.
  let lastId = 1000;
  return {
    appId: options.appId ?? 1,
    shops: new Map(),
    clock: options.clock ?? (() => Date.now()),
    nextId: () => ++lastId,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(changes) {
      for (const change of changes) for (const listener of listeners) listener(change);
    },
  };
}

export interface CreateShopInput {
  name: string;
  myshopifyDomain?: string;
  email?: string;
  currencyCode?: string;
  ianaTimezone?: string;
  plan?: Plan;
  /** Locations to create; one "Shop location" when omitted, as every Shopify shop has one. */
  locations?: CreateLocationInput[];
}

export interface CreateLocationInput {
  name: string;
  isActive?: boolean;
  fulfillsOnlineOrders?: boolean;
  address?: Partial<AddressFields>;
}

export function createShop(store: Store, input: CreateShopInput): ShopState {
  const domain = input.myshopifyDomain ?? `${slugify(input.name)}.myshopify.com`;
  if (store.shops.has(domain)) throw new Error(`Shop ${domain} already exists`);
  const now = isoTime(store.clock());
  const email = input.email ?? `owner@${domain}`;
  const state: ShopState = {
    store,
    shop: {
      __typename: "Shop",
      id: gid("Shop", store.nextId()),
      name: input.name,
      email,
      contactEmail: email,
      myshopifyDomain: domain,
      currencyCode: input.currencyCode ?? "USD",
      ianaTimezone: input.ianaTimezone ?? "Etc/UTC",
      plan: input.plan ?? "standard",
      createdAt: now,
      updatedAt: now,
    },
    locations: new Map(),
    products: new Map(),
    variants: new Map(),
    inventoryItems: new Map(),
    inventoryLevels: new Map(),
    customers: new Map(),
    orders: new Map(),
    lineItems: new Map(),
    fulfillmentOrders: new Map(),
    fulfillments: new Map(),
    refunds: new Map(),
    metafields: new Map(),
    metafieldDefinitions: new Map(),
    adjustmentGroups: new Map(),
    flowTriggers: [],
    idempotency: new Map(),
    orderSequence: 0,
  };
  store.shops.set(domain, state);
  for (const location of input.locations ?? [{ name: "Shop location" }]) createLocation(state, location);
  return state;
}

export function getShop(store: Store, domain: string): ShopState {
  const state = store.shops.get(domain);
  if (!state) throw new Error(`No simulated shop ${domain}`);
  return state;
}

/** Changing the plan changes the Admin API rate limits the shop gets from then on. */
export function setShopPlan(state: ShopState, plan: Plan): void {
  state.shop.plan = plan;
  state.shop.updatedAt = nowIso(state);
}

export function createLocation(state: ShopState, input: CreateLocationInput): Changed<LocationRecord> {
  const now = nowIso(state);
  const location: LocationRecord = {
    __typename: "Location",
    id: newGid(state, "Location"),
    name: input.name,
    isActive: input.isActive ?? true,
    fulfillsOnlineOrders: input.fulfillsOnlineOrders ?? true,
    address: {
      address1: null,
      address2: null,
      city: null,
      province: null,
      provinceCode: null,
      country: "United States",
      countryCode: "US",
      zip: null,
      phone: null,
      ...input.address,
    },
    createdAt: now,
    updatedAt: now,
  };
  state.locations.set(location.id, location);
  const changes = new ChangeSet(state);
  changes.add("locations/create", location.id);
  return changes.commit(location);
}

/** The result of every state change: what it produced and the webhook-worthy changes it made. */
export interface Changed<T> {
  value: T;
  changes: StoreChange[];
}

/** Collects the changes one operation makes, once each, then hands them to listeners. */
export class ChangeSet {
  private readonly changes: StoreChange[] = [];

  constructor(private readonly state: ShopState) {}

  add(topic: WebhookTopic, subjectId: string): void {
    if (this.changes.some((c) => c.topic === topic && c.subjectId === subjectId)) return;
    this.changes.push({
      shop: this.state.shop.myshopifyDomain,
      topic,
      subjectId,
      occurredAt: nowIso(this.state),
    });
  }

  get list(): readonly StoreChange[] {
    return this.changes;
  }

  commit<T>(value: T): Changed<T> {
    this.state.store.emit(this.changes);
    return { value, changes: [...this.changes] };
  }
}

/** Shopify's DateTime format: UTC, whole seconds. */
export function isoTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export function nowIso(state: ShopState): string {
  return isoTime(state.store.clock());
}

export function newGid(state: ShopState, type: string): string {
  return gid(type, state.store.nextId());
}

/** Any record of this shop by its global id, or undefined. */
export function findRecord(state: ShopState, id: string): StoreRecord | undefined {
  const parsed = parseGid(id);
  if (!parsed) return undefined;
  const maps: Record<string, Map<string, StoreRecord> | undefined> = {
    Customer: state.customers,
    Fulfillment: state.fulfillments,
    FulfillmentOrder: state.fulfillmentOrders,
    InventoryAdjustmentGroup: state.adjustmentGroups,
    InventoryItem: state.inventoryItems,
    InventoryLevel: state.inventoryLevels,
    LineItem: state.lineItems,
    Location: state.locations,
    Metafield: state.metafields,
    MetafieldDefinition: state.metafieldDefinitions,
    Order: state.orders,
    Product: state.products,
    ProductVariant: state.variants,
    Refund: state.refunds,
  };
  if (parsed.type === "Shop") return state.shop.id === id ? state.shop : undefined;
  return maps[parsed.type]?.get(id);
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
