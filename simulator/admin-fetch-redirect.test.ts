import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulatorUrlFor } from "./admin-fetch-redirect";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const run = promisify(execFile);

describe("which URLs go to the simulator", () => {
  const simulator = "http://127.0.0.1:4100";

  it("maps a shop's Admin API and OAuth URLs under /shops/<shop>", () => {
    expect(simulatorUrlFor("https://acme.myshopify.com/admin/api/2026-10/graphql.json", simulator)).toBe(
      "http://127.0.0.1:4100/shops/acme.myshopify.com/admin/api/2026-10/graphql.json",
    );
    expect(simulatorUrlFor("https://Acme-2.myshopify.com/admin/oauth/access_token?x=1", `${simulator}/`)).toBe(
      "http://127.0.0.1:4100/shops/acme-2.myshopify.com/admin/oauth/access_token?x=1",
    );
  });

  it("leaves every other URL alone", () => {
    for (const url of [
      "https://cdn.shopify.com/shopifycloud/app-bridge.js",
      "http://acme.myshopify.com/admin/api/2026-10/graphql.json",
      "https://acme.myshopify.com.evil.example/admin",
      "http://127.0.0.1:6379/",
    ]) {
      expect(simulatorUrlFor(url, simulator)).toBeNull();
    }
  });
});

describe("the preload in a process that loads the Shopify library as the app does", () => {
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    // Answers with the path it was asked for, standing in for both the simulator and another host.
    server = http.createServer((request, response) => response.end(request.url));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  // The app's shopify.server.ts imports these two first; the library's fetch is used after.
  const appLikeScript = (other: string) => `
    import "@shopify/shopify-app-remix/adapters/node";
    import "@shopify/shopify-app-remix/server";
    const { abstractFetch } = await import("@shopify/shopify-api/runtime");
    const shop = await abstractFetch("https://acme.myshopify.com/admin/api/2026-10/graphql.json", { method: "POST" });
    const other = await abstractFetch("${other}/direct");
    console.log(JSON.stringify([await shop.text(), await other.text()]));
  `;

  it("redirects shop URLs to the simulator and leaves others alone, after the app's own imports", async () => {
    const { stdout } = await run(
      process.execPath,
      [
        "--import",
        "tsx",
        "--import",
        "./simulator/redirect-admin-fetch.ts",
        "--input-type=module",
        "-e",
        appLikeScript(base),
      ],
      { cwd: ROOT, env: { ...process.env, SHOPIFY_SIMULATOR_URL: base } },
    );
    expect(JSON.parse(stdout)).toEqual(["/shops/acme.myshopify.com/admin/api/2026-10/graphql.json", "/direct"]);
  });

  it("would be undone if set before the library loads (why the preload loads the library first)", async () => {
    const script = `
      const { redirectAdminFetch } = await import("./simulator/admin-fetch-redirect.ts");
      redirectAdminFetch("${base}");
      await import("@shopify/shopify-app-remix/server");
      const { abstractFetch } = await import("@shopify/shopify-api/runtime");
      console.log(JSON.stringify(abstractFetch === globalThis.fetch));
    `;
    const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: ROOT,
      env: process.env,
    });
    expect(JSON.parse(stdout)).toBe(true);
  });

  it("stops the process with a clear message when SHOPIFY_SIMULATOR_URL is missing", async () => {
    const env = { ...process.env };
    delete env.SHOPIFY_SIMULATOR_URL;
    await expect(
      run(process.execPath, ["--import", "tsx", "--import", "./simulator/redirect-admin-fetch.ts", "-e", "0"], {
        cwd: ROOT,
        env,
      }),
    ).rejects.toMatchObject({ stderr: expect.stringContaining("SHOPIFY_SIMULATOR_URL must be") });
  });
});
