import "@shopify/shopify-api/adapters/node";
import { Script } from "node:vm";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { verifySessionToken } from "../auth/session-token";
import { type AdminShellContext, handleAdminShellRequest } from "./index";

const context: AdminShellContext = {
  appUrl: "http://127.0.0.1:3000",
  apiKey: "key-1",
  apiSecret: "secret-1",
  simulatorUrl: "http://127.0.0.1:4000",
  shops: () => [
    { domain: "soap-co.myshopify.com", name: "Soap Co" },
    { domain: "candle-works.myshopify.com", name: "Candle <Works>" },
  ],
};

// The Shopify library the app runs on, configured like the app: what it accepts, the app accepts.
const shopify = shopifyApi({
  apiKey: context.apiKey,
  apiSecretKey: context.apiSecret,
  apiVersion: ApiVersion.October26,
  hostName: "127.0.0.1:3000",
  hostScheme: "http",
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error, log: () => undefined },
});

function get(path: string, method = "GET") {
  return handleAdminShellRequest({ method, url: new URL(path, context.simulatorUrl) }, context);
}

function frameSrc(html: string): URL {
  const src = /<iframe[^>]* src="([^"]*)"/.exec(html)?.[1];
  if (!src) throw new Error("no iframe in the page");
  return new URL(src.replace(/&amp;/g, "&"));
}

describe("the shop list", () => {
  it("links every simulated shop to the app in its admin", () => {
    const response = get("/admin");
    expect(response).toMatchObject({ status: 200, headers: { "Content-Type": "text/html; charset=utf-8" } });
    expect(response?.body).toContain('href="/store/soap-co/apps/lotline"');
    expect(response?.body).toContain('href="/store/candle-works/apps/lotline"');
    expect(response?.body).toContain("Candle &lt;Works&gt;");
    expect(response?.body).not.toContain("Candle <Works>");
  });
});

describe("the admin frame around the app", () => {
  it("frames the app path with a session token the app's library accepts for the shop", async () => {
    const response = get("/store/soap-co/apps/lotline/app/lots");
    expect(response).toMatchObject({ status: 200, headers: { "Cache-Control": "no-store" } });
    const src = frameSrc(response?.body ?? "");
    expect(`${src.origin}${src.pathname}`).toBe("http://127.0.0.1:3000/app/lots");
    const params = src.searchParams;
    expect(params.get("embedded")).toBe("1");
    expect(params.get("shop")).toBe("soap-co.myshopify.com");
    expect(params.get("locale")).toBe("en");
    expect(Math.abs(Number(params.get("timestamp")) - Date.now() / 1000)).toBeLessThan(5);
    expect(verifySessionToken(params.get("id_token") ?? "", context)).toMatchObject({
      ok: true,
      shop: "soap-co.myshopify.com",
    });
    const payload = await shopify.session.decodeSessionToken(params.get("id_token") ?? "");
    expect(payload.dest).toBe("https://soap-co.myshopify.com");
  });

  it("sends host and shop in the forms shopify-app-remix validates, and a valid hmac", async () => {
    const params = frameSrc(get("/store/soap-co/apps/lotline/app")?.body ?? "").searchParams;
    const host = params.get("host") ?? "";
    expect(atob(host)).toBe("admin.shopify.com/store/soap-co");
    expect(shopify.utils.sanitizeHost(host)).toBe(host);
    expect(shopify.utils.sanitizeShop(params.get("shop") ?? "")).toBe("soap-co.myshopify.com");
    expect(await shopify.utils.validateHmac(Object.fromEntries(params))).toBe(true);
    expect([...params.keys()]).toEqual([...params.keys()].sort());
  });

  it("frames the app URL itself when no app path is given, as the admin frames application_url", () => {
    const src = frameSrc(get("/store/soap-co/apps/lotline")?.body ?? "");
    expect(`${src.origin}${src.pathname}`).toBe("http://127.0.0.1:3000/");
    expect(src.searchParams.get("embedded")).toBe("1");
  });

  it("passes the admin URL's query on to the app but never its own parameters", async () => {
    const src = frameSrc(
      get("/store/soap-co/apps/lotline/app/lots?status=open&shop=evil.myshopify.com&id_token=x")?.body ?? "",
    );
    expect(src.searchParams.get("status")).toBe("open");
    expect(src.searchParams.getAll("shop")).toEqual(["soap-co.myshopify.com"]);
    expect(verifySessionToken(src.searchParams.get("id_token") ?? "", context).ok).toBe(true);
    expect(await shopify.utils.validateHmac(Object.fromEntries(src.searchParams))).toBe(true);
  });

  it("accepts the app's client id in place of its handle, as admin.shopify.com/store/x/apps/<api key> does", () => {
    expect(get("/store/soap-co/apps/key-1/app")?.status).toBe(200);
  });

  it("gives each page a fresh token", () => {
    const token = (path: string) => frameSrc(get(path)?.body ?? "").searchParams.get("id_token");
    expect(token("/store/soap-co/apps/lotline/app")).not.toBe(token("/store/soap-co/apps/lotline/app"));
  });

  it("renders the shop name escaped and loads the shell script with the app's origin", () => {
    const body = get("/store/candle-works/apps/lotline/app")?.body ?? "";
    expect(body).toContain("Candle &lt;Works&gt;");
    expect(body).toContain('"appOrigin":"http://127.0.0.1:3000"');
    expect(body).toContain('<iframe id="app-frame"');
    expect(body).toContain('<nav class="sidebar"');
  });

  it("answers 404 pages for an unknown store, an unknown app and admin pages it does not simulate", () => {
    const unknownShop = get("/store/nobody/apps/lotline/app");
    expect(unknownShop).toMatchObject({ status: 404, headers: { "Content-Type": "text/html; charset=utf-8" } });
    expect(unknownShop?.body).toContain("Store not found");
    expect(get("/store/soap-co/apps/other-app")).toMatchObject({ status: 404 });
    expect(get("/store/soap-co/apps/other-app")?.body).toContain("App not found");
    expect(get("/store/soap-co/orders")?.body).toContain("Page not simulated");
    expect(get("/store/soap-co")?.status).toBe(404);
    expect(get("/store/%E0%A4%A/apps/lotline")?.status).toBe(404);
  });
});

describe("session tokens for the shell", () => {
  it("mints a fresh one-minute token for the shop, readable by the app's origin", () => {
    const response = get("/admin/session-token?shop=soap-co.myshopify.com");
    expect(response).toMatchObject({
      status: 200,
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Access-Control-Allow-Origin": "http://127.0.0.1:3000",
        "Cache-Control": "no-store",
      },
    });
    const { token } = JSON.parse(response?.body ?? "{}");
    const verified = verifySessionToken(token, context);
    expect(verified).toMatchObject({ ok: true, shop: "soap-co.myshopify.com" });
    if (!verified.ok) return;
    expect(Math.abs(verified.claims.iat - Date.now() / 1000)).toBeLessThan(5);
    expect(verified.claims.exp - verified.claims.iat).toBe(60);
    const again = JSON.parse(get("/admin/session-token?shop=soap-co.myshopify.com")?.body ?? "{}");
    expect(again.token).not.toBe(token);
  });

  it("refuses a shop the simulator does not have, and a missing shop", () => {
    expect(get("/admin/session-token?shop=nobody.myshopify.com")).toMatchObject({ status: 404 });
    expect(get("/admin/session-token")).toMatchObject({ status: 400 });
  });

  it("answers a CORS preflight from the app", () => {
    expect(get("/admin/session-token?shop=soap-co.myshopify.com", "OPTIONS")).toMatchObject({
      status: 204,
      headers: { "Access-Control-Allow-Origin": "http://127.0.0.1:3000" },
    });
  });
});

describe("the App Bridge shim script", () => {
  it("is JavaScript any page may load, configured with the simulator's origin", () => {
    const response = get("/app-bridge.js");
    expect(response).toMatchObject({
      status: 200,
      headers: { "Content-Type": "application/javascript; charset=utf-8", "Access-Control-Allow-Origin": "*" },
    });
    expect(() => new Script(response?.body ?? "")).not.toThrow();
    expect(response?.body).toContain('"simulatorOrigin":"http://127.0.0.1:4000"');
    expect(response?.body).toContain('"expectedApiKey":"key-1"');
  });
});

describe("routing", () => {
  it("leaves everything else to the simulator's server", () => {
    for (const path of [
      "/",
      "/admin/api/2026-10/graphql.json",
      "/admin/oauth/access_token",
      "/webhooks",
      "/store",
      "/apps",
    ]) {
      expect(get(path), path).toBeNull();
    }
  });

  it("refuses methods other than GET and HEAD, and sends no body for HEAD", () => {
    expect(get("/admin", "POST")).toMatchObject({ status: 405, headers: { Allow: "GET, HEAD" } });
    expect(get("/admin", "HEAD")).toMatchObject({ status: 200, body: "" });
  });
});
