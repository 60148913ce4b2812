// The simulated admin's order and product pages with a card per admin block extension, and
// the document each block runs in (its own frame, like Shopify's extension sandbox).
import type { ExtensionHostConfig } from "./browser/extension-host";
import type { ResourcePageConfig } from "./browser/resource-page";
import { browserScript } from "./browser-bundle";
import { escapeHtml, htmlDocument, topBar } from "./pages";

const PAGE_STYLE = `
.resource { display: grid; grid-template-columns: minmax(0, 2fr) minmax(280px, 1fr); gap: 16px; max-width: 1100px; margin: 0 auto; padding: 20px; }
.resource h1 { grid-column: 1 / -1; margin: 0; font-size: 20px; }
.card { padding: 16px; background: #fff; border-radius: 12px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
.card h2 { margin: 12px 0 6px; font-size: 14px; }
.card dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
.card dt { color: #616161; }
.card dd { margin: 0; }
.items { list-style: none; margin: 0; padding: 0; }
.items li { display: grid; grid-template-columns: 1fr auto; padding: 8px 0; border-top: 1px solid #ebebeb; }
.items li small { grid-column: 1; color: #616161; }
.items li span:last-child { grid-column: 2; grid-row: 1; }
.blocks { display: flex; flex-direction: column; gap: 16px; }
.block { padding: 12px 16px 8px; }
.block-header { display: flex; align-items: baseline; gap: 8px; font-weight: 650; }
.block-header small { font-weight: 400; color: #616161; }
.block-frame { display: block; width: 100%; height: 120px; border: 0; }
.block.failed { border: 1px solid #e51c00; }
.back { grid-column: 1 / -1; margin: 0; }
`;

export interface BlockCard {
  name: string;
  /** Shell URL of the block's frame. */
  src: string;
}

export function resourcePage(input: {
  shopName: string;
  appName: string;
  appUrl: string;
  heading: string;
  blocks: BlockCard[];
  config: ResourcePageConfig;
}): string {
  const blocks = input.blocks.length
    ? input.blocks
        .map(
          (block) => `<section class="card block" aria-label="${escapeHtml(`${input.appName}: ${block.name}`)}">
<div class="block-header">${escapeHtml(input.appName)} <small>${escapeHtml(block.name)}</small></div>
<iframe class="block-frame" title="${escapeHtml(block.name)}" src="${escapeHtml(block.src)}"></iframe>
</section>`,
        )
        .join("\n")
    : `<p class="card">No ${escapeHtml(input.appName)} block targets this page.</p>`;
  return htmlDocument(
    `${input.heading} · Simulated Shopify admin`,
    `${topBar(input.shopName)}
<main class="resource">
<p class="back"><a href="${escapeHtml(input.appUrl)}">Open ${escapeHtml(input.appName)}</a></p>
<h1 id="resource-title">${escapeHtml(input.heading)}</h1>
<section id="resource-details" class="card" aria-label="Details"><p>Loading…</p></section>
<aside class="blocks">
${blocks}
</aside>
</main>
<div id="toasts" class="toasts" role="status" aria-live="polite"></div>
<script>${browserScript("resource-page", input.config)}</script>`,
    PAGE_STYLE,
  );
}

/**
 * Polaris web components are not defined in the simulator: a few rules make the elements Lotline
 * uses readable (blocks, stacks, tables, badges, headings given as attributes).
 */
const POLARIS_STYLE = `
html { background: #fff; }
body { margin: 0; padding: 4px 0; font: 14px/1.45 Inter, -apple-system, "Segoe UI", Roboto, sans-serif; color: #303030; }
s-admin-block, s-section, s-box, s-grid, s-banner, s-paragraph, s-heading, s-table, s-divider { display: block; }
s-stack { display: flex; flex-direction: column; gap: 8px; }
s-stack[direction="inline"] { flex-direction: row; flex-wrap: wrap; align-items: center; }
s-section + s-section, s-banner { margin-top: 8px; }
[heading]::before { content: attr(heading); display: block; font-weight: 650; margin-bottom: 6px; }
s-heading, s-text[type="strong"] { font-weight: 650; }
s-text[tone="subdued"], s-text[color="subdued"] { color: #616161; }
s-badge { display: inline-block; padding: 0 8px; border-radius: 8px; font-size: 12px; background: #e3e3e3; }
s-badge[tone="success"] { background: #cdfee1; }
s-badge[tone="warning"], s-badge[tone="caution"] { background: #ffef9d; }
s-badge[tone="critical"] { background: #fedad9; }
s-badge[tone="info"] { background: #e0f0ff; }
s-banner { padding: 8px 12px; border-radius: 8px; background: #e0f0ff; }
s-banner[tone="critical"] { background: #fedad9; }
s-banner[tone="warning"] { background: #fff1e3; }
s-link, s-button[href] { color: #005bd3; text-decoration: underline; cursor: pointer; }
s-button:not([href]) { display: inline-block; padding: 4px 10px; border: 1px solid #c9c9c9; border-radius: 8px; cursor: pointer; }
s-button[disabled] { opacity: .5; pointer-events: none; }
s-table { display: table; width: 100%; border-collapse: collapse; }
s-table-header-row { display: table-header-group; font-weight: 650; }
s-table-body { display: table-row-group; }
s-table-row { display: table-row; }
s-table-header, s-table-cell { display: table-cell; padding: 4px 6px; border-bottom: 1px solid #ebebeb; }
s-divider { border-top: 1px solid #ebebeb; margin: 8px 0; }
s-spinner::before { content: "Loading…"; color: #616161; }
.host-error { margin: 0; padding: 8px 12px; border-radius: 8px; background: #fedad9; }
`;

export function extensionHostPage(input: { title: string; config: ExtensionHostConfig }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>${escapeHtml(input.title)}</title>
<style>${POLARIS_STYLE}</style>
<script>${browserScript("extension-host", input.config)}</script>
</head>
<body></body>
</html>
`;
}
