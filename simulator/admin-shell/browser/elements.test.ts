import { describe, expect, it } from "vitest";
import { type ElementLike, readNavMenu, readTitleBar, sameNavItems } from "./elements";

function element(tagName: string, attributes: Record<string, string> = {}, content: string | ElementLike[] = []) {
  const children = typeof content === "string" ? [] : content;
  return {
    tagName: tagName.toUpperCase(),
    textContent: typeof content === "string" ? content : children.map((child) => child.textContent).join(""),
    children,
    getAttribute: (name: string) => attributes[name] ?? null,
    hasAttribute: (name: string) => name in attributes,
  } satisfies ElementLike;
}

describe("reading ui-nav-menu", () => {
  it("lists the anchor children in order, marking the home link", () => {
    const menu = element("ui-nav-menu", {}, [
      element("a", { href: "/app", rel: "home" }, "Home"),
      element("a", { href: "/app/lots", "data-discover": "true" }, "\n  Lots  "),
      element("a", { href: "/app/recalls" }, "Recalls"),
    ]);
    expect(readNavMenu(menu)).toEqual([
      { href: "/app", label: "Home", home: true },
      { href: "/app/lots", label: "Lots", home: false },
      { href: "/app/recalls", label: "Recalls", home: false },
    ]);
  });

  it("ignores what the admin ignores: non-anchors, anchors without href, unlabeled items", () => {
    const menu = element("ui-nav-menu", {}, [
      element("a", { href: "/app", rel: "noopener home" }),
      element("div", {}, [element("a", { href: "/app/nested" }, "Nested")]),
      element("a", {}, "No href"),
      element("a", { href: "/app/empty" }, "  "),
    ]);
    expect(readNavMenu(menu)).toEqual([{ href: "/app", label: "", home: true }]);
  });

  it("compares item lists by content", () => {
    const a = [{ href: "/app", label: "Home", home: true }];
    expect(sameNavItems(a, [{ ...a[0] }])).toBe(true);
    expect(sameNavItems(a, [{ ...a[0], label: "Start" }])).toBe(false);
    expect(sameNavItems(a, [])).toBe(false);
  });
});

describe("reading ui-title-bar", () => {
  it("collects buttons and links, including those grouped in sections, with what clicks them", () => {
    const save = element("button", { variant: "primary" }, "Save");
    const back = element("a", { variant: "breadcrumb", href: "/app/lots" }, "Lots");
    const archive = element("button", { disabled: "" }, "Archive");
    const bar = element("ui-title-bar", { title: "Lot L-042" }, [
      save,
      back,
      element("section", { label: "More" }, [archive]),
      element("span", {}, "ignored"),
    ]);
    const read = readTitleBar(bar);
    expect(read.title).toBe("Lot L-042");
    expect(read.buttons).toEqual([
      { index: 0, label: "Save", variant: "primary", disabled: false, kind: "button" },
      { index: 1, label: "Lots", variant: "breadcrumb", disabled: false, kind: "link" },
      { index: 2, label: "Archive", variant: null, disabled: true, kind: "button" },
    ]);
    expect(read.elements).toEqual([save, back, archive]);
  });

  it("has no title when the attribute is missing", () => {
    expect(readTitleBar(element("ui-title-bar")).title).toBeNull();
  });
});
