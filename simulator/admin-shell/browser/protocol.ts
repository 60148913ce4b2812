// The postMessage protocol between the admin shell (parent window) and the App Bridge shim
// (inside the app's iframe). Both sides send plain objects tagged with a channel name and a
// version, and drop anything else: other scripts on either page also use postMessage.

export const CHANNEL = "lotline-simulated-admin";
export const PROTOCOL_VERSION = 1;

export interface NavItem {
  /** The app path as written in the anchor's href, e.g. "/app/lots". */
  href: string;
  label: string;
  /** `rel="home"`: the app's landing page; the admin shows it as the app's name, not an item. */
  home: boolean;
}

export interface TitleBarButton {
  /** Position among the title bar's children, used to click the right element back in the app. */
  index: number;
  label: string;
  variant: string | null;
  disabled: boolean;
  kind: "button" | "link";
}

/** What the shim sends to the shell. */
export type AppMessage =
  | { type: "ready"; path: string; apiKey: string | null }
  | { type: "session-token-request"; requestId: string }
  | { type: "nav-menu"; items: NavItem[] }
  | { type: "title-bar"; title: string | null; buttons: TitleBarButton[] }
  | { type: "toast-show"; toastId: string; message: string; duration: number; isError: boolean; action: string | null }
  | { type: "toast-hide"; toastId: string }
  | { type: "loading"; on: boolean }
  | { type: "location"; path: string }
  /** Navigate the whole admin window (App Bridge's `open(url, "_top")` and reauthorize redirects). */
  | { type: "navigate-top"; url: string }
  /** Reload the app frame at this path with fresh embedded parameters (an unhandled nav click). */
  | { type: "navigate-app"; path: string };

/** What the shell sends to the shim. */
export type AdminMessage =
  | { type: "session-token-response"; requestId: string; token: string }
  | { type: "session-token-error"; requestId: string; error: string }
  | { type: "nav-click"; href: string }
  | { type: "title-bar-click"; index: number }
  | { type: "toast-action"; toastId: string }
  | { type: "toast-dismiss"; toastId: string };

export type Envelope<M> = M & { channel: typeof CHANNEL; version: typeof PROTOCOL_VERSION };

export function encodeMessage<M extends AppMessage | AdminMessage>(message: M): Envelope<M> {
  return { ...message, channel: CHANNEL, version: PROTOCOL_VERSION };
}

type Shape = Record<string, "string" | "number" | "boolean" | "string?" | "array">;

const APP_MESSAGES: Record<AppMessage["type"], Shape> = {
  ready: { path: "string", apiKey: "string?" },
  "session-token-request": { requestId: "string" },
  "nav-menu": { items: "array" },
  "title-bar": { title: "string?", buttons: "array" },
  "toast-show": { toastId: "string", message: "string", duration: "number", isError: "boolean", action: "string?" },
  "toast-hide": { toastId: "string" },
  loading: { on: "boolean" },
  location: { path: "string" },
  "navigate-top": { url: "string" },
  "navigate-app": { path: "string" },
};

const ADMIN_MESSAGES: Record<AdminMessage["type"], Shape> = {
  "session-token-response": { requestId: "string", token: "string" },
  "session-token-error": { requestId: "string", error: "string" },
  "nav-click": { href: "string" },
  "title-bar-click": { index: "number" },
  "toast-action": { toastId: "string" },
  "toast-dismiss": { toastId: "string" },
};

function matches(data: Record<string, unknown>, shape: Shape): boolean {
  return Object.entries(shape).every(([key, kind]) => {
    const value = data[key];
    if (kind === "array") return Array.isArray(value);
    if (kind === "string?") return value === null || typeof value === "string";
    return typeof value === kind;
  });
}

function isNavItem(value: unknown): value is NavItem {
  if (typeof value !== "object" || value === null) return false;
  const item = value as Record<string, unknown>;
  return typeof item.href === "string" && typeof item.label === "string" && typeof item.home === "boolean";
}

function isTitleBarButton(value: unknown): value is TitleBarButton {
  if (typeof value !== "object" || value === null) return false;
  const button = value as Record<string, unknown>;
  return (
    typeof button.index === "number" &&
    typeof button.label === "string" &&
    (button.variant === null || typeof button.variant === "string") &&
    typeof button.disabled === "boolean" &&
    (button.kind === "button" || button.kind === "link")
  );
}

function decodeWith<M>(data: unknown, shapes: Record<string, Shape>): M | null {
  if (typeof data !== "object" || data === null) return null;
  const record = data as Record<string, unknown>;
  if (record.channel !== CHANNEL || record.version !== PROTOCOL_VERSION) return null;
  if (typeof record.type !== "string" || !Object.hasOwn(shapes, record.type)) return null;
  if (!matches(record, shapes[record.type])) return null;
  if (record.type === "nav-menu" && !(record.items as unknown[]).every(isNavItem)) return null;
  if (record.type === "title-bar" && !(record.buttons as unknown[]).every(isTitleBarButton)) return null;
  return record as M;
}

/** A message from the shim, or null for anything that is not one (wrong channel, version or shape). */
export function decodeAppMessage(data: unknown): AppMessage | null {
  return decodeWith<AppMessage>(data, APP_MESSAGES);
}

/** A message from the shell, or null for anything that is not one. */
export function decodeAdminMessage(data: unknown): AdminMessage | null {
  return decodeWith<AdminMessage>(data, ADMIN_MESSAGES);
}
