// URLs of the simulated admin and how app paths map onto them, shared by the server-side
// shell, the shell page's script and the shim.

/** Parameters the admin adds to the app's URL; they are not part of the app's own path. */
export const EMBEDDED_PARAMS = [
  "appLoadId",
  "embedded",
  "hmac",
  "host",
  "id_token",
  "locale",
  "session",
  "shop",
  "timestamp",
] as const;

/** "soap-co.myshopify.com" → "soap-co", the store handle in admin URLs. */
export function shopHandle(domain: string): string {
  return domain.replace(/\.myshopify\.com$/, "");
}

/** The shell page for an app path, e.g. ("soap-co", "lotline", "/app/lots") → "/store/soap-co/apps/lotline/app/lots". */
export function shellPath(store: string, appHandle: string, appPath = ""): string {
  const path = appPath === "" || appPath.startsWith("/") || appPath.startsWith("?") ? appPath : `/${appPath}`;
  return `/store/${encodeURIComponent(store)}/apps/${encodeURIComponent(appHandle)}${path}`;
}

/** The app's path and query without the admin's embedding parameters, e.g. "/app/lots?status=open". */
export function appPathOf(url: URL): string {
  const params = new URLSearchParams(url.search);
  for (const name of EMBEDDED_PARAMS) params.delete(name);
  const query = params.toString();
  return `${url.pathname}${query ? `?${query}` : ""}`;
}

/**
 * Where in the simulated admin an admin URL points: `shopify://admin/orders`,
 * `https://admin.shopify.com/store/<handle>/orders` or `https://<shop>.myshopify.com/admin/orders`
 * all become "/store/<handle>/orders". Null for anything that is not an admin URL.
 */
export function adminUrlToShellPath(url: string, store: string): string | null {
  const shopifyScheme = /^shopify:\/*admin(\/.*)?$/i.exec(url);
  if (shopifyScheme) return `/store/${encodeURIComponent(store)}${shopifyScheme[1] ?? ""}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== "https:") return null;
  const rest = `${parsed.search}${parsed.hash}`;
  if (parsed.hostname === "admin.shopify.com") {
    const match = /^\/store\/([^/]+)(\/.*)?$/.exec(parsed.pathname);
    return match ? `/store/${match[1]}${match[2] ?? ""}${rest}` : null;
  }
  const legacy = /^([a-z0-9][a-z0-9-]*)\.myshopify\.com$/.exec(parsed.hostname);
  if (legacy && (parsed.pathname === "/admin" || parsed.pathname.startsWith("/admin/"))) {
    return `/store/${legacy[1]}${parsed.pathname.slice("/admin".length)}${rest}`;
  }
  return null;
}

/**
 * The nav item the admin highlights for an app path: the longest item href that is the
 * path or a parent of it, ignoring the home item. Null when only home matches.
 */
export function activeNavHref(items: { href: string; home: boolean }[], appPath: string): string | null {
  const pathname = appPath.split(/[?#]/)[0].replace(/\/+$/, "") || "/";
  let best: { href: string; length: number } | null = null;
  for (const item of items) {
    if (item.home) continue;
    const href = item.href.split(/[?#]/)[0].replace(/\/+$/, "") || "/";
    const covers = pathname === href || pathname.startsWith(href === "/" ? "/" : `${href}/`);
    if (covers && (best === null || href.length > best.length)) best = { href: item.href, length: href.length };
  }
  return best?.href ?? null;
}
