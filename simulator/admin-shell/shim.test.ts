// The shim exactly as served (/app-bridge.js), run in a VM context with a small stand-in for
// the browser: enough window, document and custom elements to check its wiring. The real
// browser check is the Playwright harness's.
import { createContext, runInContext } from "node:vm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { verifySessionToken } from "../auth/session-token";
import type { AppMessage } from "./browser/protocol";
import { encodeMessage } from "./browser/protocol";
import { type AdminShellContext, handleAdminShellRequest } from "./index";

const shell: AdminShellContext = {
  appUrl: "http://127.0.0.1:3000",
  apiKey: "key-1",
  apiSecret: "secret-1",
  simulatorUrl: "http://127.0.0.1:4000",
  shops: () => [{ domain: "soap-co.myshopify.com", name: "Soap Co" }],
};
const SIMULATOR = "http://127.0.0.1:4000";
const HOST = "YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvc29hcC1jbw";
const EMBEDDED = `embedded=1&shop=soap-co.myshopify.com&host=${HOST}&locale=fr`;

class FakeElement extends EventTarget {
  children: FakeElement[] = [];
  attributes: Record<string, string>;
  isConnected = true;
  constructor(
    readonly tagName = "UI-ELEMENT",
    attributes: Record<string, string> = {},
    readonly textContent: string | null = null,
  ) {
    super();
    this.attributes = attributes;
  }
  getAttribute(name: string) {
    return this.attributes[name] ?? null;
  }
  hasAttribute(name: string) {
    return name in this.attributes;
  }
  /** Where events bubble after this element (the page's window), as in a document. */
  bubbleTo: EventTarget | null = null;
  override dispatchEvent(event: Event): boolean {
    const result = super.dispatchEvent(event);
    if (event.bubbles && this.bubbleTo) {
      Object.defineProperty(event, "target", { value: this });
      this.bubbleTo.dispatchEvent(event);
    }
    return result && !event.defaultPrevented;
  }
  attachShadow() {
    return {};
  }
  closest() {
    return null;
  }
}

/** The parts of `window.shopify` these tests call, including ones the shim only stubs. */
interface ShimGlobal {
  config: Record<string, unknown>;
  environment: Record<string, unknown>;
  idToken(): Promise<string>;
  toast: { show(message: string, options?: Record<string, unknown>): string };
  loading(on?: boolean): void;
  resourcePicker(options: unknown): Promise<unknown>;
  scopes: { query(): Promise<unknown> };
  then?: unknown;
}

class FakeMouseEvent extends Event {
  readonly button: number;
  constructor(type: string, init: MouseEventInit = {}) {
    super(type, init);
    this.button = init.button ?? 0;
  }
}

/** Loads the served shim into a fresh fake page at `pageUrl`; `framed` puts it in an iframe. */
function loadShim(pageUrl: string, options: { framed?: boolean; apiKey?: string } = {}) {
  const events = new EventTarget();
  const posted: Array<{ message: AppMessage; targetOrigin: string }> = [];
  const parent = {
    postMessage: (message: AppMessage, targetOrigin: string) => posted.push({ message, targetOrigin }),
  };
  const requests: Request[] = [];
  const definitions = new Map<string, new () => FakeElement>();
  const console = { warn: vi.fn(), error: vi.fn(), log: vi.fn() };
  const location = {
    href: pageUrl,
    get search() {
      return new URL(this.href).search;
    },
    get origin() {
      return new URL(this.href).origin;
    },
    get pathname() {
      return new URL(this.href).pathname;
    },
    assign: vi.fn(),
    replace: vi.fn(),
  };
  const script = new FakeElement("SCRIPT", { "data-api-key": options.apiKey ?? "key-1" });
  const window: Record<string, unknown> = {
    addEventListener: events.addEventListener.bind(events),
    removeEventListener: events.removeEventListener.bind(events),
    dispatchEvent: events.dispatchEvent.bind(events),
    location,
    history: { pushState: vi.fn(), replaceState: vi.fn() },
    document: { currentScript: script, querySelector: () => null },
    customElements: {
      get: (name: string) => definitions.get(name),
      define: (name: string, element: new () => FakeElement) => definitions.set(name, element),
    },
    HTMLElement: FakeElement,
    MutationObserver: class {
      observe() {}
      disconnect() {}
    },
    MouseEvent: FakeMouseEvent,
    fetch: async (input: Request) => {
      requests.push(input);
      return new Response("{}");
    },
    open: vi.fn(),
    console,
    ...{ URL, URLSearchParams, Request, Response, Headers, Event, CustomEvent, EventTarget, FormData },
    ...{ setTimeout, clearTimeout, atob, queueMicrotask },
  };
  window.window = window;
  window.self = window;
  window.parent = options.framed === false ? window : parent;
  const script_ = handleAdminShellRequest({ method: "GET", url: new URL("/app-bridge.js", SIMULATOR) }, shell);
  createContext(window);
  runInContext(script_?.body ?? "", window);

  /** A message from the admin, as the browser would deliver it. */
  const fromAdmin = (data: unknown, origin = SIMULATOR, source: unknown = parent) => {
    const event = new Event("message");
    Object.assign(event, { data, origin, source });
    events.dispatchEvent(event);
  };
  const shopify = window.shopify as ShimGlobal;
  const messages = () => posted.map((entry) => entry.message);
  /** Answers the shim's pending token requests with real tokens from the shell's endpoint. */
  const answerTokenRequests = () => {
    for (const message of messages()) {
      if (message.type !== "session-token-request") continue;
      const response = handleAdminShellRequest(
        { method: "GET", url: new URL("/admin/session-token?shop=soap-co.myshopify.com", SIMULATOR) },
        shell,
      );
      const { token } = JSON.parse(response?.body ?? "{}");
      fromAdmin(encodeMessage({ type: "session-token-response", requestId: message.requestId, token }));
    }
  };
  return {
    ...{ window, events, shopify, posted, messages, requests, definitions, console, location },
    ...{ fromAdmin, answerTokenRequests },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the App Bridge shim as served", () => {
  it("announces itself to the admin and exposes shopify.config from the page", () => {
    const page = loadShim(`http://127.0.0.1:3000/app/lots?${EMBEDDED}&id_token=x`);
    expect(page.posted[0]).toEqual({
      message: encodeMessage({ type: "ready", path: "/app/lots", apiKey: "key-1" }),
      targetOrigin: SIMULATOR,
    });
    expect(page.shopify.config).toMatchObject({
      apiKey: "key-1",
      shop: "soap-co.myshopify.com",
      host: HOST,
      locale: "fr",
    });
    expect(page.shopify.environment).toMatchObject({ embedded: true, mobile: false });
  });

  it("gets session tokens from the admin, ignoring answers from any other window", async () => {
    const page = loadShim(`http://127.0.0.1:3000/app?${EMBEDDED}`);
    const token = page.shopify.idToken();
    const request = page.messages().find((message) => message.type === "session-token-request");
    expect(request).toBeDefined();
    const forged = encodeMessage({ type: "session-token-response", requestId: "token-1", token: "forged" });
    page.fromAdmin(forged, "http://evil.example");
    page.fromAdmin(forged, SIMULATOR, {});
    page.answerTokenRequests();
    expect(verifySessionToken(await token, shell)).toMatchObject({ ok: true, shop: "soap-co.myshopify.com" });
  });

  it("authenticates the app's fetches with the admin's token", async () => {
    const page = loadShim(`http://127.0.0.1:3000/app?${EMBEDDED}`);
    const fetching = (page.window.fetch as typeof fetch)("/app/lots?_data=routes%2Fapp.lots");
    await vi.waitFor(() => expect(page.messages().some((m) => m.type === "session-token-request")).toBe(true));
    page.answerTokenRequests();
    await fetching;
    const authorization = page.requests[0].headers.get("Authorization") ?? "";
    expect(verifySessionToken(authorization.replace("Bearer ", ""), shell).ok).toBe(true);
    expect(page.requests[0].headers.get("Accept-Language")).toBe("fr");
  });

  it("shows toasts in the admin and calls the app back on their action", () => {
    const page = loadShim(`http://127.0.0.1:3000/app?${EMBEDDED}`);
    const onAction = vi.fn();
    const toastId = page.shopify.toast.show("Lot received", { isError: true, action: "Undo", onAction });
    expect(page.messages().at(-1)).toEqual(
      encodeMessage({
        type: "toast-show",
        toastId,
        message: "Lot received",
        duration: 5000,
        isError: true,
        action: "Undo",
      }),
    );
    page.fromAdmin(encodeMessage({ type: "toast-action", toastId }));
    expect(onAction).toHaveBeenCalledOnce();
    page.shopify.loading(true);
    expect(page.messages().at(-1)).toEqual(encodeMessage({ type: "loading", on: true }));
  });

  it("says which API is not simulated instead of doing nothing", async () => {
    const page = loadShim(`http://127.0.0.1:3000/app?${EMBEDDED}`);
    await expect(page.shopify.resourcePicker({ type: "product" })).rejects.toThrow(
      "App Bridge shim: shopify.resourcePicker is not simulated",
    );
    expect(page.console.warn).toHaveBeenCalledWith("App Bridge shim: shopify.resourcePicker is not simulated");
    await expect(page.shopify.scopes.query()).rejects.toThrow("shopify.scopes.query is not simulated");
    expect(page.shopify.then).toBeUndefined();
  });

  it("sends the ui-nav-menu items to the admin and clicks the app's link when the admin's nav is used", () => {
    const page = loadShim(`http://127.0.0.1:3000/app?${EMBEDDED}`);
    const NavMenu = page.definitions.get("ui-nav-menu");
    expect(NavMenu).toBeDefined();
    const menu = new (NavMenu as new () => FakeElement)() as FakeElement & { connectedCallback(): void };
    const home = new FakeElement("A", { href: "/app", rel: "home" }, "Home");
    const lots = new FakeElement("A", { href: "/app/lots" }, "Lots");
    lots.bubbleTo = page.events;
    menu.children = [home, lots];
    menu.connectedCallback();
    expect(page.messages().at(-1)).toEqual(
      encodeMessage({
        type: "nav-menu",
        items: [
          { href: "/app", label: "Home", home: true },
          { href: "/app/lots", label: "Lots", home: false },
        ],
      }),
    );

    // A router link takes the click: nothing else happens.
    lots.addEventListener("click", (event) => event.preventDefault(), { once: true });
    page.fromAdmin(encodeMessage({ type: "nav-click", href: "/app/lots" }));
    expect(page.messages().at(-1)?.type).toBe("nav-menu");

    // A plain link nobody handles: the admin reloads the frame at that path.
    page.fromAdmin(encodeMessage({ type: "nav-click", href: "/app/lots" }));
    expect(page.messages().at(-1)).toEqual(encodeMessage({ type: "navigate-app", path: "/app/lots" }));
  });

  it("reports the app's client-side navigations so the admin URL follows", () => {
    const page = loadShim(`http://127.0.0.1:3000/app?${EMBEDDED}`);
    const history = page.window.history as History;
    page.location.href = "http://127.0.0.1:3000/app/recalls?status=open";
    history.pushState(null, "", "/app/recalls?status=open");
    expect(page.messages().at(-1)).toEqual(encodeMessage({ type: "location", path: "/app/recalls?status=open" }));
  });

  it("sends open(url, '_top') to the admin rather than leaving the frame", () => {
    const page = loadShim(`http://127.0.0.1:3000/auth/exit-iframe?${EMBEDDED}`);
    (page.window.open as Window["open"])("/auth?shop=soap-co.myshopify.com", "_top");
    expect(page.messages().at(-1)).toEqual(
      encodeMessage({ type: "navigate-top", url: "http://127.0.0.1:3000/auth?shop=soap-co.myshopify.com" }),
    );
  });

  it("sends a click on an admin link (View in Shopify) to the admin's page", () => {
    const page = loadShim(`http://127.0.0.1:3000/app/orders/1?${EMBEDDED}`);
    const anchor = { closest: () => ({ getAttribute: () => "shopify:admin/orders/1001" }) };
    const click = new Event("click", { cancelable: true });
    Object.defineProperty(click, "target", { value: anchor });
    page.events.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(page.messages().at(-1)).toEqual(encodeMessage({ type: "navigate-top", url: "shopify:admin/orders/1001" }));
  });

  it("on the bounce page, reloads the app with a fresh id_token", async () => {
    const reload = encodeURIComponent(`http://127.0.0.1:3000/app/lots?${EMBEDDED}`);
    const page = loadShim(`http://127.0.0.1:3000/auth/session-token?${EMBEDDED}&shopify-reload=${reload}`);
    expect(page.messages()[0]).toMatchObject({ type: "ready", path: "/app/lots" });
    page.answerTokenRequests();
    await vi.waitFor(() => expect(page.location.replace).toHaveBeenCalled());
    const target = new URL(page.location.replace.mock.calls[0][0]);
    expect(target.pathname).toBe("/app/lots");
    expect(verifySessionToken(target.searchParams.get("id_token") ?? "", shell).ok).toBe(true);
  });

  it("refuses to bounce to another origin", () => {
    const reload = encodeURIComponent("https://evil.example/app");
    const page = loadShim(`http://127.0.0.1:3000/auth/session-token?${EMBEDDED}&shopify-reload=${reload}`);
    expect(page.messages().some((m) => m.type === "session-token-request")).toBe(false);
    expect(page.console.warn).toHaveBeenCalledWith(
      expect.stringContaining("not reloading at https://evil.example/app"),
    );
  });

  it("sends an app opened outside the admin into the admin", () => {
    const page = loadShim(`http://127.0.0.1:3000/app/lots?${EMBEDDED}&id_token=x`, { framed: false });
    expect(page.location.assign).toHaveBeenCalledWith(`${SIMULATOR}/store/soap-co/apps/key-1/app/lots`);
    expect(page.window.shopify).toBeUndefined();
  });

  it("warns when the app's API key is not the one the admin signs tokens for", () => {
    const page = loadShim(`http://127.0.0.1:3000/app?${EMBEDDED}`, { apiKey: "other-key" });
    expect(page.console.warn).toHaveBeenCalledWith(expect.stringContaining('data-api-key "other-key"'));
  });
});
