// The App Bridge shim: what Shopify's app-bridge.js gives an embedded app, for an app framed
// by the simulated admin shell. It runs in the app's page as a classic script (the app's
// `<script src=APP_BRIDGE_URL data-api-key=...>`), before the app's own modules, and talks
// only to its parent window at the simulator's origin.
//
// Simulated: `window.shopify` (config, idToken, toast, loading, environment, origin, ready),
// the fetch interceptor (session token + retry + reauthorize), `<ui-nav-menu>`,
// `<ui-title-bar>` (title and actions), admin navigation into the app, the app's location
// shown in the admin URL, `open(url, "_top")`, the `/auth/session-token` bounce page
// (`shopify-reload`), and the redirect into the admin when the app is opened outside it.
// Everything else warns "App Bridge shim: <api> is not simulated".
import type { ToastOptions } from "@shopify/app-bridge-types";
import { appPathOf, shellPath, shopHandle } from "./admin-urls";
import { createAuthenticatedFetch } from "./authenticated-fetch";
import { readNavMenu, readTitleBar, sameNavItems } from "./elements";
import { createIdTokenSource } from "./id-token";
import { type AdminMessage, type AppMessage, decodeAdminMessage, encodeMessage, type NavItem } from "./protocol";

export interface ShimConfig {
  /** The simulated admin's origin: the only window the shim sends to or accepts messages from. */
  simulatorOrigin: string;
  /** The app's handle in admin URLs ("lotline"). */
  appHandle: string;
  /** The client id the simulated admin mints tokens for; a different data-api-key is a mistake. */
  expectedApiKey: string;
}

const PREFIX = "App Bridge shim";
const TOKEN_TIMEOUT_MS = 10_000;
/** Properties that are looked up on any object (promises, JSON, React, devtools), never App Bridge APIs. */
const NOT_APIS = new Set(["then", "toJSON", "$$typeof", "constructor", "prototype", "asymmetricMatch", "nodeType"]);

export function start(config: ShimConfig): void {
  const marker = "__lotlineAppBridgeShim";
  if ((window as unknown as Record<string, unknown>)[marker]) return;
  (window as unknown as Record<string, unknown>)[marker] = true;

  // --- configuration, read the way app-bridge.js reads it -----------------------------------
  const script = document.currentScript;
  const meta = (name: string) => document.querySelector(`meta[name="${name}"]`)?.getAttribute("content") ?? null;
  const list = (value: string | null | undefined) =>
    (value ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
  const apiKey =
    script?.getAttribute("data-api-key") ??
    meta("shopify-api-key") ??
    document.querySelector("script[data-api-key]")?.getAttribute("data-api-key") ??
    null;
  const params = new URLSearchParams(location.search);
  const shop = params.get("shop");
  const host = params.get("host");
  const locale = params.get("locale") ?? "en";
  const disabledFeatures = list(meta("shopify-disabled-features") ?? script?.getAttribute("data-disabled-features"));
  const appOrigins = list(meta("shopify-app-origins"));
  const framed = window.parent !== window;

  if (!apiKey) {
    console.warn(`${PREFIX}: no API key; add data-api-key to the App Bridge script tag`);
  } else if (apiKey !== config.expectedApiKey) {
    console.warn(
      `${PREFIX}: data-api-key "${apiKey}" is not the client id the simulated admin signs session tokens for ` +
        `("${config.expectedApiKey}"); the app will refuse them. Check SHOPIFY_API_KEY.`,
    );
  }

  const warned = new Set<string>();
  const notSimulated = (api: string): Error => {
    const message = `${PREFIX}: ${api} is not simulated`;
    if (!warned.has(api)) {
      warned.add(api);
      console.warn(message);
    }
    return new Error(message);
  };
  /** A stand-in for an API the shim lacks: calling it warns and returns a rejected promise. */
  const notSimulatedApi = (path: string): unknown => {
    const children = new Map<string, unknown>();
    return new Proxy(() => undefined, {
      apply() {
        const failure = Promise.reject(notSimulated(path));
        failure.catch(() => undefined); // callers that await it see the error; others see only the warning
        return failure;
      },
      get(_target, property) {
        if (typeof property === "symbol" || NOT_APIS.has(property)) return undefined;
        if (!children.has(property)) children.set(property, notSimulatedApi(`${path}.${property}`));
        return children.get(property);
      },
    });
  };

  const post = (message: AppMessage) => {
    if (framed) window.parent.postMessage(encodeMessage(message), config.simulatorOrigin);
  };

  // --- outside the admin: go to it, as App Bridge does ---------------------------------------
  const reload = params.get("shopify-reload");
  if (!framed && shop && !disabledFeatures.includes("auto-redirect")) {
    const landing = reload ? new URL(reload, location.href) : new URL(location.href);
    const appPath = landing.origin === location.origin ? appPathOf(landing) : "";
    location.assign(`${config.simulatorOrigin}${shellPath(shopHandle(shop), apiKey ?? config.appHandle, appPath)}`);
    return;
  }
  // First, so the admin starts this document afresh before its nav menu or title bar arrive.
  // (On the bounce page, the page about to load is the one the admin should show.)
  post({ type: "ready", path: appPathOf(reload ? new URL(reload, location.href) : new URL(location.href)), apiKey });

  // --- session tokens -------------------------------------------------------------------------
  let sequence = 0;
  const pendingTokens = new Map<
    string,
    { resolve: (token: string) => void; reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> }
  >();
  const requestToken = () =>
    new Promise<string>((resolve, reject) => {
      if (!framed) {
        reject(
          new Error(`${PREFIX}: no session token outside the admin; open the app from ${config.simulatorOrigin}/admin`),
        );
        return;
      }
      sequence += 1;
      const requestId = `token-${sequence}`;
      const timer = setTimeout(() => {
        pendingTokens.delete(requestId);
        reject(new Error(`${PREFIX}: the admin did not answer a session token request within ${TOKEN_TIMEOUT_MS} ms`));
      }, TOKEN_TIMEOUT_MS);
      pendingTokens.set(requestId, { resolve, reject, timer });
      post({ type: "session-token-request", requestId });
    });
  const tokens = createIdTokenSource({ request: requestToken });

  // --- toasts and loading -------------------------------------------------------------------
  let toastSequence = 0;
  const toastCallbacks = new Map<string, Pick<ToastOptions, "onAction" | "onDismiss">>();
  const toast = {
    show(message: string, options: ToastOptions = {}): string {
      toastSequence += 1;
      const toastId = `toast-${toastSequence}`;
      const duration = options.duration ?? 5000;
      toastCallbacks.set(toastId, { onAction: options.onAction, onDismiss: options.onDismiss });
      setTimeout(() => toastCallbacks.delete(toastId), duration + 60_000);
      post({
        type: "toast-show",
        toastId,
        message: String(message),
        duration,
        isError: Boolean(options.isError),
        action: options.action ?? null,
      });
      return toastId;
    },
    hide(toastId: string): void {
      toastCallbacks.delete(toastId);
      post({ type: "toast-hide", toastId });
    },
  };
  const loading = (isLoading = true) => post({ type: "loading", on: Boolean(isLoading) });

  // --- navigation -----------------------------------------------------------------------------
  // The admin navigates the app by clicking the app's own link: a Remix <Link> handles the
  // click (client-side navigation). An unhandled click becomes a `shopify:navigate` event
  // (AppProvider listens for it) and, with no listener, a reload of the frame at that path.
  const navigateListeners = new Set<unknown>();
  const addListener = window.addEventListener;
  const removeListener = window.removeEventListener;
  window.addEventListener = function (this: Window, ...args: Parameters<Window["addEventListener"]>) {
    if (args[0] === "shopify:navigate" && args[1]) navigateListeners.add(args[1]);
    return addListener.apply(this, args);
  } as Window["addEventListener"];
  window.removeEventListener = function (this: Window, ...args: Parameters<Window["removeEventListener"]>) {
    if (args[0] === "shopify:navigate") navigateListeners.delete(args[1]);
    return removeListener.apply(this, args);
  } as Window["removeEventListener"];

  const adminClicks = new WeakSet<Event>();
  window.addEventListener("click", (event) => {
    if (!adminClicks.has(event)) return;
    adminClicks.delete(event);
    if (event.defaultPrevented) return;
    // A plain link would load the page without the admin's parameters: the admin does it instead.
    event.preventDefault();
    const anchor = event.target as Element;
    const navigate = new CustomEvent("shopify:navigate", { bubbles: true, cancelable: true });
    anchor.dispatchEvent(navigate);
    if (navigateListeners.size === 0 && !navigate.defaultPrevented) {
      const href = anchor.getAttribute("href") ?? "/";
      post({ type: "navigate-app", path: appPathOf(new URL(href, location.href)) });
    }
  });
  const activate = (element: Element) => {
    if (element.tagName.toLowerCase() !== "a") {
      (element as HTMLElement).click();
      return;
    }
    const click = new MouseEvent("click", { bubbles: true, cancelable: true, view: window, button: 0 });
    adminClicks.add(click);
    element.dispatchEvent(click);
  };

  const publishLocation = () => post({ type: "location", path: appPathOf(new URL(location.href)) });
  for (const method of ["pushState", "replaceState"] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History["pushState"]>) {
      const result = original.apply(this, args);
      publishLocation();
      return result;
    };
  }
  window.addEventListener("popstate", publishLocation);

  if (framed) {
    const open = window.open;
    window.open = function (this: Window, url?: string | URL, target?: string, features?: string) {
      const href = url === undefined ? "" : String(url);
      const name = (target ?? "").toLowerCase();
      if (href.startsWith("shopify:") || name === "_top" || name === "_parent") {
        post({ type: "navigate-top", url: href.startsWith("shopify:") ? href : new URL(href, location.href).href });
        return null;
      }
      return open.call(this, url, target, features);
    };
    // Admin links in the app (`<a href="shopify:admin/orders/1">`, Polaris "View in Shopify")
    // open the admin's page, as with App Bridge: the browser knows no shopify: scheme.
    window.addEventListener("click", (event) => {
      const anchor = (event.target as Element | null)?.closest?.("a[href]");
      const href = anchor?.getAttribute("href") ?? "";
      if (!/^shopify:/i.test(href) || event.defaultPrevented) return;
      event.preventDefault();
      post({ type: "navigate-top", url: href });
    });
  }

  // --- the fetch interceptor ----------------------------------------------------------------
  if (!disabledFeatures.includes("fetch")) {
    window.fetch = createAuthenticatedFetch({
      fetch: window.fetch.bind(window),
      idToken: ({ fresh }) => tokens.get({ fresh }),
      pageUrl: () => location.href,
      appOrigins,
      locale,
      onReauthorize: (url) => post({ type: "navigate-top", url }),
      onNotSimulated: notSimulated,
    });
  }

  // --- custom elements ------------------------------------------------------------------------
  // An empty shadow root keeps their children (configuration, not content) off the page
  // without touching attributes React hydrates.
  const navMenus = new Set<HTMLElement>();
  let publishedNav: NavItem[] | null = null;
  const publishNav = () => {
    const menu = [...navMenus].find((element) => element.isConnected);
    const items = menu ? readNavMenu(menu) : [];
    if (publishedNav && sameNavItems(publishedNav, items)) return;
    publishedNav = items;
    post({ type: "nav-menu", items });
  };
  const findNavAnchor = (href: string) => {
    for (const menu of navMenus) {
      for (const child of Array.from(menu.children)) {
        if (child.tagName.toLowerCase() === "a" && child.getAttribute("href") === href) return child;
      }
    }
    return null;
  };

  const titleBars = new Set<HTMLElement>();
  let titleBarElements: Element[] = [];
  let publishedTitleBar = "";
  const publishTitleBar = () => {
    const bar = [...titleBars].find((element) => element.isConnected && !element.closest("ui-modal"));
    const read = bar ? readTitleBar(bar as Element) : { title: null, buttons: [], elements: [] };
    titleBarElements = read.elements;
    const message: AppMessage = { type: "title-bar", title: read.title, buttons: read.buttons };
    const key = JSON.stringify(message);
    if (key === publishedTitleBar) return;
    publishedTitleBar = key;
    post(message);
  };

  const configurationElement = (registry: Set<HTMLElement>, publish: () => void) =>
    class extends HTMLElement {
      observer = new MutationObserver(publish);
      constructor() {
        super();
        this.attachShadow({ mode: "open" });
      }
      connectedCallback() {
        registry.add(this);
        this.observer.observe(this, { childList: true, subtree: true, characterData: true, attributes: true });
        publish();
      }
      disconnectedCallback() {
        registry.delete(this);
        this.observer.disconnect();
        publish();
      }
    };

  const overlayElement = (name: string) =>
    class extends HTMLElement {
      constructor() {
        super();
        this.attachShadow({ mode: "open" });
      }
      show() {
        notSimulated(`<${name}>`);
        return Promise.resolve();
      }
      hide() {
        return Promise.resolve();
      }
      toggle() {
        return this.show();
      }
    };

  if (window.customElements) {
    const define = (name: string, element: CustomElementConstructor) => {
      if (!customElements.get(name)) customElements.define(name, element);
    };
    define("ui-nav-menu", configurationElement(navMenus, publishNav));
    define("ui-title-bar", configurationElement(titleBars, publishTitleBar));
    define("ui-modal", overlayElement("ui-modal"));
    define("ui-save-bar", overlayElement("ui-save-bar"));
  }

  // --- the shopify global ---------------------------------------------------------------------
  const api: Record<string, unknown> = {
    config: { apiKey, shop, host, locale, appOrigins, disabledFeatures },
    origin: config.simulatorOrigin,
    ready: Promise.resolve(),
    environment: { embedded: framed, mobile: false, pos: false },
    idToken: () => tokens.get(),
    toast,
    loading,
    modal: {
      show: notSimulatedApi("shopify.modal.show"),
      hide: () => Promise.resolve(),
      toggle: notSimulatedApi("shopify.modal.toggle"),
    },
    saveBar: {
      show: notSimulatedApi("shopify.saveBar.show"),
      hide: () => Promise.resolve(),
      toggle: notSimulatedApi("shopify.saveBar.toggle"),
      leaveConfirmation: () => Promise.resolve(),
    },
  };
  const shopify = new Proxy(api, {
    get(target, property) {
      if (typeof property === "symbol" || property in target) return Reflect.get(target, property);
      if (NOT_APIS.has(property)) return undefined;
      return notSimulatedApi(`shopify.${property}`);
    },
  });
  Object.defineProperty(window, "shopify", { value: shopify, configurable: true, writable: true });

  // --- messages from the admin ----------------------------------------------------------------
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent || event.origin !== config.simulatorOrigin) return;
    const message: AdminMessage | null = decodeAdminMessage(event.data);
    if (!message) return;
    switch (message.type) {
      case "session-token-response":
      case "session-token-error": {
        const pending = pendingTokens.get(message.requestId);
        if (!pending) return;
        pendingTokens.delete(message.requestId);
        clearTimeout(pending.timer);
        if (message.type === "session-token-response") pending.resolve(message.token);
        else pending.reject(new Error(`${PREFIX}: the admin could not issue a session token: ${message.error}`));
        return;
      }
      case "nav-click": {
        const anchor = findNavAnchor(message.href);
        if (anchor) activate(anchor);
        else post({ type: "navigate-app", path: appPathOf(new URL(message.href, location.href)) });
        return;
      }
      case "title-bar-click": {
        const element = titleBarElements[message.index];
        if (element && !element.hasAttribute("disabled")) activate(element);
        return;
      }
      case "toast-action":
        toastCallbacks.get(message.toastId)?.onAction?.();
        return;
      case "toast-dismiss":
        toastCallbacks.get(message.toastId)?.onDismiss?.();
        toastCallbacks.delete(message.toastId);
        return;
    }
  });

  // --- the bounce page: /auth/session-token?shopify-reload=<url> ------------------------------
  if (reload) {
    const target = new URL(reload, location.href);
    if (target.origin !== location.origin) {
      console.warn(
        `${PREFIX}: not reloading at ${target.href}: it is not this page's origin (${location.origin}). ` +
          "The app's SHOPIFY_APP_URL must be the URL the simulated admin frames.",
      );
    } else {
      tokens.get({ fresh: true }).then(
        (token) => {
          target.searchParams.set("id_token", token);
          location.replace(target.href);
        },
        (error: Error) => console.error(error.message),
      );
    }
  }
}
