import { describe, expect, it } from "vitest";
import { CHANNEL, decodeAdminMessage, decodeAppMessage, encodeMessage, PROTOCOL_VERSION } from "./protocol";

describe("the shell–shim message protocol", () => {
  it("round-trips every kind of message through structured data", () => {
    const appMessages = [
      encodeMessage({ type: "ready", path: "/app", apiKey: "key-1" }),
      encodeMessage({ type: "session-token-request", requestId: "token-1" }),
      encodeMessage({ type: "nav-menu", items: [{ href: "/app", label: "Home", home: true }] }),
      encodeMessage({
        type: "title-bar",
        title: "Lots",
        buttons: [{ index: 0, label: "New lot", variant: "primary", disabled: false, kind: "button" }],
      }),
      encodeMessage({
        type: "toast-show",
        toastId: "toast-1",
        message: "Saved",
        duration: 5000,
        isError: false,
        action: null,
      }),
      encodeMessage({ type: "loading", on: true }),
      encodeMessage({ type: "location", path: "/app/lots?x=1" }),
      encodeMessage({ type: "navigate-top", url: "shopify://admin/orders" }),
      encodeMessage({ type: "navigate-app", path: "/app/settings" }),
    ];
    for (const message of appMessages) expect(decodeAppMessage(structuredClone(message))).toEqual(message);
    const adminMessage = encodeMessage({ type: "session-token-response", requestId: "token-1", token: "a.b.c" });
    expect(decodeAdminMessage(structuredClone(adminMessage))).toEqual(adminMessage);
  });

  it("tags messages with its channel and version", () => {
    expect(encodeMessage({ type: "loading", on: false })).toEqual({
      type: "loading",
      on: false,
      channel: CHANNEL,
      version: PROTOCOL_VERSION,
    });
  });

  it("ignores other scripts' messages, other versions and malformed ones", () => {
    const good = encodeMessage({ type: "location", path: "/app" });
    expect(decodeAppMessage({ ...good, channel: "react-devtools" })).toBeNull();
    expect(decodeAppMessage({ ...good, version: 2 })).toBeNull();
    expect(decodeAppMessage({ ...good, path: 42 })).toBeNull();
    expect(decodeAppMessage({ ...good, type: "unknown" })).toBeNull();
    expect(decodeAppMessage({ ...good, type: "toString" })).toBeNull();
    expect(decodeAppMessage("location")).toBeNull();
    expect(decodeAppMessage(null)).toBeNull();
    const badItems = { ...encodeMessage({ type: "nav-menu", items: [] }), items: [{ href: "/app" }] };
    expect(decodeAppMessage(badItems)).toBeNull();
  });

  it("keeps the two directions apart: the shim never accepts a shim message, nor the shell a shell message", () => {
    expect(decodeAdminMessage(encodeMessage({ type: "session-token-request", requestId: "1" }))).toBeNull();
    expect(decodeAppMessage(encodeMessage({ type: "nav-click", href: "/app" }))).toBeNull();
  });
});
