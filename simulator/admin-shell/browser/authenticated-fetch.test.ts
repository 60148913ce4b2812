import { describe, expect, it, vi } from "vitest";
import { createAuthenticatedFetch, isAppRequest, REAUTHORIZE_HEADER, RETRY_HEADER } from "./authenticated-fetch";

const PAGE = "http://127.0.0.1:3000/app/lots?embedded=1";

function setup(responses: Response[] = []) {
  const sent: Request[] = [];
  const passedThrough: unknown[][] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    if (!(input instanceof Request) || init !== undefined) {
      passedThrough.push([input, init]);
      return new Response("elsewhere");
    }
    sent.push(input);
    return responses.shift() ?? new Response("ok");
  }) as unknown as typeof globalThis.fetch;
  let issued = 0;
  const idToken = vi.fn(async ({ fresh }: { fresh: boolean }) => {
    issued += 1;
    return `token-${issued}${fresh ? "-fresh" : ""}`;
  });
  const onReauthorize = vi.fn();
  const authenticatedFetch = createAuthenticatedFetch({
    fetch,
    idToken,
    pageUrl: () => PAGE,
    appOrigins: ["https://api.lotline.example"],
    locale: "fr",
    onReauthorize,
  });
  return { authenticatedFetch, sent, passedThrough, idToken, onReauthorize };
}

describe("which requests App Bridge authenticates", () => {
  const page = new URL(PAGE);
  it("the app's origin, its subdomains and the configured app origins", () => {
    expect(isAppRequest(new URL("http://127.0.0.1:3000/app?_data=routes/app"), page)).toBe(true);
    expect(isAppRequest(new URL("https://api.lotline.example/x"), page, ["https://api.lotline.example"])).toBe(true);
    const appPage = new URL("https://lotline.example/app");
    expect(isAppRequest(new URL("https://files.lotline.example/x"), appPage)).toBe(true);
  });

  it("not other origins, nor lookalike hosts", () => {
    expect(isAppRequest(new URL("http://127.0.0.1:4000/admin"), page)).toBe(false);
    const appPage = new URL("https://lotline.example/app");
    expect(isAppRequest(new URL("https://evil-lotline.example/x"), appPage)).toBe(false);
    expect(isAppRequest(new URL("http://files.lotline.example/x"), appPage)).toBe(false);
  });
});

describe("the fetch interceptor", () => {
  it("adds the session token and the admin locale to the app's own requests", async () => {
    const { authenticatedFetch, sent } = setup();
    await authenticatedFetch("/app/lots?_data=routes%2Fapp.lots");
    expect(sent[0].url).toBe("http://127.0.0.1:3000/app/lots?_data=routes%2Fapp.lots");
    expect(sent[0].headers.get("Authorization")).toBe("Bearer token-1");
    expect(sent[0].headers.get("Accept-Language")).toBe("fr");
  });

  it("keeps the method, body and the caller's own headers", async () => {
    const { authenticatedFetch, sent } = setup();
    const body = new FormData();
    body.set("quantity", "12");
    await authenticatedFetch(
      new Request("http://127.0.0.1:3000/app/receive", {
        method: "POST",
        body,
        headers: { "X-Remix": "yes", "Accept-Language": "de" },
      }),
    );
    expect(sent[0].method).toBe("POST");
    expect(sent[0].headers.get("X-Remix")).toBe("yes");
    expect(sent[0].headers.get("Accept-Language")).toBe("de");
    expect((await sent[0].formData()).get("quantity")).toBe("12");
  });

  it("leaves a caller's Authorization header alone", async () => {
    const { authenticatedFetch, sent, idToken } = setup();
    await authenticatedFetch("/api/thing", { headers: { Authorization: "Bearer mine" } });
    expect(sent[0].headers.get("Authorization")).toBe("Bearer mine");
    expect(idToken).not.toHaveBeenCalled();
  });

  it("passes requests to other origins through untouched", async () => {
    const { authenticatedFetch, passedThrough, idToken } = setup();
    const init = { method: "GET" };
    await authenticatedFetch("https://cdn.example.com/font.css", init);
    expect(passedThrough).toEqual([["https://cdn.example.com/font.css", init]]);
    expect(idToken).not.toHaveBeenCalled();
  });

  it("retries once with a fresh token when the app says the token was stale, resending the body", async () => {
    const stale = () => new Response(null, { status: 401, headers: { [RETRY_HEADER]: "1" } });
    const { authenticatedFetch, sent } = setup([stale(), stale()]);
    const response = await authenticatedFetch("/app/receive", { method: "POST", body: "lot=L-1" });
    expect(response.status).toBe(401);
    expect(sent).toHaveLength(2);
    expect(sent[1].headers.get("Authorization")).toBe("Bearer token-2-fresh");
    expect(await sent[1].text()).toBe("lot=L-1");
  });

  it("does not retry a plain 401", async () => {
    const { authenticatedFetch, sent } = setup([new Response(null, { status: 401 })]);
    expect((await authenticatedFetch("/app")).status).toBe(401);
    expect(sent).toHaveLength(1);
  });

  it("hands a reauthorize URL to the admin", async () => {
    const reauthorize = new Response(null, {
      status: 401,
      headers: { [REAUTHORIZE_HEADER]: "https://admin.shopify.com/store/soap-co/charges/1" },
    });
    const { authenticatedFetch, onReauthorize } = setup([reauthorize]);
    await authenticatedFetch("/app/billing", { method: "POST" });
    expect(onReauthorize).toHaveBeenCalledWith("https://admin.shopify.com/store/soap-co/charges/1");
  });

  it("refuses Direct API access, which it does not simulate", async () => {
    const { authenticatedFetch } = setup();
    await expect(authenticatedFetch("shopify:admin/api/graphql.json", { method: "POST" })).rejects.toThrow(
      "App Bridge shim: Direct Admin API access (fetch of shopify: URLs) is not simulated",
    );
  });
});
