// A block's frame script exactly as served, run in a VM context against a stand-in DOM: the
// `shopify` global it gives the bundle, where the bundle's fetches go, and what happens when
// the bundle registers nothing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createContext, runInContext } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { verifySessionToken } from "../auth/session-token";
import type { ExtensionApi } from "./browser/extension-api";
import { type AdminShellContext, handleAdminShellRequest } from "./index";

const SIMULATOR = "http://127.0.0.1:4000";
const extensionsDir = mkdtempSync(path.join(tmpdir(), "lotline-shell-host-"));
afterAll(() => rmSync(extensionsDir, { recursive: true, force: true }));
mkdirSync(path.join(extensionsDir, "order-block", "dist"), { recursive: true });
writeFileSync(
  path.join(extensionsDir, "order-block", "shopify.extension.toml"),
  '[[extensions]]\nname = "Lots"\nhandle = "order-block"\ntype = "ui_extension"\n\n[[extensions.targeting]]\ntarget = "admin.order-details.block.render"\n',
);
// The host page is served only for a built extension; the test loads its own "bundle".
writeFileSync(path.join(extensionsDir, "order-block", "dist", "order-block.js"), "");

const shell: AdminShellContext = {
  appUrl: "http://127.0.0.1:3000",
  apiKey: "key-1",
  apiSecret: "secret-1",
  simulatorUrl: SIMULATOR,
  shops: () => [{ domain: "soap-co.myshopify.com", name: "Soap Co" }],
  extensionsDir,
};

/** The host script of the order block's frame, with its config. */
function hostScript(): string {
  const html = handleAdminShellRequest(
    { method: "GET", url: new URL("/store/soap-co/orders/1001", SIMULATOR) },
    shell,
  )?.body;
  const frameSrc = /<iframe class="block-frame"[^>]* src="([^"]*)"/.exec(html ?? "")?.[1];
  if (!frameSrc) throw new Error("the order page frames no block");
  const page = handleAdminShellRequest({ method: "GET", url: new URL(frameSrc, SIMULATOR) }, shell);
  if (page?.status !== 200) throw new Error(`the block's frame answered ${page?.status}`);
  return /<script>([\s\S]*?)<\/script>/.exec(page.body)?.[1] ?? "";
}

function loadHost() {
  const requests: Request[] = [];
  const posted: unknown[] = [];
  const scripts: Array<EventTarget & { src: string }> = [];
  const body = {
    children: [] as unknown[],
    replaceChildren: (...nodes: unknown[]) => body.children.splice(0, Infinity, ...nodes),
  };
  const document = Object.assign(new EventTarget(), {
    body,
    documentElement: { scrollHeight: 200 },
    head: { append: (script: EventTarget & { src: string }) => scripts.push(script) },
    createElement: () =>
      Object.assign(new EventTarget(), { src: "", className: "", textContent: "", setAttribute() {} }),
  });
  const window: Record<string, unknown> = {
    document,
    location: { origin: SIMULATOR },
    parent: { postMessage: (message: unknown) => posted.push(message) },
    fetch: async (input: Request | string) => {
      const request = input instanceof Request ? input : new Request(new URL(input, SIMULATOR));
      requests.push(request);
      const url = new URL(request.url);
      if (url.origin === SIMULATOR) {
        const answer = handleAdminShellRequest({ method: "GET", url }, shell);
        return new Response(answer?.body, { status: answer?.status, headers: answer?.headers });
      }
      return Response.json({ order: { status: "allocated" }, lines: [] });
    },
    ResizeObserver: class {
      observe() {}
    },
    console: { warn: () => undefined },
    ...{ URL, Request, Response, Headers, Error, TypeError, JSON, atob, setTimeout, Promise },
  };
  window.window = window;
  createContext(window);
  runInContext(hostScript(), window);
  const loadBundle = async (bundle: (api: ExtensionApi) => void) => {
    bundle(window.shopify as ExtensionApi);
    scripts[0].dispatchEvent(new Event("load"));
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { window, requests, posted, scripts, body, loadBundle };
}

describe("a block's frame", () => {
  it("loads the built bundle of the extension", () => {
    expect(loadHost().scripts.map((script) => script.src)).toEqual(["/extensions/order-block/order-block.js"]);
  });

  it("renders what the bundle registered, on the order the page shows", async () => {
    const host = loadHost();
    const seen: string[] = [];
    await host.loadBundle((shopify) =>
      shopify.extend("admin.order-details.block.render", () => {
        seen.push(shopify.data.selected[0].id, shopify.extension.target);
      }),
    );
    expect(seen).toEqual(["gid://shopify/Order/1001", "admin.order-details.block.render"]);
  });

  it("sends the bundle's relative fetches to the app with a session token for the shop", async () => {
    const host = loadHost();
    const fetch = host.window.fetch as typeof globalThis.fetch;
    const answer = await (await fetch("/api/admin/orders/1001")).json();
    expect(answer.order.status).toBe("allocated");
    const request = host.requests.at(-1);
    expect(request?.url).toBe("http://127.0.0.1:3000/api/admin/orders/1001");
    const token = request?.headers.get("Authorization")?.replace(/^Bearer /, "") ?? "";
    expect(verifySessionToken(token, shell)).toMatchObject({ ok: true, shop: "soap-co.myshopify.com" });
  });

  it("says so when the bundle registers nothing for the page's target", async () => {
    const host = loadHost();
    await host.loadBundle((shopify) => shopify.extend("admin.product-details.block.render", () => undefined));
    expect(host.posted).toContainEqual(
      expect.objectContaining({ type: "failed", message: expect.stringContaining("registered nothing") }),
    );
    expect(host.body.children).toHaveLength(1);
  });

  it("passes toasts to the admin page", async () => {
    const host = loadHost();
    await host.loadBundle((shopify) =>
      shopify.extend("admin.order-details.block.render", () => shopify.toast.show("Saved")),
    );
    expect(host.posted).toContainEqual(expect.objectContaining({ type: "toast", message: "Saved", isError: false }));
  });
});
