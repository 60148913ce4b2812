// Turns the TypeScript modules in ./browser into one classic script for the browser. The
// shim must be a classic script (App Bridge's is: it reads `document.currentScript` and runs
// before the app's modules), so the modules are transpiled with TypeScript (a dev
// dependency already) and linked by a few lines of CommonJS loader. Only sibling imports
// are allowed, which keeps the linker trivial. Built once per process, on first use.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type BrowserEntry = "shim" | "shell" | "resource-page" | "extension-host";

const BROWSER_DIR = fileURLToPath(new URL("./browser/", import.meta.url));
const built = new Map<BrowserEntry, string>();

type TypeScript = typeof import("typescript");
let typescript: TypeScript | undefined;
const loadTypeScript = (): TypeScript => {
  typescript ??= createRequire(import.meta.url)("typescript") as TypeScript;
  return typescript;
};

function transpile(name: string): { code: string; imports: string[] } {
  const ts = loadTypeScript();
  const fileName = path.join(BROWSER_DIR, `${name}.ts`);
  const source = readFileSync(fileName, "utf8");
  const { outputText } = ts.transpileModule(source, {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: false,
      removeComments: false,
      verbatimModuleSyntax: false,
    },
  });
  const imports: string[] = [];
  for (const match of outputText.matchAll(/\brequire\(("[^"]*")\)/g)) {
    const specifier = JSON.parse(match[1]) as string;
    if (!/^\.\/[a-z][a-z0-9-]*$/.test(specifier)) {
      throw new Error(`${fileName}: browser modules may import only sibling modules ("./name"), not "${specifier}"`);
    }
    imports.push(specifier.slice(2));
  }
  return { code: outputText, imports };
}

/**
 * A JavaScript function expression `(function (config) { ... })` that runs `start(config)`
 * of ./browser/<entry>.ts. Callers append `(<config as JSON>);`.
 */
export function browserBundle(entry: BrowserEntry): string {
  const cached = built.get(entry);
  if (cached) return cached;
  const modules = new Map<string, string>();
  const pending = [entry as string];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (modules.has(name)) continue;
    const { code, imports } = transpile(name);
    modules.set(name, code);
    pending.push(...imports);
  }
  const definitions = [...modules]
    .map(([name, code]) => `${JSON.stringify(name)}: function (exports, require) {\n${code}\n}`)
    .join(",\n");
  const bundle = `(function (config) {
"use strict";
var definitions = {
${definitions}
};
var loaded = {};
function load(name) {
  if (!loaded[name]) {
    loaded[name] = {};
    definitions[name](loaded[name], function (specifier) { return load(specifier.slice(2)); });
  }
  return loaded[name];
}
load(${JSON.stringify(entry)}).start(config);
})`;
  built.set(entry, bundle);
  return bundle;
}

/** JSON safe to embed in an inline `<script>` (no `</script>`, no HTML comment openers). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The complete script: the bundle called with its configuration. */
export function browserScript(entry: BrowserEntry, config: unknown): string {
  return `${browserBundle(entry)}(${scriptJson(config)});\n`;
}
