// Runs inside a block's own frame (its sandbox, as in Shopify's admin): installs the `shopify`
// global and App Bridge's fetch rules for extensions (relative URLs go to the app with a fresh
// session token), loads the built bundle, and calls what it registered for the target.
import { createAuthenticatedFetch } from "./authenticated-fetch";
import { createExtensionApi, encodeHostMessage, type HostMessage, linkDestination } from "./extension-api";
import { createIdTokenSource } from "./id-token";

export interface ExtensionHostConfig {
  handle: string;
  target: string;
  /** The resource the page shows, `gid://shopify/Order/<n>`. */
  selectedId: string;
  appUrl: string;
  appHandle: string;
  store: string;
  /** Same-origin URL answering `{ token }` for this shop. */
  sessionTokenUrl: string;
  bundleUrl: string;
}

export function start(config: ExtensionHostConfig): void {
  const tell = (message: HostMessage) => window.parent.postMessage(encodeHostMessage(message), location.origin);
  const fail = (message: string) => {
    console.warn(`Simulated admin, ${config.handle}: ${message}`);
    const notice = document.createElement("p");
    notice.className = "host-error";
    notice.setAttribute("role", "alert");
    notice.textContent = message;
    document.body.replaceChildren(notice);
    tell({ type: "failed", message });
  };

  // The block's fetch is replaced below; tokens come through the page's own.
  const pageFetch = window.fetch.bind(window);
  const tokens = createIdTokenSource({
    request: async () => {
      const response = await pageFetch(config.sessionTokenUrl, { cache: "no-store" });
      if (!response.ok) throw new Error(`session token: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { token: string }).token;
    },
  });
  // Shopify resolves an extension's relative fetches against the app URL, not the frame's.
  window.fetch = createAuthenticatedFetch({
    fetch: pageFetch,
    idToken: ({ fresh }) => tokens.get({ fresh }),
    pageUrl: () => config.appUrl,
    onReauthorize: (url) => console.warn(`Simulated admin: the app asked to reauthorize at ${url}`),
  });

  const { api, callbackFor } = createExtensionApi({
    target: config.target,
    selectedId: config.selectedId,
    showToast: (message, isError) => tell({ type: "toast", message, isError }),
  });
  Object.assign(globalThis, { shopify: api });

  // Polaris links and buttons are plain elements here: follow their hrefs like the admin does.
  document.addEventListener("click", (event) => {
    const link = (event.target as Element | null)?.closest?.("s-link[href], s-button[href], a[href]");
    if (!link || event.defaultPrevented) return;
    const destination = linkDestination(link.getAttribute("href") ?? "", config.store, config.appHandle);
    if (!destination) return;
    event.preventDefault();
    if (destination.window === "top") window.top?.location.assign(destination.url);
    else window.open(destination.url, "_blank", "noopener");
  });

  new ResizeObserver(() => tell({ type: "resize", height: document.documentElement.scrollHeight })).observe(
    document.documentElement,
  );

  const script = document.createElement("script");
  script.src = config.bundleUrl;
  script.addEventListener("error", () =>
    fail(`The ${config.handle} extension did not load. Run \`npm run build:extensions\` and reload.`),
  );
  script.addEventListener("load", async () => {
    const callback = callbackFor(config.target);
    if (!callback) {
      fail(`The ${config.handle} extension registered nothing for ${config.target}.`);
      return;
    }
    try {
      await callback();
    } catch (error) {
      fail(`The ${config.handle} extension failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  document.head.append(script);
}
