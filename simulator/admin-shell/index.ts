// The simulated Shopify admin: a page that frames the embedded app the way the admin does,
// and the App Bridge shim the app loads instead of Shopify's CDN script.
//
// Routes (everything else answers null, for the simulator's server to route elsewhere):
//   GET /admin                                  the simulated stores, each linking to the app
//   GET /store/<handle>/apps/<app>[/<path>]     the admin frame around the app; <app> is the
//                                               app's handle ("lotline") or its client id;
//                                               <path>?<query> is passed on to the app
//   GET /store/<handle>/orders/<id>             an order (from the store) with a card per admin
//   GET /store/<handle>/products/<id>           block extension targeting the page; <id> numeric
//   GET /store/<handle>/extensions/<ext>/<orders|products>/<id>
//                                               the document a block runs in (its own frame)
//   GET /store/<handle>[/<anything else>]       404 pages: other admin pages are not simulated
//   GET /extensions/<ext>/<ext>.js              the extension's built bundle (extensions/<ext>/dist)
//   GET /admin/session-token?shop=<domain>      { "token": "<fresh session token>" }, CORS for
//                                               the app's origin; the shell page uses it
//   GET /app-bridge.js                          the shim (point the app's APP_BRIDGE_URL here)
import { mintSessionToken } from "../auth/session-token";
import { appPathOf, shellPath, shopHandle } from "./browser/admin-urls";
import type { ShellConfig } from "./browser/shell";
import type { ShimConfig } from "./browser/shim";
import { browserScript } from "./browser-bundle";
import { embeddedAppUrl } from "./embedded-app-url";
import {
  BUILD_HINT,
  blockExtensionsFor,
  listExtensions,
  RESOURCE_TYPES,
  type ResourcePage,
  readExtensionBundle,
} from "./extension-blocks";
import { notFoundPage, shellPage, shopListPage } from "./pages";
import { extensionHostPage, resourcePage } from "./resource-pages";

export interface AdminShellContext {
  appUrl: string; // where the embedded app is served, e.g. http://127.0.0.1:3000
  apiKey: string; // the app's client id
  apiSecret: string; // to mint session tokens (simulator only)
  simulatorUrl: string; // this simulator's own base URL
  shops(): Array<{ domain: string; name: string }>;
  appHandle?: string; // default "lotline"
  extensionsDir?: string; // the app's extensions/ folder by default
}

export interface AdminShellResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const DEFAULT_APP_HANDLE = "lotline";
const APP_NAME = "Lotline";
/** How long the shell waits for the shim's first message before explaining how to load it. */
const SHIM_WARNING_AFTER_MS = 15_000;

const HTML = "text/html; charset=utf-8";
const JSON_TYPE = "application/json; charset=utf-8";

function respond(status: number, contentType: string, body: string, headers: Record<string, string> = {}) {
  return { status, headers: { "Content-Type": contentType, ...headers }, body };
}

function appOrigin(context: AdminShellContext): string {
  return new URL(context.appUrl).origin;
}

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function findShop(context: AdminShellContext, handle: string) {
  return context.shops().find((shop) => shopHandle(shop.domain) === handle);
}

function shopList(context: AdminShellContext): AdminShellResponse {
  const appHandle = context.appHandle ?? DEFAULT_APP_HANDLE;
  const shops = context.shops().map((shop) => ({ ...shop, shellUrl: shellPath(shopHandle(shop.domain), appHandle) }));
  return respond(200, HTML, shopListPage({ shops, appName: APP_NAME }), { "Cache-Control": "no-store" });
}

function sessionToken(url: URL, context: AdminShellContext): AdminShellResponse {
  const cors = { "Access-Control-Allow-Origin": appOrigin(context), Vary: "Origin", "Cache-Control": "no-store" };
  const domain = url.searchParams.get("shop");
  if (!domain) return respond(400, JSON_TYPE, JSON.stringify({ error: "the shop parameter is required" }), cors);
  if (!context.shops().some((shop) => shop.domain === domain)) {
    return respond(404, JSON_TYPE, JSON.stringify({ error: `no simulated shop ${domain}` }), cors);
  }
  const token = mintSessionToken({ shop: domain, apiKey: context.apiKey, apiSecret: context.apiSecret });
  return respond(200, JSON_TYPE, JSON.stringify({ token }), cors);
}

function shimScript(context: AdminShellContext): AdminShellResponse {
  const config: ShimConfig = {
    simulatorOrigin: new URL(context.simulatorUrl).origin,
    appHandle: context.appHandle ?? DEFAULT_APP_HANDLE,
    expectedApiKey: context.apiKey,
  };
  return respond(200, "application/javascript; charset=utf-8", browserScript("shim", config), {
    "Access-Control-Allow-Origin": "*",
    "Cache-Control": "no-cache",
  });
}

function storePage(url: URL, context: AdminShellContext): AdminShellResponse {
  const appHandle = context.appHandle ?? DEFAULT_APP_HANDLE;
  const [, , rawHandle = "", section, rawApp, ...rest] = url.pathname.split("/");
  const handle = decode(rawHandle) ?? rawHandle;
  const shop = findShop(context, handle);
  if (!shop) {
    const message = `The simulator has no store "${handle}". Open /admin for the list.`;
    return respond(404, HTML, notFoundPage({ title: "Store not found", message }));
  }
  if (section === "orders" || section === "products") {
    return resourceShellPage(context, { shop, handle, page: section, rawId: rawApp, rest });
  }
  if (section === "extensions") return blockHostPage(context, { shop, handle, parts: [rawApp, ...rest] });
  if (section !== "apps" || !rawApp) {
    const message = `Only apps, orders and products are simulated in this admin. Open ${APP_NAME} at ${shellPath(handle, appHandle)}.`;
    return respond(404, HTML, notFoundPage({ title: "Page not simulated", message, shopName: shop.name }));
  }
  const app = decode(rawApp);
  if (app !== appHandle && app !== context.apiKey) {
    const message = `No app "${app}" is installed on ${shop.name}; the simulated admin embeds only ${APP_NAME} ("${appHandle}").`;
    return respond(404, HTML, notFoundPage({ title: "App not found", message, shopName: shop.name }));
  }
  const appPath = `${rest.length ? `/${rest.join("/")}` : ""}${url.search}`;
  const frameSrc = embeddedAppUrl({
    appUrl: context.appUrl,
    appPath,
    shop: shop.domain,
    apiKey: context.apiKey,
    apiSecret: context.apiSecret,
  });
  const shell: ShellConfig = {
    appOrigin: appOrigin(context),
    appHandle,
    appName: APP_NAME,
    store: handle,
    sessionTokenUrl: `/admin/session-token?shop=${encodeURIComponent(shop.domain)}`,
    appPath: appPathOf(frameSrc),
    shimWarningAfterMs: SHIM_WARNING_AFTER_MS,
  };
  const shimUrl = `${context.simulatorUrl.replace(/\/+$/, "")}/app-bridge.js`;
  const body = shellPage({ shopName: shop.name, frameSrc: frameSrc.href, shell, shimUrl });
  // The page carries a session token: never cache it.
  return respond(200, HTML, body, { "Cache-Control": "no-store" });
}

type Shop = { domain: string; name: string };

/** A numeric Shopify id as the admin's URLs carry it. */
const numericId = (raw: string | undefined) => (raw && /^[1-9][0-9]{0,18}$/.test(raw) ? raw : null);

function resourceShellPage(
  context: AdminShellContext,
  input: { shop: Shop; handle: string; page: ResourcePage; rawId: string | undefined; rest: string[] },
): AdminShellResponse {
  const id = numericId(input.rawId);
  const noun = input.page === "orders" ? "order" : "product";
  if (!id || input.rest.length > 0) {
    const message = `The ${noun} page's URL is /store/${input.handle}/${input.page}/<numeric ${noun} id>.`;
    return respond(404, HTML, notFoundPage({ title: "Page not simulated", message, shopName: input.shop.name }));
  }
  const blocks = blockExtensionsFor(input.page, listExtensions(context.extensionsDir)).map((block) => ({
    name: block.name,
    src: `/store/${encodeURIComponent(input.handle)}/extensions/${block.handle}/${input.page}/${id}`,
  }));
  const body = resourcePage({
    shopName: input.shop.name,
    appName: APP_NAME,
    appUrl: shellPath(input.handle, context.appHandle ?? DEFAULT_APP_HANDLE),
    heading: input.page === "orders" ? `Order ${id}` : `Product ${id}`,
    blocks,
    config: {
      page: input.page,
      resourceId: `gid://shopify/${RESOURCE_TYPES[input.page]}/${id}`,
      shopUrl: `/control/shops/${encodeURIComponent(input.shop.domain)}`,
    },
  });
  return respond(200, HTML, body, { "Cache-Control": "no-store" });
}

function blockHostPage(
  context: AdminShellContext,
  input: { shop: Shop; handle: string; parts: Array<string | undefined> },
): AdminShellResponse {
  const [extensionHandle = "", page, rawId, ...extra] = input.parts;
  const id = numericId(rawId);
  const block =
    page === "orders" || page === "products"
      ? blockExtensionsFor(page, listExtensions(context.extensionsDir)).find((each) => each.handle === extensionHandle)
      : undefined;
  if (!block || !id || extra.length > 0 || (page !== "orders" && page !== "products")) {
    const message = `No admin block extension "${extensionHandle}" renders on ${page ?? "this"} pages.`;
    return respond(404, HTML, notFoundPage({ title: "Extension not found", message, shopName: input.shop.name }));
  }
  if (readExtensionBundle(block.handle, context.extensionsDir) === null) {
    return respond(404, HTML, notFoundPage({ title: "Extension not built", message: BUILD_HINT }));
  }
  const body = extensionHostPage({
    title: block.name,
    config: {
      handle: block.handle,
      target: block.target,
      selectedId: `gid://shopify/${RESOURCE_TYPES[page]}/${id}`,
      appUrl: context.appUrl,
      appHandle: context.appHandle ?? DEFAULT_APP_HANDLE,
      store: input.handle,
      sessionTokenUrl: `/admin/session-token?shop=${encodeURIComponent(input.shop.domain)}`,
      bundleUrl: `/extensions/${block.handle}/${block.handle}.js`,
    },
  });
  return respond(200, HTML, body, { "Cache-Control": "no-store" });
}

const BUNDLE_PATH = /^\/extensions\/([a-z0-9][a-z0-9-]*)\/([a-z0-9][a-z0-9-]*)\.js$/;

function extensionBundle(url: URL, context: AdminShellContext): AdminShellResponse {
  const [, handle, file] = BUNDLE_PATH.exec(url.pathname) ?? [];
  const bundle = handle && handle === file ? readExtensionBundle(handle, context.extensionsDir) : null;
  if (bundle === null) {
    return respond(404, "text/plain; charset=utf-8", `No built bundle at ${url.pathname}. ${BUILD_HINT}`);
  }
  // Rebuilt bundles must show on the next reload.
  return respond(200, "application/javascript; charset=utf-8", bundle, { "Cache-Control": "no-cache" });
}

function route(url: URL): "shops" | "session-token" | "shim" | "store" | "bundle" | null {
  if (url.pathname === "/admin" || url.pathname === "/admin/") return "shops";
  if (url.pathname === "/admin/session-token") return "session-token";
  if (url.pathname === "/app-bridge.js") return "shim";
  if (url.pathname.startsWith("/store/")) return "store";
  if (url.pathname.startsWith("/extensions/")) return "bundle";
  return null;
}

export function handleAdminShellRequest(
  request: { method: string; url: URL; body?: string },
  context: AdminShellContext,
): AdminShellResponse | null {
  const kind = route(request.url);
  if (!kind) return null;
  const method = request.method.toUpperCase();
  if (method === "OPTIONS" && (kind === "session-token" || kind === "shim")) {
    return {
      status: 204,
      headers: {
        "Access-Control-Allow-Origin": kind === "shim" ? "*" : appOrigin(context),
        "Access-Control-Allow-Methods": "GET, OPTIONS",
        "Access-Control-Max-Age": "7200",
        Vary: "Origin",
      },
      body: "",
    };
  }
  if (method !== "GET" && method !== "HEAD") {
    return respond(405, "text/plain; charset=utf-8", `${method} is not allowed here`, { Allow: "GET, HEAD" });
  }
  const response =
    kind === "shops"
      ? shopList(context)
      : kind === "session-token"
        ? sessionToken(request.url, context)
        : kind === "shim"
          ? shimScript(context)
          : kind === "bundle"
            ? extensionBundle(request.url, context)
            : storePage(request.url, context);
  return method === "HEAD" ? { ...response, body: "" } : response;
}
