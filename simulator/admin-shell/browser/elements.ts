// Reads App Bridge's configuration elements (`ui-nav-menu`, `ui-title-bar`) the way the
// admin does: only their direct `<a>`/`<button>` children count. Written against a minimal
// DOM-like interface so the rules can be tested without a browser.
import type { NavItem, TitleBarButton } from "./protocol";

export interface ElementLike {
  readonly tagName: string;
  readonly textContent: string | null;
  readonly children: ArrayLike<ElementLike>;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
}

const label = (element: ElementLike) => (element.textContent ?? "").replace(/\s+/g, " ").trim();

const isTag = (element: ElementLike, tag: string) => element.tagName.toLowerCase() === tag;

/** The nav items of a `ui-nav-menu`: its `<a href>` children in order, `rel="home"` marked. */
export function readNavMenu(menu: ElementLike): NavItem[] {
  const items: NavItem[] = [];
  for (const child of Array.from(menu.children)) {
    if (!isTag(child, "a")) continue;
    const href = child.getAttribute("href");
    if (!href) continue;
    const home = (child.getAttribute("rel") ?? "").split(/\s+/).includes("home");
    const text = label(child);
    // Shopify does not render the home link, so it may go without a label.
    if (!text && !home) continue;
    items.push({ href, label: text, home });
  }
  return items;
}

/**
 * The actions of a `ui-title-bar`: `<button>` and `<a>` children, and those grouped in
 * `<section>` children (secondary action groups). `elements[i]` is what `buttons[i]` clicks.
 */
export function readTitleBar<E extends ElementLike>(
  bar: E,
): { title: string | null; buttons: TitleBarButton[]; elements: E[] } {
  const elements: E[] = [];
  const collect = (parent: ElementLike) => {
    for (const child of Array.from(parent.children) as E[]) {
      if (isTag(child, "button") || isTag(child, "a")) elements.push(child);
      else if (isTag(child, "section")) collect(child);
    }
  };
  collect(bar);
  const buttons = elements.map(
    (element, index): TitleBarButton => ({
      index,
      label: label(element),
      variant: element.getAttribute("variant"),
      disabled: element.hasAttribute("disabled"),
      kind: isTag(element, "a") ? "link" : "button",
    }),
  );
  return { title: bar.getAttribute("title"), buttons, elements };
}

/** Two nav item lists are the same if every href, label and home flag match, in order. */
export function sameNavItems(a: NavItem[], b: NavItem[]): boolean {
  return (
    a.length === b.length &&
    a.every((item, i) => item.href === b[i].href && item.label === b[i].label && item.home === b[i].home)
  );
}
