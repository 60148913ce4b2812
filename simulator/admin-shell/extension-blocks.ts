// Which of Lotline's admin UI extensions the simulated admin shows as blocks on its order and
// product pages, read from each extension's shopify.extension.toml as Shopify reads them at
// deploy, and their built bundles (`npm run build:extensions` writes dist/<handle>.js).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const DEFAULT_EXTENSIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../extensions");

/** The admin pages the shell simulates, by the resource their URL names. */
export type ResourcePage = "orders" | "products";

/** The block target Shopify renders on each page. */
export const BLOCK_TARGETS: Record<ResourcePage, string> = {
  orders: "admin.order-details.block.render",
  products: "admin.product-details.block.render",
};

/** The gid type of each page's resource (`shopify.data.selected[0].id`). */
export const RESOURCE_TYPES: Record<ResourcePage, string> = { orders: "Order", products: "Product" };

export interface ExtensionTargeting {
  handle: string;
  name: string;
  type: string;
  targets: string[];
}

export interface BlockExtension {
  handle: string;
  name: string;
  target: string;
}

/**
 * The fields of a shopify.extension.toml the shell needs: the extension's handle, name, type and
 * its `[[extensions.targeting]]` targets. Only the first `[[extensions]]` entry is read: each
 * Lotline extension folder holds one extension.
 */
export function parseExtensionToml(toml: string): ExtensionTargeting | null {
  const found = { handle: "", name: "", type: "", targets: [] as string[] };
  let section = "";
  let extensions = 0;
  for (const rawLine of toml.split("\n")) {
    const line = rawLine.replace(/\s+#.*$/, "").trim();
    if (line === "" || line.startsWith("#")) continue;
    const header = /^\[\[?([^\]]+)\]\]?$/.exec(line);
    if (header) {
      section = header[1].trim();
      if (section === "extensions") extensions += 1;
      continue;
    }
    if (extensions > 1) break;
    const entry = /^([A-Za-z0-9_]+)\s*=\s*"((?:[^"\\]|\\.)*)"$/.exec(line);
    if (!entry) continue;
    const [, key, value] = entry;
    if (section === "extensions" && (key === "handle" || key === "name" || key === "type")) found[key] = value;
    if (section === "extensions.targeting" && key === "target") found.targets.push(value);
  }
  return found.handle ? found : null;
}

/** Every extension folder's parsed toml; folders without one (shared code) are skipped. */
export function listExtensions(dir = DEFAULT_EXTENSIONS_DIR): ExtensionTargeting[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const file = path.join(dir, entry.name, "shopify.extension.toml");
      if (!existsSync(file)) return [];
      const parsed = parseExtensionToml(readFileSync(file, "utf8"));
      return parsed ? [parsed] : [];
    })
    .sort((a, b) => a.handle.localeCompare(b.handle));
}

/** The UI extensions that render a block on `page`, in handle order. */
export function blockExtensionsFor(page: ResourcePage, extensions: ExtensionTargeting[]): BlockExtension[] {
  const target = BLOCK_TARGETS[page];
  return extensions
    .filter((extension) => extension.type === "ui_extension" && extension.targets.includes(target))
    .map((extension) => ({ handle: extension.handle, name: extension.name || extension.handle, target }));
}

export const BUILD_HINT = "Run `npm run build:extensions` to build Lotline's UI extensions.";

/** The built bundle of an extension, or null when it has not been built. */
export function readExtensionBundle(handle: string, dir = DEFAULT_EXTENSIONS_DIR): string | null {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(handle)) return null;
  const file = path.join(dir, handle, "dist", `${handle}.js`);
  return existsSync(file) ? readFileSync(file, "utf8") : null;
}
