import { describe, expect, it, vi } from "vitest";
import {
  appLinkPath,
  createExtensionApi,
  decodeHostMessage,
  encodeHostMessage,
  type HostMessage,
  linkDestination,
} from "./extension-api";

describe("the shopify global of a block", () => {
  const setUp = () => {
    const showToast = vi.fn();
    const host = createExtensionApi({
      target: "admin.order-details.block.render",
      selectedId: "gid://shopify/Order/1001",
      showToast,
    });
    return { ...host, showToast };
  };

  it("tells the block which order it is on and which target it renders", () => {
    const { api } = setUp();
    expect(api.data.selected[0].id).toBe("gid://shopify/Order/1001");
    expect(api.extension.target).toBe("admin.order-details.block.render");
  });

  it("hands back what the bundle registered for the page's target, and nothing for another", () => {
    const { api, callbackFor } = setUp();
    const render = () => "rendered";
    api.extend("admin.order-details.block.render", render);
    expect(callbackFor("admin.order-details.block.render")).toBe(render);
    expect(callbackFor("admin.product-details.block.render")).toBeNull();
  });

  it("refuses to register something that cannot be called", () => {
    const { api } = setUp();
    expect(() => api.extend("admin.order-details.block.render", "render" as never)).toThrow(/needs a function/);
  });

  it("shows toasts, errors marked as such", () => {
    const { api, showToast } = setUp();
    api.toast.show("Lots reallocated");
    api.toast.show("Could not save", { isError: true });
    expect(showToast.mock.calls).toEqual([
      ["Lots reallocated", false],
      ["Could not save", true],
    ]);
  });
});

describe("links in a block", () => {
  it("reads the app path of app: links", () => {
    expect(appLinkPath("app:/app/orders/abc")).toBe("/app/orders/abc");
    expect(appLinkPath("app:app/receive?product=1")).toBe("/app/receive?product=1");
    expect(appLinkPath("/app/orders")).toBeNull();
  });

  it("opens app: links in the app's frame page of the admin", () => {
    expect(linkDestination("app:/app/orders/abc", "soap-co", "lotline")).toEqual({
      window: "top",
      url: "/store/soap-co/apps/lotline/app/orders/abc",
    });
  });

  it("opens admin links on the admin's pages and web links in a new tab", () => {
    expect(linkDestination("shopify:admin/products/77", "soap-co", "lotline")).toEqual({
      window: "top",
      url: "/store/soap-co/products/77",
    });
    expect(linkDestination("https://example.com/help", "soap-co", "lotline")).toEqual({
      window: "new",
      url: "https://example.com/help",
    });
    expect(linkDestination("javascript:alert(1)", "soap-co", "lotline")).toBeNull();
  });
});

describe("messages from a block's frame", () => {
  it("survive the trip to the admin page", () => {
    const messages: HostMessage[] = [
      { type: "toast", message: "Saved", isError: false },
      { type: "resize", height: 240 },
      { type: "failed", message: "Run the build" },
    ];
    for (const message of messages) expect(decodeHostMessage(encodeHostMessage(message))).toEqual(message);
  });

  it("ignores other windows' messages and malformed ones", () => {
    expect(decodeHostMessage({ type: "resize", height: 240 })).toBeNull();
    expect(decodeHostMessage({ channel: "lotline-extension-host", type: "resize", height: "tall" })).toBeNull();
    expect(decodeHostMessage("resize")).toBeNull();
  });
});
