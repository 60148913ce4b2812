// The script of the simulated admin's order and product pages: fills in the record from the
// simulator's control API, and serves the block frames (toasts, their height, failures).
import { decodeHostMessage } from "./extension-api";
import { orderSummary, productSummary, type ResourceSummary, type ShopDescription } from "./resource-summary";

export interface ResourcePageConfig {
  page: "orders" | "products";
  /** gid of the order or product. */
  resourceId: string;
  /** Same-origin control API URL describing the shop. */
  shopUrl: string;
}

const TOAST_MS = 5_000;

export function start(config: ResourcePageConfig): void {
  const title = document.getElementById("resource-title") as HTMLElement;
  const details = document.getElementById("resource-details") as HTMLElement;
  const toasts = document.getElementById("toasts") as HTMLElement;

  const text = (tag: string, content: string, className?: string) => {
    const element = document.createElement(tag);
    element.textContent = content;
    if (className) element.className = className;
    return element;
  };
  const render = (summary: ResourceSummary) => {
    title.textContent = summary.title;
    document.title = `${summary.title} · Simulated Shopify admin`;
    const facts = document.createElement("dl");
    for (const fact of summary.facts) facts.append(text("dt", fact.label), text("dd", fact.value));
    const items = document.createElement("ul");
    items.className = "items";
    for (const item of summary.items) {
      const entry = document.createElement("li");
      entry.append(text("span", item.title, "item-title"), text("small", item.detail), text("span", item.quantity));
      items.append(entry);
    }
    details.replaceChildren(facts, text("h2", summary.itemsHeading), items);
  };

  void (async () => {
    try {
      const response = await fetch(config.shopUrl, { cache: "no-store" });
      if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
      const shop = (await response.json()) as ShopDescription;
      const summary =
        config.page === "orders" ? orderSummary(shop, config.resourceId) : productSummary(shop, config.resourceId);
      if (summary) render(summary);
      else details.replaceChildren(text("p", `The simulated store has no ${config.resourceId}.`, "warning"));
    } catch (error) {
      details.replaceChildren(text("p", `The store could not be read: ${(error as Error).message}`, "warning"));
    }
  })();

  const frames = () => Array.from(document.querySelectorAll<HTMLIFrameElement>("iframe.block-frame"));
  window.addEventListener("message", (event) => {
    const frame = frames().find((candidate) => candidate.contentWindow === event.source);
    if (!frame || event.origin !== location.origin) return;
    const message = decodeHostMessage(event.data);
    if (!message) return;
    if (message.type === "resize") frame.style.height = `${Math.ceil(message.height)}px`;
    else if (message.type === "failed") frame.closest(".block")?.classList.add("failed");
    else {
      const toast = text("div", message.message, message.isError ? "toast error" : "toast");
      toasts.append(toast);
      setTimeout(() => toast.remove(), TOAST_MS);
    }
  });
}
