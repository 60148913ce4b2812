// The part of Shopify's admin UI extension API the simulated admin gives a block (the
// `shopify` global), where its links lead, and the messages a block's frame sends to the
// admin page around it. Lotline's admin extensions use only this subset.
import { adminUrlToShellPath, shellPath } from "./admin-urls";

export type ExtensionCallback = (...args: unknown[]) => unknown;

export interface ToastOptions {
  isError?: boolean;
  duration?: number;
}

export interface ExtensionApi {
  extend(target: string, callback: ExtensionCallback): void;
  extension: { target: string };
  data: { selected: Array<{ id: string }> };
  toast: { show(message: string, options?: ToastOptions): void };
  close(): void;
}

export interface ExtensionApiInput {
  target: string;
  selectedId: string;
  showToast(message: string, isError: boolean): void;
}

/** The `shopify` global and the callbacks the bundle registered with `shopify.extend`. */
export function createExtensionApi(input: ExtensionApiInput) {
  const registered = new Map<string, ExtensionCallback>();
  const api: ExtensionApi = {
    extend(target, callback) {
      if (typeof callback !== "function") throw new TypeError(`shopify.extend("${target}") needs a function`);
      registered.set(target, callback);
    },
    extension: { target: input.target },
    data: { selected: [{ id: input.selectedId }] },
    toast: {
      show(message, options = {}) {
        input.showToast(String(message), options.isError === true);
      },
    },
    // Blocks stay on the page; only action modals close, and the shell hosts no actions.
    close() {},
  };
  return { api, callbackFor: (target: string) => registered.get(target) ?? null };
}

/** The app path of an `app:` link ("app:/app/orders/1" → "/app/orders/1"), else null. */
export function appLinkPath(href: string): string | null {
  const match = /^app:(.*)$/i.exec(href.trim());
  if (!match) return null;
  const path = match[1].replace(/^\/+/, "");
  return `/${path}`;
}

export type LinkDestination = { window: "top"; url: string } | { window: "new"; url: string };

/**
 * Where a link in a block goes: `app:` paths open the app frame page in the admin, admin
 * URLs (`shopify:admin/...`) the matching admin page, web URLs a new tab. Null: not followed.
 */
export function linkDestination(href: string, store: string, appHandle: string): LinkDestination | null {
  const appPath = appLinkPath(href);
  if (appPath !== null) return { window: "top", url: shellPath(store, appHandle, appPath) };
  const adminPath = adminUrlToShellPath(href, store);
  if (adminPath) return { window: "top", url: adminPath };
  return /^https?:\/\//i.test(href) ? { window: "new", url: href } : null;
}

// --- block frame → admin page ---------------------------------------------------------------

export const HOST_CHANNEL = "lotline-extension-host";

export type HostMessage =
  | { type: "toast"; message: string; isError: boolean }
  | { type: "resize"; height: number }
  | { type: "failed"; message: string };

export function encodeHostMessage(message: HostMessage): Record<string, unknown> {
  return { channel: HOST_CHANNEL, ...message };
}

export function decodeHostMessage(data: unknown): HostMessage | null {
  if (typeof data !== "object" || data === null) return null;
  const value = data as Record<string, unknown>;
  if (value.channel !== HOST_CHANNEL) return null;
  if (value.type === "toast" && typeof value.message === "string") {
    return { type: "toast", message: value.message, isError: value.isError === true };
  }
  if (value.type === "resize" && typeof value.height === "number" && Number.isFinite(value.height)) {
    return { type: "resize", height: value.height };
  }
  if (value.type === "failed" && typeof value.message === "string") return { type: "failed", message: value.message };
  return null;
}
