// The shell page's script exactly as served, run in a VM context against a stand-in DOM:
// which messages it trusts, and what it does with them.
import { createContext, runInContext } from "node:vm";
import { describe, expect, it, vi } from "vitest";
import { verifySessionToken } from "../auth/session-token";
import { type AdminMessage, encodeMessage } from "./browser/protocol";
import { type AdminShellContext, handleAdminShellRequest } from "./index";

const shell: AdminShellContext = {
  appUrl: "http://127.0.0.1:3000",
  apiKey: "key-1",
  apiSecret: "secret-1",
  simulatorUrl: "http://127.0.0.1:4000",
  shops: () => [{ domain: "soap-co.myshopify.com", name: "Soap Co" }],
};
const APP_ORIGIN = "http://127.0.0.1:3000";

class FakeNode extends EventTarget {
  children: FakeNode[] = [];
  attributes = new Map<string, string>();
  dataset: Record<string, string> = {};
  textContent = "";
  href = "";
  hidden = false;
  parent: FakeNode | null = null;
  append(...nodes: FakeNode[]) {
    for (const node of nodes) node.parent = this;
    this.children.push(...nodes);
  }
  remove() {
    if (this.parent) this.parent.children = this.parent.children.filter((child) => child !== this);
  }
  replaceChildren(...nodes: FakeNode[]) {
    this.children = nodes;
  }
  setAttribute(name: string, value: string) {
    this.attributes.set(name, value);
  }
  toggleAttribute(name: string, force: boolean) {
    if (force) this.attributes.set(name, "");
    else this.attributes.delete(name);
  }
  querySelector() {
    return null;
  }
}

function loadShell(path = "/store/soap-co/apps/lotline/app") {
  const page = handleAdminShellRequest({ method: "GET", url: new URL(path, shell.simulatorUrl) }, shell);
  const script = /<script>([\s\S]*)<\/script>/.exec(page?.body ?? "")?.[1] ?? "";
  const frameWindow = { postMessage: vi.fn() };
  const elements = new Map<string, FakeNode>();
  const element = (id: string) => {
    if (!elements.has(id)) elements.set(id, Object.assign(new FakeNode(), { contentWindow: frameWindow }));
    return elements.get(id);
  };
  const events = new EventTarget();
  const location = { href: `${shell.simulatorUrl}${path}`, assign: vi.fn() };
  const history = { state: null, replaceState: vi.fn() };
  const fetch = vi.fn(async (url: string) => {
    const response = handleAdminShellRequest({ method: "GET", url: new URL(url, shell.simulatorUrl) }, shell);
    return new Response(response?.body, { status: response?.status });
  });
  const window: Record<string, unknown> = {
    addEventListener: events.addEventListener.bind(events),
    document: { getElementById: element, createElement: () => new FakeNode(), title: "" },
    location,
    history,
    fetch,
    console: { warn: vi.fn() },
    ...{ URL, URLSearchParams, Response, setTimeout, clearTimeout },
  };
  window.window = window;
  createContext(window);
  runInContext(script, window);
  const fromFrame = (data: unknown, origin = APP_ORIGIN, source: unknown = frameWindow) => {
    const event = new Event("message");
    Object.assign(event, { data, origin, source });
    events.dispatchEvent(event);
  };
  const sent = () => frameWindow.postMessage.mock.calls.map(([message, targetOrigin]) => ({ message, targetOrigin }));
  return { element, fromFrame, sent, location, history, fetch };
}

const navItems = [
  { href: "/app", label: "Home", home: true },
  { href: "/app/lots", label: "Lots", home: false },
];

describe("the shell page's script", () => {
  it("answers the app's token requests with a token for its shop, addressed to the app's origin", async () => {
    const page = loadShell();
    page.fromFrame(encodeMessage({ type: "session-token-request", requestId: "token-1" }));
    await vi.waitFor(() => expect(page.sent()).toHaveLength(1));
    const [{ message, targetOrigin }] = page.sent() as Array<{ message: AdminMessage; targetOrigin: string }>;
    expect(targetOrigin).toBe(APP_ORIGIN);
    expect(message).toMatchObject({ type: "session-token-response", requestId: "token-1" });
    const token = message.type === "session-token-response" ? message.token : "";
    expect(verifySessionToken(token, shell)).toMatchObject({ ok: true, shop: "soap-co.myshopify.com" });
  });

  it("ignores messages from any other origin or window", async () => {
    const page = loadShell();
    const request = encodeMessage({ type: "session-token-request", requestId: "token-1" });
    page.fromFrame(request, "http://evil.example");
    page.fromFrame(request, APP_ORIGIN, {});
    page.fromFrame(encodeMessage({ type: "navigate-top", url: "https://evil.example" }), "http://evil.example");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(page.fetch).not.toHaveBeenCalled();
    expect(page.location.assign).not.toHaveBeenCalled();
  });

  it("renders the app's nav items as admin links and sends clicks on them to the app", () => {
    const page = loadShell();
    page.fromFrame(encodeMessage({ type: "ready", path: "/app", apiKey: "key-1" }));
    page.fromFrame(encodeMessage({ type: "nav-menu", items: navItems }));
    const links = page.element("app-nav")?.children.map((entry) => entry.children[0]) ?? [];
    expect(links.map((link) => [link.textContent, link.href])).toEqual([
      ["Lots", "/store/soap-co/apps/lotline/app/lots"],
    ]);
    const click = Object.assign(new Event("click", { cancelable: true }), { button: 0 });
    Object.defineProperty(click, "target", { value: { closest: () => links[0] } });
    page.element("app-nav")?.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(page.sent().at(-1)).toEqual({
      message: encodeMessage({ type: "nav-click", href: "/app/lots" }),
      targetOrigin: APP_ORIGIN,
    });
  });

  it("keeps its own URL on the app's page and highlights that page's nav item", () => {
    const page = loadShell();
    page.fromFrame(encodeMessage({ type: "nav-menu", items: navItems }));
    page.fromFrame(encodeMessage({ type: "location", path: "/app/lots/L-042" }));
    expect(page.history.replaceState).toHaveBeenLastCalledWith(null, "", "/store/soap-co/apps/lotline/app/lots/L-042");
    const link = page.element("app-nav")?.children[0].children[0];
    expect(link?.attributes.get("aria-current")).toBe("page");
  });

  it("maps the app's requests to leave for admin pages onto the simulated admin, and refuses scripts", () => {
    const page = loadShell();
    page.fromFrame(encodeMessage({ type: "navigate-top", url: "shopify://admin/orders" }));
    expect(page.location.assign).toHaveBeenLastCalledWith("/store/soap-co/orders");
    page.fromFrame(encodeMessage({ type: "navigate-top", url: "javascript:alert(1)" }));
    expect(page.location.assign).toHaveBeenCalledTimes(1);
  });

  it("shows toasts the app asks for", () => {
    const page = loadShell();
    page.fromFrame(
      encodeMessage({
        type: "toast-show",
        toastId: "toast-1",
        message: "Saved",
        duration: 5000,
        isError: false,
        action: null,
      }),
    );
    const toast = page.element("toasts")?.children[0];
    expect(toast?.children[0].textContent).toBe("Saved");
    page.fromFrame(encodeMessage({ type: "toast-hide", toastId: "toast-1" }));
    expect(page.element("toasts")?.children).toEqual([]);
  });
});
