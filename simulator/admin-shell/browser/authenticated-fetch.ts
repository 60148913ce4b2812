// App Bridge's fetch interceptor: requests to the app's own origin (its subdomains, and any
// origin in `appOrigins`) carry `Authorization: Bearer <session token>` and the admin
// locale. shopify-app-remix answers such a request with 401 and
// `X-Shopify-Retry-Invalid-Session-Request: 1` when the token is stale (retry once with a
// fresh one), and with `X-Shopify-API-Request-Failure-Reauthorize-Url` when the app must
// leave for another page (the admin navigates there).

export const RETRY_HEADER = "X-Shopify-Retry-Invalid-Session-Request";
export const REAUTHORIZE_HEADER = "X-Shopify-API-Request-Failure-Reauthorize-Url";

export interface AuthenticatedFetchOptions {
  fetch: typeof fetch;
  idToken: (options: { fresh: boolean }) => Promise<string>;
  /** The page's URL; relative requests resolve against it and its origin is the app's. */
  pageUrl: () => string;
  appOrigins?: string[];
  locale?: string | null;
  onReauthorize: (url: string) => void;
  onNotSimulated?: (what: string) => Error;
}

/** Whether App Bridge would authenticate a request to `url` from a page at `page`. */
export function isAppRequest(url: URL, page: URL, appOrigins: string[] = []): boolean {
  if (url.origin === page.origin) return true;
  if (appOrigins.includes(url.origin)) return true;
  return url.protocol === page.protocol && url.port === page.port && url.hostname.endsWith(`.${page.hostname}`);
}

export function createAuthenticatedFetch(options: AuthenticatedFetchOptions): typeof fetch {
  return async function authenticatedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const page = new URL(options.pageUrl());
    const url = new URL(input instanceof Request ? input.url : String(input), page);
    if (url.protocol === "shopify:") {
      const what = "Direct Admin API access (fetch of shopify: URLs)";
      throw options.onNotSimulated?.(what) ?? new Error(`App Bridge shim: ${what} is not simulated`);
    }
    if (!isAppRequest(url, page, options.appOrigins)) return options.fetch(input, init);

    const request = input instanceof Request ? new Request(input, init) : new Request(url.href, init);
    const send = async (fresh: boolean) => {
      const headers = new Headers(request.headers);
      const authorize = !headers.has("Authorization");
      if (authorize) headers.set("Authorization", `Bearer ${await options.idToken({ fresh })}`);
      if (options.locale && !headers.has("Accept-Language")) headers.set("Accept-Language", options.locale);
      // Each attempt sends a copy, so the body is still there for a retry.
      return { authorize, response: await options.fetch(new Request(request.clone(), { headers })) };
    };

    let { authorize, response } = await send(false);
    if (authorize && response.status === 401 && response.headers.get(RETRY_HEADER) === "1") {
      ({ response } = await send(true));
    }
    const reauthorize = response.headers.get(REAUTHORIZE_HEADER);
    if (reauthorize) options.onReauthorize(new URL(reauthorize, page).href);
    return response;
  };
}
