// Mounting an admin extension component in the test DOM: a stand-in for the admin's `shopify`
// global (only the part of the API the extensions use) and a fetch that answers per URL.
import { type ComponentChild, render } from "preact";
import { afterEach, expect, type Mock, vi } from "vitest";

export interface AdminStub {
  data: { selected: Array<{ id: string }> };
  extension: { target: string };
  toast: { show: Mock<(message: string, options?: { isError?: boolean }) => void> };
  close: Mock<() => void>;
}

export type Answer = { status: number; body: unknown } | "network-error";

/** A fetch that answers each `METHOD path` from the list in turn (the last answer repeats). */
export function stubFetch(answers: Record<string, Answer[]>) {
  const calls: Array<{ method: string; url: string; body: unknown }> = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const method = init.method ?? "GET";
    const url = String(input);
    calls.push({ method, url, body: typeof init.body === "string" ? JSON.parse(init.body) : undefined });
    const queue = answers[`${method} ${url}`];
    if (!queue || queue.length === 0) throw new Error(`unexpected request ${method} ${url}`);
    const answer = queue.length > 1 ? queue.shift()! : queue[0]!;
    if (answer === "network-error") throw new TypeError("Failed to fetch");
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { "Content-Type": "application/json" },
    });
  });
  vi.stubGlobal("fetch", fetch);
  return { fetch, calls };
}

export function stubShopify(target: string, selectedId: string): AdminStub {
  const shopify: AdminStub = {
    data: { selected: [{ id: selectedId }] },
    extension: { target },
    toast: { show: vi.fn() },
    close: vi.fn(),
  };
  vi.stubGlobal("shopify", shopify);
  return shopify;
}

const mounted: HTMLElement[] = [];

export function mount(component: ComponentChild): HTMLElement {
  const root = document.createElement("div");
  document.body.append(root);
  render(component, root);
  mounted.push(root);
  return root;
}

// Unmount, so a component's pending effects cannot fetch during the next test.
afterEach(() => {
  for (const root of mounted.splice(0)) render(null, root);
  document.body.innerHTML = "";
  vi.unstubAllGlobals();
});

/** Waits until the mounted extension shows `text` (effects and fetches settle asynchronously). */
export async function findText(root: HTMLElement, text: string): Promise<void> {
  await vi.waitFor(() => expect(root.textContent).toContain(text));
}

/** Elements by tag whose visible text contains `text`. */
export function byText(root: HTMLElement, selector: string, text: string): Element[] {
  return [...root.querySelectorAll(selector)].filter((element) => element.textContent?.includes(text));
}

/**
 * Types into an `s-*` field the way the admin reports it (the value, then an input event) and
 * lets the extension re-render, as it would before the person's next keystroke or click.
 */
export async function typeInto(field: Element, value: string, eventName: "input" | "change" = "input"): Promise<void> {
  (field as HTMLElement & { value: string }).value = value;
  field.dispatchEvent(new Event(eventName));
  await new Promise((resolve) => setTimeout(resolve, 0));
}

export function click(element: Element | undefined): void {
  if (!element) throw new Error("nothing to click");
  element.dispatchEvent(new Event("click"));
}

/** Waits until the element `find` returns carries attribute `name` (e.g. a field's error). */
export async function waitForAttribute(find: () => Element, name: string): Promise<void> {
  await vi.waitFor(() => expect(find().hasAttribute(name)).toBe(true));
}
