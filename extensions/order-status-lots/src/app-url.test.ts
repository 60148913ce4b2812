// The customer block calls Lotline at APP_URL; if it drifts from the app's configured address
// (after `shopify app config link`, say), customers' recall notices silently stop loading.
/// <reference types="node" />
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { APP_URL } from "./app-url";

describe("the customer block's app address", () => {
  it("is the application_url of shopify.app.toml", () => {
    const toml = readFileSync(join(process.cwd(), "shopify.app.toml"), "utf8");
    const configured = /^application_url\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
    expect(configured).toBeDefined();
    expect(APP_URL).toBe(configured);
  });
});
