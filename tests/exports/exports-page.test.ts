// The Exports and Business details pages as the embedded admin calls them, against the simulated
// store: asking for a spreadsheet queues it for the session's shop, the list shows its progress
// and link, bad filters are refused on their field, details are saved, and shops stay apart.
import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.DATA_DIR = `/tmp/lotline-exports-page-${process.pid}-${Date.now()}`;
});

import { db } from "../../app/db.server";
import { runExport } from "../../app/exports/run-export.server";
import { getQueue } from "../../app/jobs/queues.server";
import { action as exportsAction, loader as exportsLoader } from "../../app/routes/app.exports";
import { action as detailsAction, loader as detailsLoader } from "../../app/routes/app.exports_.details";
import { setUpInProcessShopify, shopify } from "../support/in-process-shopify";
import { BROWSER_USER_AGENT } from "../support/simulated-app";
import { TEST_APP_URL } from "../support/test-env";

setUpInProcessShopify();

afterAll(async () => {
  // The page queues real jobs; no worker runs here, so clear them.
  await getQueue("bulk").obliterate({ force: true });
});

let shopCount = 0;

function args(domain: string, path: string, body?: URLSearchParams) {
  const request = new Request(`${TEST_APP_URL}${path}`, {
    method: body ? "POST" : "GET",
    body,
    headers: { Authorization: `Bearer ${shopify.mintSessionToken(domain)}`, "User-Agent": BROWSER_USER_AGENT },
  });
  return { request, params: {}, context: {} };
}

async function json(response: unknown) {
  return (response as Response).json();
}

async function shopWithLotline() {
  shopCount += 1;
  const { shop, locations } = shopify.createShop({ name: `Export Soap ${shopCount}` });
  const domain = shop.myshopifyDomain;
  const page = await json(await exportsLoader(args(domain, "/app/exports")));
  const { id: shopId } = await db().shop.findUniqueOrThrow({ where: { domain } });
  return { domain, shopId, location: locations[0], page };
}

describe("the Exports page", () => {
  it("queues an FSMA spreadsheet for the session's shop and lists it with its download link", async () => {
    const shop = await shopWithLotline();
    const other = await shopWithLotline();
    expect(shop.page.exports).toEqual([]);
    expect(shop.page.kinds.map((kind: { kind: string }) => kind.kind)).toContain("fsma204");

    const form = new URLSearchParams({
      kind: "fsma204",
      format: "xlsx",
      from: "2026-01-01",
      to: "2026-03-31",
      lotFrom: "",
    });
    const response = (await exportsAction(args(shop.domain, "/app/exports", form))) as Response;
    expect(response.status).toBe(200);
    const job = await db().exportJob.findFirstOrThrow({ where: { shopId: shop.shopId } });
    expect(job).toMatchObject({ kind: "fsma204", format: "xlsx", status: "queued" });
    expect(job.parameters).toEqual({ from: "2026-01-01", to: "2026-03-31", bom: false });

    let page = await json(await exportsLoader(args(shop.domain, "/app/exports")));
    expect(page.running).toBe(true);
    expect(page.exports[0]).toMatchObject({ id: job.id, status: "queued", downloadUrl: null });

    await runExport(db(), { shopId: shop.shopId, exportJobId: job.id });
    page = await json(await exportsLoader(args(shop.domain, "/app/exports")));
    expect(page.running).toBe(false);
    expect(page.exports[0]).toMatchObject({
      status: "completed",
      fileName: "fsma204-2026-01-01-to-2026-03-31.xlsx",
      progress: 1,
    });
    expect(page.exports[0].downloadUrl).toMatch(/^https:\/\/lotline\.test\/exports\/download\//);

    const otherPage = await json(await exportsLoader(args(other.domain, "/app/exports")));
    expect(otherPage.exports).toEqual([]);
  });

  it("refuses filters that cannot work on their field, queueing nothing", async () => {
    const shop = await shopWithLotline();
    const form = new URLSearchParams({ kind: "fsma204", format: "csv", from: "2026-03-01", to: "2026-02-01" });
    const response = (await exportsAction(args(shop.domain, "/app/exports", form))) as Response;
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ ok: false, fields: { to: "The end date is before the start date" } });
    expect(await db().exportJob.count({ where: { shopId: shop.shopId } })).toBe(0);
  });
});

describe("the Business details page", () => {
  it("lists the shop's Shopify locations with what is missing, and saves what the merchant fills in", async () => {
    const shop = await shopWithLotline();
    const before = await json(await detailsLoader(args(shop.domain, "/app/exports/details")));
    const listed = before.locations.find((location: { id: string }) => location.id === shop.location.id);
    expect(listed).toMatchObject({ shopifyName: shop.location.name, missing: ["business name", "phone", "address"] });

    const details = {
      gs1CompanyPrefix: "4006381",
      locations: { [shop.location.id]: { businessName: "Soap Co", phone: "+44 113 000", address: "2 Dock St, Leeds" } },
      suppliers: {},
    };
    const saved = await json(
      await detailsAction(
        args(shop.domain, "/app/exports/details", new URLSearchParams({ details: JSON.stringify(details) })),
      ),
    );
    expect(saved).toMatchObject({ ok: true });
    const after = await json(await detailsLoader(args(shop.domain, "/app/exports/details")));
    expect(after.details.gs1CompanyPrefix).toBe("4006381");
    expect(after.locations.find((location: { id: string }) => location.id === shop.location.id).missing).toEqual([]);

    const bad = (await detailsAction(
      args(
        shop.domain,
        "/app/exports/details",
        new URLSearchParams({ details: JSON.stringify({ ...details, gs1CompanyPrefix: "12" }) }),
      ),
    )) as Response;
    expect(bad.status).toBe(422);
    expect((await bad.json()).fields).toEqual({ gs1CompanyPrefix: "A GS1 company prefix is 6 to 12 digits" });
    const unchanged = await json(await detailsLoader(args(shop.domain, "/app/exports/details")));
    expect(unchanged.details.gs1CompanyPrefix).toBe("4006381");
  });
});
