// The GS1 EPCIS 2.0 export against a real ledger: the document a trading partner receives
// validates against GS1's JSON Schema, holds one event per receiving, shipping and return row
// with the ledger's quantities, uses LGTIN/SGLN identifiers once the merchant has a GS1 company
// prefix and GLNs, and never carries another shop's events.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { gs1CheckDigit } from "../../app/domain/gs1-linters";
import { requestExport } from "../../app/exports/exports.server";
import { runExport } from "../../app/exports/run-export.server";
import { updateTraceDetails } from "../../app/exports/trace-details.server";
import { WAREHOUSE } from "../support/allocation-factories";
import { epcisSchemaErrors } from "../support/epcis-schema";
import { seedExportShop } from "../support/export-factories";

let dataDir: string;
const noQueue = { enqueue: async () => undefined };

interface EpcisEvent {
  eventID: string;
  bizStep: string;
  disposition: string;
  eventTimeZoneOffset: string;
  quantityList: { epcClass: string; quantity: number }[];
  readPoint: { id: string };
  ilmd?: Record<string, string>;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "lotline-epcis-"));
});

beforeEach(async () => {
  await db().shop.deleteMany();
});

async function exportEpcis(shopId: string, parameters: Record<string, unknown> = {}) {
  const job = await requestExport(
    db(),
    { shopId, kind: "epcis", format: "json", parameters, actor: "user:1" },
    noQueue,
  );
  await runExport(db(), { shopId, exportJobId: job.id }, { dataDir });
  const done = await db().exportJob.findUniqueOrThrow({ where: { id: job.id } });
  expect(done.status).toBe("completed");
  const document = JSON.parse(await readFile(path.join(dataDir, "exports", done.storagePath!), "utf8"));
  return { job: done, document, events: document.epcisBody.eventList as EpcisEvent[] };
}

async function setTimeZone(shopId: string, zone: string) {
  await db().setting.create({
    data: { shopId, key: "shopify.time-zone", value: { value: zone, fetchedAt: new Date().toISOString() } },
  });
}

describe("the EPCIS export", () => {
  it("validates against the GS1 schema and holds one event per ledger row with its quantity", async () => {
    const seeded = await seedExportShop(db());
    await seedExportShop(db()); // another shop with the same history must not leak in
    await setTimeZone(seeded.shop.id, "America/New_York");
    const { job, document, events } = await exportEpcis(seeded.shop.id);

    expect(epcisSchemaErrors(document)).toEqual([]);
    expect(document).toMatchObject({ type: "EPCISDocument", schemaVersion: "2.0" });
    expect(job.fileName).toMatch(/^epcis-start-to-\d{4}-\d{2}-\d{2}\.json$/);

    const ledger = await db().lotEvent.findMany({
      where: { shopId: seeded.shop.id, type: { in: ["received", "shipped", "returned"] } },
    });
    expect(events.map((e) => e.eventID).sort()).toEqual(ledger.map((row) => `urn:uuid:${row.id}`).sort());
    expect(job).toMatchObject({ processedRows: ledger.length });
    for (const row of ledger) {
      const event = events.find((e) => e.eventID === `urn:uuid:${row.id}`)!;
      const expected = {
        received: { bizStep: "receiving", disposition: "in_progress" },
        shipped: { bizStep: "shipping", disposition: "in_transit" },
        returned: { bizStep: "receiving", disposition: "returned" },
      }[row.type as "received" | "shipped" | "returned"];
      expect({ ...expected, quantity: Math.abs(row.quantity) }).toEqual({
        bizStep: event.bizStep,
        disposition: event.disposition,
        quantity: event.quantityList[0].quantity,
      });
    }
    // 4 + 3 + 2 soap and 2 + 1 candles shipped, as the FSMA file counts them.
    const shipped = events
      .filter((e) => e.bizStep === "shipping")
      .reduce((sum, e) => sum + e.quantityList[0].quantity, 0);
    expect(shipped).toBe(12);

    // October receipts in New York are on daylight time, the November shipments are not.
    const receiving = events.filter((e) => e.disposition === "in_progress");
    expect(new Set(receiving.map((e) => e.eventTimeZoneOffset))).toEqual(new Set(["-04:00"]));
    expect(new Set(events.filter((e) => e.bizStep === "shipping").map((e) => e.eventTimeZoneOffset))).toEqual(
      new Set(["-05:00"]),
    );
    // The candle's lot has a GTIN (no company prefix): a GS1 Digital Link with its lot number.
    const candleCode = seeded.candle.lotCodes[0];
    const candle = receiving.find((e) => e.ilmd?.["cbvmda:lotNumber"] === candleCode)!;
    expect(candle.quantityList[0].epcClass).toBe(
      `https://id.gs1.org/01/04006381333931/10/${encodeURIComponent(candleCode)}`,
    );
    // Soap lots have no GTIN: the shop's own URIs, flagged for the merchant.
    const codes = (job.warnings as { code: string }[]).map((w) => w.code);
    expect(codes).toContain("LOT_WITHOUT_GTIN");
    expect(candle.readPoint.id).toBe(`https://${seeded.shop.domain}/lotline/location/501`);
  });

  it("names lots and locations with LGTINs and SGLNs once the merchant has a company prefix and GLNs", async () => {
    const seeded = await seedExportShop(db());
    const gln = `400638100001${gs1CheckDigit("400638100001")}`;
    await updateTraceDetails(db(), {
      shopId: seeded.shop.id,
      details: { gs1CompanyPrefix: "4006381", locations: { [WAREHOUSE]: { gln } } },
      actor: "user:1",
    });
    const { job, document, events } = await exportEpcis(seeded.shop.id);

    expect(epcisSchemaErrors(document)).toEqual([]);
    expect(new Set(events.map((e) => e.readPoint.id))).toEqual(new Set(["urn:epc:id:sgln:4006381.00001.0"]));
    const candleCode = seeded.candle.lotCodes[0];
    const candleClasses = new Set(
      events.map((e) => e.quantityList[0].epcClass).filter((id) => id.startsWith("urn:epc:class:lgtin:")),
    );
    expect(candleClasses).toEqual(new Set([`urn:epc:class:lgtin:4006381.033393.${candleCode}`]));
    expect((job.warnings as { code: string }[]).map((w) => w.code)).not.toContain("LOCATION_GLN_MISSING");
  });

  it("keeps to the date range asked for", async () => {
    const seeded = await seedExportShop(db());
    const { document, events } = await exportEpcis(seeded.shop.id, { from: "2026-11-01", to: "2026-11-15" });
    expect(epcisSchemaErrors(document)).toEqual([]);
    // #E1 on 5 November (soap + candle), #E2 and #E3 on 12 November; no receipts, no return.
    expect(events.map((e) => e.bizStep)).toEqual(events.map(() => "shipping"));
    expect(events.reduce((sum, e) => sum + e.quantityList[0].quantity, 0)).toBe(4 + 2 + 3 + 2);
  });
});
