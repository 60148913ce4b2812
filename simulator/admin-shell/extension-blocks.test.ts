// The order and product pages of the simulated admin, with a frame per admin block extension
// found in an extensions folder, and the bundles those frames load.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Script } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { blockExtensionsFor, listExtensions, parseExtensionToml } from "./extension-blocks";
import { type AdminShellContext, handleAdminShellRequest } from "./index";

const extensionsDir = mkdtempSync(path.join(tmpdir(), "lotline-shell-extensions-"));
afterAll(() => rmSync(extensionsDir, { recursive: true, force: true }));

function extension(handle: string, toml: string, bundle?: string) {
  mkdirSync(path.join(extensionsDir, handle, "dist"), { recursive: true });
  writeFileSync(path.join(extensionsDir, handle, "shopify.extension.toml"), toml);
  if (bundle !== undefined) writeFileSync(path.join(extensionsDir, handle, "dist", `${handle}.js`), bundle);
}
const uiExtension = (handle: string, name: string, target: string) => `api_version = "2025-10"

[[extensions]]
name = "${name}" # shown on the card
handle = "${handle}"
type = "ui_extension"

[[extensions.targeting]]
module = "./src/index.tsx"
target = "${target}"
`;
extension(
  "order-lots-block",
  uiExtension("order-lots-block", "Lots on this order", "admin.order-details.block.render"),
  'shopify.extend("admin.order-details.block.render", () => {});',
);
extension("order-lots-action", uiExtension("order-lots-action", "Reallocate", "admin.order-details.action.render"), "");
extension("product-lots-block", uiExtension("product-lots-block", "Lots", "admin.product-details.block.render"));
extension(
  "lot-recalled",
  `[[extensions]]
name = "Lot recalled"
handle = "lot-recalled"
type = "flow_trigger"
`,
);
mkdirSync(path.join(extensionsDir, "shared"), { recursive: true });

const context: AdminShellContext = {
  appUrl: "http://127.0.0.1:3000",
  apiKey: "key-1",
  apiSecret: "secret-1",
  simulatorUrl: "http://127.0.0.1:4000",
  shops: () => [{ domain: "soap-co.myshopify.com", name: "Soap Co" }],
  extensionsDir,
};
const get = (pathname: string) =>
  handleAdminShellRequest({ method: "GET", url: new URL(pathname, context.simulatorUrl) }, context);
const frameSources = (html: string) =>
  [...html.matchAll(/<iframe class="block-frame"[^>]* src="([^"]*)"/g)].map((m) => m[1]);
const inlineScript = (html: string) => /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";

describe("reading shopify.extension.toml", () => {
  it("takes the handle, name, type and every target of the extension", () => {
    expect(
      parseExtensionToml(`${uiExtension("a-block", "A", "admin.order-details.block.render")}
[[extensions.targeting]]
target = "admin.order-details.action.render"
`),
    ).toEqual({
      handle: "a-block",
      name: "A",
      type: "ui_extension",
      targets: ["admin.order-details.block.render", "admin.order-details.action.render"],
    });
  });

  it("knows nothing of a file without an extension handle", () => {
    expect(parseExtensionToml('api_version = "2025-10"\n')).toBeNull();
  });

  it("puts only UI extensions with the page's block target on each page", () => {
    const extensions = listExtensions(extensionsDir);
    expect(blockExtensionsFor("orders", extensions).map((block) => block.handle)).toEqual(["order-lots-block"]);
    expect(blockExtensionsFor("products", extensions)).toEqual([
      { handle: "product-lots-block", name: "Lots", target: "admin.product-details.block.render" },
    ]);
  });
});

describe("the order page", () => {
  it("frames each order block with the order it shows", () => {
    const response = get("/store/soap-co/orders/1001");
    expect(response).toMatchObject({ status: 200, headers: { "Cache-Control": "no-store" } });
    expect(frameSources(response?.body ?? "")).toEqual(["/store/soap-co/extensions/order-lots-block/orders/1001"]);
    expect(response?.body).toContain('aria-label="Lotline: Lots on this order"');
    // The page reads the order from the simulator's control API.
    expect(inlineScript(response?.body ?? "")).toContain(
      '"resourceId":"gid://shopify/Order/1001","shopUrl":"/control/shops/soap-co.myshopify.com"',
    );
    expect(() => new Script(inlineScript(response?.body ?? ""))).not.toThrow();
    expect(response?.body).toContain('href="/store/soap-co/apps/lotline"');
  });

  it("frames the product blocks on a product page", () => {
    expect(frameSources(get("/store/soap-co/products/77")?.body ?? "")).toEqual([
      "/store/soap-co/extensions/product-lots-block/products/77",
    ]);
  });

  it("answers 404 for an id that is not a Shopify number and for paths below the page", () => {
    for (const pathname of ["/store/soap-co/orders/abc", "/store/soap-co/orders/0", "/store/soap-co/orders/1/edit"]) {
      const response = get(pathname);
      expect(response?.status, pathname).toBe(404);
      expect(response?.body).toContain("/store/soap-co/orders/&lt;numeric order id&gt;");
    }
  });
});

describe("a block's frame", () => {
  it("runs the host script with the target, the order's gid, the app URL and the bundle", () => {
    const response = get("/store/soap-co/extensions/order-lots-block/orders/1001");
    expect(response?.status).toBe(200);
    const script = inlineScript(response?.body ?? "");
    expect(() => new Script(script)).not.toThrow();
    const config = JSON.parse(/\}\)\((\{.*\})\);\s*$/.exec(script)?.[1] ?? "{}");
    expect(config).toEqual({
      handle: "order-lots-block",
      target: "admin.order-details.block.render",
      selectedId: "gid://shopify/Order/1001",
      appUrl: "http://127.0.0.1:3000",
      appHandle: "lotline",
      store: "soap-co",
      sessionTokenUrl: "/admin/session-token?shop=soap-co.myshopify.com",
      bundleUrl: "/extensions/order-lots-block/order-lots-block.js",
    });
  });

  it("says how to build an extension whose bundle is missing", () => {
    const response = get("/store/soap-co/extensions/product-lots-block/products/77");
    expect(response?.status).toBe(404);
    expect(response?.body).toContain("npm run build:extensions");
  });

  it("answers 404 for an extension that has no block on that page", () => {
    expect(get("/store/soap-co/extensions/order-lots-action/orders/1")?.status).toBe(404);
    expect(get("/store/soap-co/extensions/order-lots-block/products/1")?.status).toBe(404);
    expect(get("/store/soap-co/extensions/nothing/orders/1")?.status).toBe(404);
    expect(get("/store/nobody/extensions/order-lots-block/orders/1")?.status).toBe(404);
  });
});

describe("extension bundles", () => {
  it("serves the built bundle as JavaScript", () => {
    expect(get("/extensions/order-lots-block/order-lots-block.js")).toMatchObject({
      status: 200,
      headers: { "Content-Type": "application/javascript; charset=utf-8" },
      body: 'shopify.extend("admin.order-details.block.render", () => {});',
    });
  });

  it("answers 404 telling to run the build when there is no bundle", () => {
    for (const pathname of [
      "/extensions/product-lots-block/product-lots-block.js",
      "/extensions/order-lots-block/other.js",
      "/extensions/order-lots-block/dist/order-lots-block.js",
    ]) {
      const response = get(pathname);
      expect(response?.status, pathname).toBe(404);
      expect(response?.body).toContain("npm run build:extensions");
    }
  });
});
