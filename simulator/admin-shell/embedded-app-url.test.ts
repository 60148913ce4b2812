import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { adminQueryHmac, embeddedAppUrl, encodeHost } from "./embedded-app-url";

const app = { apiKey: "key-1", apiSecret: "secret-1" };
const shopify = shopifyApi({
  apiKey: app.apiKey,
  apiSecretKey: app.apiSecret,
  apiVersion: ApiVersion.October26,
  hostName: "127.0.0.1:3000",
  hostScheme: "http",
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error, log: () => undefined },
});

describe("the embedded app URL", () => {
  it("encodes host as Shopify does: base64 of the admin's store URL, no padding", () => {
    expect(encodeHost("soap-co.myshopify.com")).toBe("YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvc29hcC1jbw");
    expect(encodeHost("ab.myshopify.com")).not.toMatch(/=/);
  });

  it("signs spaces and repeated parameters the way shopify-api checks them", async () => {
    const params = new URLSearchParams([
      ["note", "two words"],
      ["tag", "a"],
      ["tag", "b"],
      ["shop", "soap-co.myshopify.com"],
      ["timestamp", String(Math.floor(Date.now() / 1000))],
    ]);
    params.set("hmac", adminQueryHmac(params, app.apiSecret));
    expect(await shopify.utils.validateHmac(params)).toBe(true);
    params.set("note", "other words");
    expect(await shopify.utils.validateHmac(params)).toBe(false);
  });

  it("keeps a base path in the app URL and adds the sub-path after it", () => {
    const url = embeddedAppUrl({
      ...app,
      appUrl: "https://tunnel.example.com/lotline/",
      appPath: "/app/lots?status=open",
      shop: "soap-co.myshopify.com",
    });
    expect(`${url.origin}${url.pathname}`).toBe("https://tunnel.example.com/lotline/app/lots");
    expect(url.searchParams.get("status")).toBe("open");
  });

  it("stamps the token and timestamp with the given time", () => {
    const now = new Date("2026-11-21T12:00:00Z");
    const url = embeddedAppUrl({
      ...app,
      appUrl: "http://127.0.0.1:3000",
      appPath: "",
      shop: "soap-co.myshopify.com",
      now,
    });
    expect(url.searchParams.get("timestamp")).toBe(String(now.getTime() / 1000));
    const claims = JSON.parse(
      Buffer.from((url.searchParams.get("id_token") ?? "").split(".")[1], "base64url").toString(),
    );
    expect(claims).toMatchObject({ iat: now.getTime() / 1000, exp: now.getTime() / 1000 + 60, aud: "key-1" });
  });
});
