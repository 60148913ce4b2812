import { describe, expect, it } from "vitest";
import { activeNavHref, adminUrlToShellPath, appPathOf, shellPath, shopHandle } from "./admin-urls";

describe("admin URLs", () => {
  it("names the store by its myshopify handle", () => {
    expect(shopHandle("soap-co.myshopify.com")).toBe("soap-co");
  });

  it("places app paths under the app's admin page", () => {
    expect(shellPath("soap-co", "lotline")).toBe("/store/soap-co/apps/lotline");
    expect(shellPath("soap-co", "lotline", "/app/lots?status=open")).toBe(
      "/store/soap-co/apps/lotline/app/lots?status=open",
    );
    expect(shellPath("soap-co", "lotline", "app")).toBe("/store/soap-co/apps/lotline/app");
  });

  it("drops the admin's embedding parameters from an app URL, keeping the app's own", () => {
    const url = new URL(
      "http://127.0.0.1:3000/app/lots?embedded=1&hmac=x&host=y&id_token=z&locale=en&session=s&shop=a.myshopify.com&timestamp=1&status=open",
    );
    expect(appPathOf(url)).toBe("/app/lots?status=open");
    expect(appPathOf(new URL("http://127.0.0.1:3000/app?embedded=1"))).toBe("/app");
  });

  it("maps every spelling of an admin URL onto the simulated admin", () => {
    expect(adminUrlToShellPath("shopify://admin/orders", "soap-co")).toBe("/store/soap-co/orders");
    expect(adminUrlToShellPath("shopify:admin/products/1", "soap-co")).toBe("/store/soap-co/products/1");
    expect(adminUrlToShellPath("https://admin.shopify.com/store/soap-co/apps/lotline/app?x=1", "soap-co")).toBe(
      "/store/soap-co/apps/lotline/app?x=1",
    );
    expect(adminUrlToShellPath("https://soap-co.myshopify.com/admin/charges/1/confirm", "soap-co")).toBe(
      "/store/soap-co/charges/1/confirm",
    );
  });

  it("does not treat storefronts, apps or other schemes as admin URLs", () => {
    expect(adminUrlToShellPath("https://soap-co.myshopify.com/products/soap", "soap-co")).toBeNull();
    expect(adminUrlToShellPath("http://127.0.0.1:3000/app", "soap-co")).toBeNull();
    expect(adminUrlToShellPath("javascript:alert(1)", "soap-co")).toBeNull();
    expect(adminUrlToShellPath("not a url", "soap-co")).toBeNull();
  });
});

describe("the highlighted nav item", () => {
  const items = [
    { href: "/app", home: true },
    { href: "/app/lots", home: false },
    { href: "/app/lots/archive", home: false },
    { href: "/app/orders", home: false },
  ];

  it("is the deepest item containing the app path", () => {
    expect(activeNavHref(items, "/app/lots")).toBe("/app/lots");
    expect(activeNavHref(items, "/app/lots/L-042?tab=trace")).toBe("/app/lots");
    expect(activeNavHref(items, "/app/lots/archive/2025")).toBe("/app/lots/archive");
    expect(activeNavHref(items, "/app/orders/")).toBe("/app/orders");
  });

  it("is none on the home page or a page no item contains", () => {
    expect(activeNavHref(items, "/app")).toBeNull();
    expect(activeNavHref(items, "/app/lotsandlots")).toBeNull();
    expect(activeNavHref(items, "/app/settings")).toBeNull();
  });
});
