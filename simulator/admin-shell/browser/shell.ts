// The admin shell page's own script: renders what the framed app asks for (nav items, title
// bar, toasts, loading bar), hands it session tokens, and turns admin clicks into app
// navigation. It trusts messages only from the iframe's window at the app's origin.
import { activeNavHref, adminUrlToShellPath, shellPath } from "./admin-urls";
import {
  type AdminMessage,
  type AppMessage,
  decodeAppMessage,
  encodeMessage,
  type NavItem,
  type TitleBarButton,
} from "./protocol";

export interface ShellConfig {
  appOrigin: string;
  appHandle: string;
  appName: string;
  store: string;
  /** Same-origin URL answering `{ token }` for this shop. */
  sessionTokenUrl: string;
  /** The app path the frame was opened at, without the admin's parameters. */
  appPath: string;
  /** After this long without a word from the shim, the page says how to load it. */
  shimWarningAfterMs: number;
}

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const isModifiedClick = (event: MouseEvent) =>
  event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;

export function start(config: ShellConfig): void {
  const frame = element<HTMLIFrameElement>("app-frame");
  const navList = element<HTMLUListElement>("app-nav");
  const homeLink = element<HTMLAnchorElement>("app-home-link");
  const titleText = element<HTMLElement>("title-bar-title");
  const titleActions = element<HTMLElement>("title-bar-actions");
  const toasts = element<HTMLElement>("toasts");
  const loadingBar = element<HTMLElement>("loading-bar");
  const shimWarning = element<HTMLElement>("shim-warning");

  let navItems: NavItem[] = [];
  let appPath = config.appPath;
  let ready = false;
  let readySinceLoad = false;

  const send = (message: AdminMessage) => frame.contentWindow?.postMessage(encodeMessage(message), config.appOrigin);
  const shellUrl = (path: string) => shellPath(config.store, config.appHandle, path);
  const openInApp = (href: string) => {
    if (ready) send({ type: "nav-click", href });
    else location.assign(shellUrl(href));
  };

  // --- nav --------------------------------------------------------------------------------------
  const renderNav = () => {
    const active = activeNavHref(navItems, appPath);
    const home = navItems.find((item) => item.home);
    homeLink.href = shellUrl(home?.href ?? "");
    homeLink.toggleAttribute("aria-current", active === null && home !== undefined);
    navList.replaceChildren(
      ...navItems
        .filter((item) => !item.home)
        .map((item) => {
          const link = document.createElement("a");
          link.href = shellUrl(item.href);
          link.textContent = item.label;
          link.dataset.appHref = item.href;
          if (item.href === active) link.setAttribute("aria-current", "page");
          const entry = document.createElement("li");
          entry.append(link);
          return entry;
        }),
    );
  };
  navList.addEventListener("click", (event) => {
    const link = (event.target as Element).closest("a");
    if (!link?.dataset.appHref || isModifiedClick(event)) return;
    event.preventDefault();
    openInApp(link.dataset.appHref);
  });
  homeLink.addEventListener("click", (event) => {
    const home = navItems.find((item) => item.home);
    if (!home || isModifiedClick(event)) return;
    event.preventDefault();
    openInApp(home.href);
  });

  // The admin's URL follows the app's, so a reload (or a shared link) opens the same page.
  // Replace, not push: the frame's own history entries already make Back work.
  const showAppPath = (path: string) => {
    appPath = path;
    history.replaceState(history.state, "", shellUrl(path));
    renderNav();
  };

  // --- title bar --------------------------------------------------------------------------------
  const renderTitleBar = (title: string | null, buttons: TitleBarButton[]) => {
    titleText.textContent = title ?? config.appName;
    document.title = `${title ?? config.appName} · ${config.appName} · Simulated Shopify admin`;
    titleActions.replaceChildren(
      ...buttons.map((button) => {
        const control = document.createElement("button");
        control.type = "button";
        control.textContent = button.label;
        control.disabled = button.disabled;
        control.className = button.variant === "primary" ? "primary" : "";
        if (button.variant === "breadcrumb") control.textContent = `‹ ${button.label}`;
        control.addEventListener("click", () => send({ type: "title-bar-click", index: button.index }));
        return control;
      }),
    );
  };

  // --- toasts and loading -------------------------------------------------------------------
  const shownToasts = new Map<string, HTMLElement>();
  const removeToast = (toastId: string) => {
    shownToasts.get(toastId)?.remove();
    shownToasts.delete(toastId);
  };
  const showToast = (message: Extract<AppMessage, { type: "toast-show" }>) => {
    removeToast(message.toastId);
    const toast = document.createElement("div");
    toast.className = message.isError ? "toast error" : "toast";
    toast.dataset.toastId = message.toastId;
    const text = document.createElement("span");
    text.textContent = message.message;
    toast.append(text);
    if (message.action) {
      const action = document.createElement("button");
      action.type = "button";
      action.className = "toast-action";
      action.textContent = message.action;
      action.addEventListener("click", () => send({ type: "toast-action", toastId: message.toastId }));
      toast.append(action);
    }
    const dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.className = "toast-dismiss";
    dismiss.setAttribute("aria-label", "Dismiss notification");
    dismiss.textContent = "×";
    dismiss.addEventListener("click", () => {
      removeToast(message.toastId);
      send({ type: "toast-dismiss", toastId: message.toastId });
    });
    toast.append(dismiss);
    toasts.append(toast);
    shownToasts.set(message.toastId, toast);
    setTimeout(() => removeToast(message.toastId), message.duration);
  };
  const setLoading = (on: boolean) => {
    loadingBar.hidden = !on;
    frame.setAttribute("aria-busy", String(on));
  };

  // --- navigation requests from the app -----------------------------------------------------
  const navigateTop = (url: string) => {
    const adminPath = adminUrlToShellPath(url, config.store);
    if (adminPath) {
      location.assign(adminPath);
      return;
    }
    const target = new URL(url, location.href);
    if (target.protocol !== "http:" && target.protocol !== "https:") {
      console.warn(`Simulated admin: refusing to navigate to ${url}`);
      return;
    }
    location.assign(target.href);
  };

  const answerTokenRequest = async (requestId: string) => {
    try {
      const response = await fetch(config.sessionTokenUrl, { cache: "no-store" });
      if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
      const { token } = (await response.json()) as { token: string };
      send({ type: "session-token-response", requestId, token });
    } catch (error) {
      send({ type: "session-token-error", requestId, error: error instanceof Error ? error.message : String(error) });
    }
  };

  window.addEventListener("message", (event) => {
    if (event.source !== frame.contentWindow || event.origin !== config.appOrigin) return;
    const message = decodeAppMessage(event.data);
    if (!message) return;
    switch (message.type) {
      case "ready":
        ready = true;
        readySinceLoad = true;
        shimWarning.hidden = true;
        // A new document: its title bar and loading state start over; the nav stays until it sends its own.
        renderTitleBar(null, []);
        setLoading(false);
        showAppPath(message.path);
        return;
      case "session-token-request":
        void answerTokenRequest(message.requestId);
        return;
      case "nav-menu":
        navItems = message.items;
        renderNav();
        return;
      case "title-bar":
        renderTitleBar(message.title, message.buttons);
        return;
      case "toast-show":
        showToast(message);
        return;
      case "toast-hide":
        removeToast(message.toastId);
        return;
      case "loading":
        setLoading(message.on);
        return;
      case "location":
        showAppPath(message.path);
        return;
      case "navigate-top":
        navigateTop(message.url);
        return;
      case "navigate-app":
        location.assign(shellUrl(message.path));
        return;
    }
  });

  frame.addEventListener("load", () => {
    ready = readySinceLoad;
    readySinceLoad = false;
  });
  setTimeout(() => {
    if (!ready) shimWarning.hidden = false;
  }, config.shimWarningAfterMs);
  renderNav();
}
