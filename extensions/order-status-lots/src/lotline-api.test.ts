import { afterEach, describe, expect, it, vi } from "vitest";
import { createRecallsApi, loadLineTitles } from "./lotline-api";

function answer(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the block's calls to Lotline", () => {
  const api = createRecallsApi({
    orderId: "gid://shopify/Order/4501",
    sessionToken: async () => "token-1",
    appUrl: "https://lotline.test",
  });

  it("asks for the order's recalls at the app's absolute URL with the session token", async () => {
    const fetch = vi.fn(async () => answer(200, { recalls: [] }));
    vi.stubGlobal("fetch", fetch);
    expect(await api.loadRecalls()).toEqual([]);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("https://lotline.test/api/customer/orders/4501");
    expect(new Headers(init.headers).get("Authorization")).toBe("Bearer token-1");
  });

  it("treats an order Lotline does not know yet as one without recalls", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => answer(404, { message: "not yours" })),
    );
    expect(await api.loadRecalls()).toEqual([]);
  });

  it("passes on Lotline's message when it refuses an acknowledgement", async () => {
    const fetch = vi.fn(async () => answer(409, { ok: false, acknowledgedAt: null, message: "Recall 3 is closed." }));
    vi.stubGlobal("fetch", fetch);
    await expect(api.acknowledge("r-1")).rejects.toMatchObject({ status: 409, message: "Recall 3 is closed." });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("https://lotline.test/api/customer/orders/4501/recalls/r-1/acknowledge");
    expect(init.method).toBe("POST");
  });

  it("reads line titles from the Customer Account API, and none when it fails", async () => {
    const nodes = [
      { id: "gid://shopify/LineItem/1", title: "Lavender Soap", variantTitle: "Large" },
      { id: "gid://shopify/LineItem/2", title: "Candle", variantTitle: "Default Title" },
    ];
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => answer(200, { data: { order: { lineItems: { nodes } } } })),
    );
    expect([...(await loadLineTitles("gid://shopify/Order/4501"))]).toEqual([
      ["gid://shopify/LineItem/1", "Lavender Soap — Large"],
      ["gid://shopify/LineItem/2", "Candle"],
    ]);
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Promise.reject(new TypeError("offline"))),
    );
    expect((await loadLineTitles("gid://shopify/Order/4501")).size).toBe(0);
  });
});
