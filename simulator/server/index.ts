// The simulated Shopify as an HTTP server: the Admin API and OAuth endpoints the app reaches
// through its fetch redirect, webhook delivery to the app, and the control API.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ADMIN_API_VERSION } from "../admin-api/schema";
import { createAppAccess } from "../auth/access-tokens";
import { createStore, type Store } from "../store/store";
import { createWebhookDelivery, type WebhookDelivery } from "../webhooks/delivery";
import type { WebhookFaults } from "../webhooks/faults";
import { COMPLIANCE_TOPICS, connectStoreWebhooks } from "../webhooks/store-webhooks";
import { createAdminRoutes } from "./admin-routes";
import { readAppConfig } from "./app-config";
import { createSimulatorControl, type SimulatorControl } from "./control";
import { createControlRoutes } from "./control-routes";
import { sendJson } from "./http";

/** Extra routes (the admin shell's pages, say): true when the request was handled. */
export type RouteHandler = (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<boolean> | boolean;

export interface SimulatedShopifyOptions {
  apiKey: string;
  apiSecret: string;
  /** Where the app listens (webhooks go to appUrl + webhookPath); settable later with setAppUrl. */
  appUrl?: string | null;
  webhookPath?: string;
  port?: number;
  host?: string;
  /** An existing store to serve; a new one on the real clock otherwise. */
  store?: Store;
  /** Scopes granted at install; the app's shopify.app.toml access_scopes by default. */
  scopes?: string;
  /** Topics the app subscribes to; the app's shopify.app.toml by default (compliance topics always). */
  webhookTopics?: string[];
  /** X-Shopify-API-Version of webhooks; the app's shopify.app.toml, else the served Admin version. */
  webhookApiVersion?: string;
  /** Waits between delivery attempts; COMPRESSED_RETRY_DELAYS_MS by default. */
  webhookRetryDelaysMs?: readonly number[];
  webhookTimeoutMs?: number;
  webhookConnectTimeoutMs?: number;
  webhookFaults?: WebhookFaults;
  offlineTokenLifetimeSeconds?: number;
  refreshTokenLifetimeSeconds?: number;
  routes?: RouteHandler[];
}

export interface SimulatedShopify extends SimulatorControl {
  /** Base URL, e.g. http://127.0.0.1:41234 (SHOPIFY_SIMULATOR_URL for the app). */
  url: string;
  store: Store;
  webhooks: WebhookDelivery;
  setAppUrl(appUrl: string | null): void;
  close(): Promise<void>;
}

export async function startSimulatedShopify(options: SimulatedShopifyOptions): Promise<SimulatedShopify> {
  const store = options.store ?? createStore();
  const needsAppConfig = options.scopes === undefined || options.webhookTopics === undefined;
  const appConfig = needsAppConfig ? readAppConfig() : undefined;
  const topics = new Set([...(options.webhookTopics ?? appConfig?.webhookTopics ?? []), ...COMPLIANCE_TOPICS]);
  const webhookPath = options.webhookPath ?? "/webhooks";
  const webhookUrl = (appUrl: string | null | undefined) =>
    appUrl ? `${appUrl.replace(/\/$/, "")}${webhookPath}` : null;

  const access = createAppAccess({
    scopes: options.scopes ?? appConfig?.scopes ?? "",
    clock: () => store.clock(),
    offlineTokenLifetimeSeconds: options.offlineTokenLifetimeSeconds,
    refreshTokenLifetimeSeconds: options.refreshTokenLifetimeSeconds,
  });
  const webhooks = createWebhookDelivery({
    url: webhookUrl(options.appUrl),
    apiSecret: options.apiSecret,
    apiVersion: options.webhookApiVersion ?? appConfig?.webhookApiVersion ?? ADMIN_API_VERSION,
    retryDelaysMs: options.webhookRetryDelaysMs,
    timeoutMs: options.webhookTimeoutMs,
    connectTimeoutMs: options.webhookConnectTimeoutMs,
    faults: options.webhookFaults,
  });
  const disconnect = connectStoreWebhooks(store, webhooks, { topics, isInstalled: access.isInstalled });
  const control = createSimulatorControl({
    store,
    access,
    delivery: webhooks,
    topics,
    apiKey: options.apiKey,
    apiSecret: options.apiSecret,
  });

  const handlers: RouteHandler[] = [
    createAdminRoutes({
      store,
      access,
      apiKey: options.apiKey,
      apiSecret: options.apiSecret,
      apiVersions: new Set([ADMIN_API_VERSION]),
    }),
    createControlRoutes(control),
    ...(options.routes ?? []),
  ];
  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://simulator.invalid");
    try {
      for (const handle of handlers) if (await handle(request, response, url)) return;
      sendJson(response, 404, { errors: "Not Found" });
    } catch (error) {
      if (!response.headersSent) sendJson(response, 500, { errors: `Simulator error: ${(error as Error).message}` });
      else response.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    ...control,
    url: `http://${host}:${address.port}`,
    store,
    webhooks,
    setAppUrl: (appUrl) => webhooks.setUrl(webhookUrl(appUrl)),
    async close() {
      disconnect();
      webhooks.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
