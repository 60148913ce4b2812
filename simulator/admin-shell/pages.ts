// The simulated admin's HTML: the shop list, the app frame page, and "not found" pages.
// Plain strings, every interpolated value escaped.

import type { ShellConfig } from "./browser/shell";
import { browserScript } from "./browser-bundle";

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character] as string,
  );
}

const STYLE = `
*, *::before, *::after { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 14px/1.45 Inter, -apple-system, "Segoe UI", Roboto, sans-serif; color: #303030; background: #f1f1f1; }
a { color: #005bd3; }
.top-bar { height: 56px; display: flex; align-items: center; gap: 16px; padding: 0 16px; background: #1a1a1a; color: #e3e3e3; }
.top-bar .brand { font-weight: 650; color: #fff; text-decoration: none; }
.top-bar .badge { font-size: 12px; padding: 2px 8px; border-radius: 8px; background: #4a4a4a; }
.top-bar .shop { margin-left: auto; font-weight: 550; }
.layout { display: flex; height: calc(100% - 56px); }
.sidebar { width: 240px; flex: none; padding: 12px 8px; background: #ebebeb; overflow-y: auto; }
.sidebar ul { list-style: none; margin: 0; padding: 0; }
.sidebar a, .sidebar .unavailable { display: block; padding: 6px 10px; border-radius: 8px; color: #303030; text-decoration: none; }
.sidebar .unavailable { color: #8a8a8a; cursor: not-allowed; }
.sidebar a:hover { background: #e3e3e3; }
.sidebar a[aria-current] { background: #fafafa; font-weight: 650; }
.sidebar .section { margin: 16px 10px 4px; font-size: 12px; font-weight: 650; color: #616161; }
.sidebar #app-nav a { padding-left: 28px; }
.main { flex: 1; display: flex; flex-direction: column; min-width: 0; position: relative; }
.title-bar { display: flex; align-items: center; gap: 8px; min-height: 52px; padding: 8px 20px; }
.title-bar h1 { margin: 0; font-size: 20px; font-weight: 650; }
.title-bar .actions { margin-left: auto; display: flex; gap: 8px; }
.title-bar button { font: inherit; padding: 6px 12px; border-radius: 8px; border: 1px solid #c9c9c9; background: #fff; cursor: pointer; }
.title-bar button.primary { background: #303030; color: #fff; border-color: #303030; }
.loading-bar { position: absolute; top: 0; left: 0; right: 0; height: 3px; background: linear-gradient(90deg, #005bd3, #7cc3ff, #005bd3); background-size: 200% 100%; animation: loading 1.2s linear infinite; }
@keyframes loading { from { background-position: 200% 0; } to { background-position: 0 0; } }
.frame { flex: 1; width: 100%; border: 0; background: #f1f1f1; }
.warning { margin: 0 20px 8px; padding: 10px 14px; border-radius: 10px; background: #fff1e3; border: 1px solid #ffb800; }
.toasts { position: fixed; bottom: 24px; left: 50%; transform: translateX(-50%); display: flex; flex-direction: column; gap: 8px; align-items: center; z-index: 10; }
.toast { display: flex; align-items: center; gap: 12px; padding: 10px 14px; border-radius: 10px; background: #1a1a1a; color: #fff; box-shadow: 0 4px 12px rgba(0,0,0,.25); }
.toast.error { background: #8e1f0b; }
.toast button { font: inherit; color: inherit; background: none; border: 0; cursor: pointer; }
.toast .toast-action { text-decoration: underline; font-weight: 650; }
.page { max-width: 720px; margin: 40px auto; padding: 24px; background: #fff; border-radius: 12px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
.page h1 { margin-top: 0; font-size: 20px; }
.page li { margin: 6px 0; }
`;

export function htmlDocument(title: string, body: string, extraStyle = ""): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${STYLE}${extraStyle}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

export const topBar = (shopName?: string) => `<header class="top-bar">
<a class="brand" href="/admin">Shopify admin</a><span class="badge">simulated</span>
${shopName ? `<span class="shop">${escapeHtml(shopName)}</span>` : ""}
</header>`;

export function shopListPage(input: {
  shops: Array<{ name: string; domain: string; shellUrl: string }>;
  appName: string;
}): string {
  const items = input.shops.length
    ? input.shops
        .map(
          (shop) =>
            `<li><a href="${escapeHtml(shop.shellUrl)}">${escapeHtml(shop.name)}</a> <small>${escapeHtml(shop.domain)}</small></li>`,
        )
        .join("\n")
    : "<li>No shops yet: create one through the simulator's control API.</li>";
  return htmlDocument(
    "Stores · Simulated Shopify admin",
    `${topBar()}
<main class="page">
<h1>Stores</h1>
<p>Open ${escapeHtml(input.appName)} in a simulated store:</p>
<ul>
${items}
</ul>
</main>`,
  );
}

export function notFoundPage(input: { title: string; message: string; shopName?: string }): string {
  return htmlDocument(
    `${input.title} · Simulated Shopify admin`,
    `${topBar(input.shopName)}
<main class="page">
<h1>${escapeHtml(input.title)}</h1>
<p>${escapeHtml(input.message)}</p>
<p><a href="/admin">All stores</a></p>
</main>`,
  );
}

export function shellPage(input: { shopName: string; frameSrc: string; shell: ShellConfig; shimUrl: string }): string {
  const { shell } = input;
  const unavailable = ["Home", "Orders", "Products", "Customers"]
    .map((label) => `<li><span class="unavailable" title="Not simulated">${label}</span></li>`)
    .join("");
  return htmlDocument(
    `${shell.appName} · Simulated Shopify admin`,
    `${topBar(input.shopName)}
<div class="layout">
<nav class="sidebar" aria-label="Admin">
<ul>${unavailable}</ul>
<div class="section">Apps</div>
<a id="app-home-link" href="#">${escapeHtml(shell.appName)}</a>
<ul id="app-nav" aria-label="${escapeHtml(shell.appName)}"></ul>
</nav>
<main class="main">
<div id="loading-bar" class="loading-bar" role="progressbar" aria-label="Loading" hidden></div>
<div class="title-bar">
<h1 id="title-bar-title">${escapeHtml(shell.appName)}</h1>
<div id="title-bar-actions" class="actions"></div>
</div>
<p id="shim-warning" class="warning" role="alert" hidden>The app has not loaded the App Bridge shim, so it gets no session tokens, nav menu or toasts from this admin. Start it with <code>APP_BRIDGE_URL=${escapeHtml(input.shimUrl)}</code>.</p>
<iframe id="app-frame" class="frame" title="${escapeHtml(shell.appName)}" src="${escapeHtml(input.frameSrc)}"></iframe>
</main>
</div>
<div id="toasts" class="toasts" role="status" aria-live="polite"></div>
<script>${browserScript("shell", shell)}</script>`,
  );
}
