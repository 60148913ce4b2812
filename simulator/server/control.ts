// What a merchant, a customer or Shopify itself does to the simulated store, as functions for
// tests and the demo (the control API exposes the same over HTTP). Store changes reach the app
// as webhooks on their own; installs, uninstalls and privacy requests are sent from here.
import type { AppAccess } from "../auth/access-tokens";
import { mintSessionToken } from "../auth/session-token";
import {
  type AdjustInventoryInput,
  adjustInventory,
  type CancelOrderInput,
  type CreateCustomerInput,
  type CreateLocationInput,
  type CreateProductInput,
  type CreateShopInput,
  cancelOrder,
  createCustomer,
  createLocation,
  createOrder,
  createProduct,
  createShop,
  deleteProduct,
  type EditOrderInput,
  editOrder,
  type FulfillOrderInput,
  fulfillOrder,
  gid,
  type MoveInventoryInput,
  moveInventory,
  type OrderLineInput,
  parseGid,
  type RefundOrderInput,
  refundOrder,
  type ShopState,
  type Store,
  setShopPlan,
} from "../store";
import type { Plan } from "../store/types";
import type { DeliveryFilter, WebhookDelivery, WebhookDeliveryRecord } from "../webhooks/delivery";
import type { WebhookFaults } from "../webhooks/faults";
import {
  customersDataRequestPayload,
  customersRedactPayload,
  shopPayload,
  shopRedactPayload,
} from "../webhooks/payloads";

/** A control request that cannot be done; `status` is what the HTTP control API answers. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ControlError";
  }
}

/** Ids may be given as gids or as the bare numbers REST and URLs use. */
export type IdInput = string | number;

export interface PlaceOrderLine extends Omit<OrderLineInput, "variantId"> {
  variantId?: IdInput;
  /** Alternative to variantId: the variant with this SKU. */
  sku?: string;
}

export interface PlaceOrderInput {
  customerId?: IdInput | null;
  email?: string | null;
  lines: PlaceOrderLine[];
  locationId?: IdInput;
  tags?: string[];
  note?: string | null;
}

export interface ReturnItemsInput {
  lines: { lineItemId: IdInput; quantity: number; locationId?: IdInput }[];
  note?: string | null;
}

type WithIds<T> = Omit<T, "inventoryItemId" | "locationId"> & { inventoryItemId: IdInput; locationId: IdInput };

function levelIds(input: { inventoryItemId: IdInput; locationId: IdInput }) {
  return {
    inventoryItemId: toGid("InventoryItem", input.inventoryItemId),
    locationId: toGid("Location", input.locationId),
  };
}

export interface ControlDeps {
  store: Store;
  access: AppAccess;
  delivery: WebhookDelivery;
  topics: ReadonlySet<string>;
  apiKey: string;
  apiSecret: string;
}

export function toGid(type: string, value: IdInput): string {
  if (typeof value === "number" || /^\d+$/.test(value)) return gid(type, Number(value));
  const parsed = parseGid(value);
  if (parsed?.type !== type) throw new ControlError(422, `${value} is not a ${type} id`);
  return value;
}

export function createSimulatorControl(deps: ControlDeps) {
  const { store, access, delivery } = deps;
  let lastDataRequestId = 0;

  function shopState(domain: string): ShopState {
    const state = store.shops.get(domain);
    if (!state) throw new ControlError(404, `No simulated shop ${domain}`);
    return state;
  }

  function variantFor(state: ShopState, line: PlaceOrderLine): string {
    if (line.variantId !== undefined) return toGid("ProductVariant", line.variantId);
    const variant = line.sku ? [...state.variants.values()].find((v) => v.sku === line.sku) : undefined;
    if (!variant) throw new ControlError(422, `No variant with SKU ${line.sku ?? "(none given)"}`);
    return variant.id;
  }

  function customerOf(state: ShopState, customerId: IdInput) {
    const customer = state.customers.get(toGid("Customer", customerId));
    if (!customer) throw new ControlError(404, `No customer ${customerId} in ${state.shop.myshopifyDomain}`);
    return customer;
  }

  function send(state: ShopState, topic: string, body: Record<string, unknown>): WebhookDeliveryRecord[] {
    return delivery.send({ shop: state.shop.myshopifyDomain, topic, body });
  }

  return {
    /** A new shop; the app is installed on it unless `installed: false`. */
    createShop(input: CreateShopInput & { installed?: boolean }) {
      if (input.myshopifyDomain && store.shops.has(input.myshopifyDomain)) {
        throw new ControlError(409, `Shop ${input.myshopifyDomain} already exists`);
      }
      const state = createShop(store, input);
      if (input.installed ?? true) access.install(state.shop.myshopifyDomain);
      return { shop: state.shop, locations: [...state.locations.values()] };
    },
    /** The shop's records, for a harness that needs ids (locations, variants, customers, orders). */
    describeShop(shop: string) {
      const state = shopState(shop);
      return {
        shop: state.shop,
        appInstalled: access.isInstalled(state.shop.myshopifyDomain),
        locations: [...state.locations.values()],
        products: [...state.products.values()].map((product) => ({
          ...product,
          variants: product.variantIds.map((id) => state.variants.get(id)!),
        })),
        customers: [...state.customers.values()],
        orders: [...state.orders.values()],
      };
    },
    createLocation: (shop: string, input: CreateLocationInput) => createLocation(shopState(shop), input).value,
    createProduct: (shop: string, input: CreateProductInput) => createProduct(shopState(shop), input).value,
    deleteProduct: (shop: string, productId: IdInput) =>
      deleteProduct(shopState(shop), toGid("Product", productId)).value,
    createCustomer: (shop: string, input: CreateCustomerInput) => createCustomer(shopState(shop), input).value,

    /** A customer checks out: the order is placed and its units committed at the location. */
    placeOrder(shop: string, input: PlaceOrderInput) {
      const state = shopState(shop);
      return createOrder(state, {
        customerId: input.customerId == null ? null : toGid("Customer", input.customerId),
        email: input.email,
        lines: input.lines.map((line) => ({
          variantId: variantFor(state, line),
          quantity: line.quantity,
          price: line.price,
        })),
        locationId: input.locationId === undefined ? undefined : toGid("Location", input.locationId),
        tags: input.tags,
        note: input.note,
      }).value;
    },
    editOrder: (shop: string, orderId: IdInput, input: EditOrderInput) =>
      editOrder(shopState(shop), toGid("Order", orderId), input).value,
    cancelOrder: (shop: string, orderId: IdInput, input: CancelOrderInput = {}) =>
      cancelOrder(shopState(shop), toGid("Order", orderId), input).value,
    refundOrder: (shop: string, orderId: IdInput, input: RefundOrderInput) =>
      refundOrder(shopState(shop), toGid("Order", orderId), input).value,
    fulfillOrder: (shop: string, orderId: IdInput, input: FulfillOrderInput = {}) =>
      fulfillOrder(shopState(shop), toGid("Order", orderId), input).value,
    /**
     * A customer sends units back and the merchant refunds and restocks them. The store has no
     * Return object (returns/* topics are not simulated): this is Shopify's refund with
     * restockType RETURN, which sends refunds/create and puts the units back to `available`.
     */
    returnItems(shop: string, orderId: IdInput, input: ReturnItemsInput) {
      return refundOrder(shopState(shop), toGid("Order", orderId), {
        note: input.note ?? "Returned",
        lines: input.lines.map((line) => ({
          lineItemId: toGid("LineItem", line.lineItemId),
          quantity: line.quantity,
          restockType: "RETURN",
          locationId: line.locationId === undefined ? undefined : toGid("Location", line.locationId),
        })),
      }).value;
    },
    adjustInventory: (shop: string, input: WithIds<AdjustInventoryInput>) =>
      adjustInventory(shopState(shop), { ...input, ...levelIds(input) }).value,
    moveInventory: (shop: string, input: WithIds<MoveInventoryInput>) =>
      moveInventory(shopState(shop), { ...input, ...levelIds(input) }).value,
    setPlan(shop: string, plan: Plan) {
      setShopPlan(shopState(shop), plan);
      return shopState(shop).shop;
    },

    /** Shopify-managed install: from now on the app may exchange session tokens for this shop. */
    installApp(shop: string) {
      access.install(shopState(shop).shop.myshopifyDomain);
    },
    /** The merchant uninstalls: tokens are revoked, then app/uninstalled is sent. */
    uninstallApp(shop: string): WebhookDeliveryRecord[] {
      const state = shopState(shop);
      if (!access.isInstalled(shop)) throw new ControlError(409, `The app is not installed on ${shop}`);
      access.uninstall(shop);
      return deps.topics.has("app/uninstalled") ? send(state, "app/uninstalled", shopPayload(state)) : [];
    },
    isAppInstalled: (shop: string) => access.isInstalled(shopState(shop).shop.myshopifyDomain),
    /** What the admin hands the embedded app: a session token signed with the app secret. */
    mintSessionToken(shop: string, options: { userId?: string; lifetimeSeconds?: number } = {}) {
      return mintSessionToken({
        shop: shopState(shop).shop.myshopifyDomain,
        apiKey: deps.apiKey,
        apiSecret: deps.apiSecret,
        now: new Date(store.clock()),
        ...options,
      });
    },

    // The mandatory privacy webhooks, sent whether or not the app is still installed.
    requestCustomerData(shop: string, customerId: IdInput) {
      const state = shopState(shop);
      const body = customersDataRequestPayload(state, customerOf(state, customerId), ++lastDataRequestId);
      return send(state, "customers/data_request", body);
    },
    redactCustomer(shop: string, customerId: IdInput) {
      const state = shopState(shop);
      return send(state, "customers/redact", customersRedactPayload(state, customerOf(state, customerId)));
    },
    redactShop(shop: string) {
      const state = shopState(shop);
      return send(state, "shop/redact", shopRedactPayload(state));
    },

    webhookDeliveries: (filter?: DeliveryFilter) => delivery.deliveries(filter),
    /** Resolves once every webhook sent so far has been delivered, dropped or given up on. */
    waitForWebhooks: () => delivery.idle(),
    webhookFaults: () => delivery.faults(),
    setWebhookFaults: (faults: WebhookFaults) => delivery.setFaults(faults),
    releaseHeldWebhooks: () => delivery.releaseHeld(),
  };
}

export type SimulatorControl = ReturnType<typeof createSimulatorControl>;
