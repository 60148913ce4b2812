// The export job around any kind: asking for one queues it, the runner stores the file under a
// temporary name and records completion (or a failure the merchant can act on), the signed link
// downloads it for 7 days and then answers 410, and no shop sees another shop's exports.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  // Before anything reads the environment: export files go to a folder of this test file's own.
  process.env.DATA_DIR = `/tmp/lotline-export-jobs-${process.pid}-${Date.now()}`;
});

import { db } from "../../app/db.server";
import type { ExportWriter } from "../../app/exports/export-writer";
import { exportDownloadUrl, requestExport, retrieveExport } from "../../app/exports/exports.server";
import { loadExportsPage } from "../../app/exports/exports-page.server";
import { purgeExpiredExports } from "../../app/exports/purge-exports.server";
import { runExport } from "../../app/exports/run-export.server";
import { loader as downloadLoader } from "../../app/routes/exports.download.$token";
import { AppError } from "../../app/utils/errors";
import { signToken } from "../../app/utils/signed-token.server";
import { seedExportShop } from "../support/export-factories";
import { createShop } from "../support/factories";

const DATA_DIR = process.env.DATA_DIR!;

beforeEach(async () => {
  await db().shop.deleteMany();
});

function recordingEnqueue() {
  const calls: { name: string; payload: unknown }[] = [];
  return {
    calls,
    enqueue: async (name: string, payload: unknown) => {
      calls.push({ name, payload });
    },
  };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

async function download(token: string) {
  return downloadLoader({
    params: { token },
    request: new Request(`https://lotline.test/exports/download/${token}`),
    context: {},
  } as never);
}

async function completedExport(shopId: string, format: "csv" | "xlsx" = "csv") {
  const queue = recordingEnqueue();
  const job = await requestExport(
    db(),
    { shopId, kind: "fsma204", format, parameters: { from: "2026-11-01", to: "2026-11-30" }, actor: "user:1" },
    queue,
  );
  await runExport(db(), { shopId, exportJobId: job.id });
  return { job: await db().exportJob.findUniqueOrThrow({ where: { id: job.id } }), queue };
}

describe("asking for an export", () => {
  it("records the job and queues it; bad filters are refused by field with nothing queued", async () => {
    const shop = await createShop(db());
    const queue = recordingEnqueue();
    const job = await requestExport(
      db(),
      {
        shopId: shop.id,
        kind: "fsma204",
        format: "xlsx",
        parameters: { from: "2026-01-01", bom: "on" },
        actor: "user:7",
      },
      queue,
    );
    expect(job).toMatchObject({
      status: "queued",
      requestedBy: "user:7",
      parameters: { from: "2026-01-01", bom: true },
    });
    expect(queue.calls).toEqual([{ name: "exports.run", payload: { shopId: shop.id, exportJobId: job.id } }]);

    const bad = recordingEnqueue();
    const error = await refusal(
      requestExport(db(), { shopId: shop.id, kind: "fsma204", format: "json", parameters: {}, actor: "user:7" }, bad),
    );
    expect(error.fields).toEqual({ format: "Choose XLSX or CSV" });
    const dates = await refusal(
      requestExport(
        db(),
        {
          shopId: shop.id,
          kind: "fsma204",
          format: "csv",
          parameters: { from: "2026-03-01", to: "2026-02-01" },
          actor: "u",
        },
        bad,
      ),
    );
    expect(dates.fields).toEqual({ to: "The end date is before the start date" });
    expect(bad.calls).toEqual([]);
    expect(await db().exportJob.count()).toBe(1);
  });
});

describe("running an export", () => {
  it("stores the file, and a second run of a completed job changes nothing", async () => {
    const seeded = await seedExportShop(db());
    const { job } = await completedExport(seeded.shop.id);
    expect(job.status).toBe("completed");
    expect(job.storagePath).toBe(`${seeded.shop.id}/${job.id}.csv`);
    expect(job.fileName).toBe("fsma204-2026-11-01-to-2026-11-30.csv");
    const file = path.join(DATA_DIR, "exports", job.storagePath!);
    expect((await readFile(file)).byteLength).toBe(job.byteSize);
    // Only the finished file: no temporary file left behind.
    expect(await readdir(path.dirname(file))).toEqual([`${job.id}.csv`]);

    expect(await runExport(db(), { shopId: seeded.shop.id, exportJobId: job.id })).toEqual({ rows: job.processedRows });
    const after = await db().exportJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(after.completedAt).toEqual(job.completedAt);
    expect(after.expiresAt).toEqual(job.expiresAt);
  });

  it("marks the job failed with a message, keeps no partial file, and lets the queue retry", async () => {
    const shop = await createShop(db());
    const job = await requestExport(
      db(),
      { shopId: shop.id, kind: "fsma204", format: "csv", parameters: {}, actor: "user:1" },
      recordingEnqueue(),
    );
    const breaks: ExportWriter = async (run) => {
      run.out.write("half a file");
      throw new Error("connection reset");
    };
    await expect(
      runExport(db(), { shopId: shop.id, exportJobId: job.id }, { writers: { fsma204: breaks } }),
    ).rejects.toThrow("connection reset");
    const failed = await db().exportJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/Request the export again/);
    expect(failed.storagePath).toBeNull();
    expect(await readdir(path.join(DATA_DIR, "exports", shop.id))).toEqual([]);
  });

  it("refuses another shop's job", async () => {
    const owner = await createShop(db());
    const other = await createShop(db());
    const job = await requestExport(
      db(),
      { shopId: owner.id, kind: "fsma204", format: "csv", parameters: {}, actor: "user:1" },
      recordingEnqueue(),
    );
    expect((await refusal(runExport(db(), { shopId: other.id, exportJobId: job.id }))).kind).toBe("NOT_FOUND");
    expect((await refusal(retrieveExport(db(), other.id, job.id))).kind).toBe("NOT_FOUND");
    expect((await db().exportJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("queued");
    expect((await loadExportsPage(db(), other.id)).exports).toEqual([]);
    expect((await loadExportsPage(db(), owner.id)).exports.map((row) => row.id)).toEqual([job.id]);
  });
});

describe("the download link", () => {
  it("downloads the file as an attachment without a login", async () => {
    const seeded = await seedExportShop(db());
    const { job } = await completedExport(seeded.shop.id);
    const url = exportDownloadUrl(job)!;
    expect(url).toMatch(/^https:\/\/lotline\.test\/exports\/download\/[^/]+$/);
    const page = await loadExportsPage(db(), seeded.shop.id);
    expect(page.exports[0]).toMatchObject({ downloadUrl: url, status: "completed", progress: 1 });

    const response = await download(new URL(url).pathname.split("/").pop()!);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toContain(
      'attachment; filename="fsma204-2026-11-01-to-2026-11-30.csv"',
    );
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const body = await response.text();
    expect(body.startsWith("Critical tracking event,Event date,Traceability lot code")).toBe(true);
    expect(body.split("\r\n").filter(Boolean)).toHaveLength(job.processedRows + 1);
  });

  it("answers 404 for a forged link and 410 once the export expired or was purged", async () => {
    const seeded = await seedExportShop(db());
    const { job } = await completedExport(seeded.shop.id);
    const token = new URL(exportDownloadUrl(job)!).pathname.split("/").pop()!;

    const forged = await download(`${token.slice(0, -2)}xx`);
    expect(forged.status).toBe(404);
    expect(await forged.text()).toMatch(/not valid/);
    // A link signed for another purpose never downloads a file.
    expect((await download(signToken("recall-ack", job.id, job.expiresAt!))).status).toBe(404);

    const lapsed = await download(signToken("export-download", job.id, new Date(Date.now() - 1000)));
    expect(lapsed.status).toBe(410);
    expect(await lapsed.text()).toMatch(/expired: files are kept for 7 days/);

    const afterSevenDays = new Date(job.expiresAt!.getTime() + 1000);
    expect(await purgeExpiredExports(db(), new Date(job.expiresAt!.getTime() - 1000))).toEqual({ purged: 0 });
    expect(await purgeExpiredExports(db(), afterSevenDays)).toEqual({ purged: 1 });
    const purged = await db().exportJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(purged).toMatchObject({ status: "completed", storagePath: null });
    expect(await readdir(path.join(DATA_DIR, "exports", seeded.shop.id))).toEqual([]);
    // Even a link still in date finds no file once it is purged.
    expect((await download(signToken("export-download", job.id, new Date(Date.now() + 60_000)))).status).toBe(410);
    expect((await loadExportsPage(db(), seeded.shop.id)).exports[0]).toMatchObject({
      downloadUrl: null,
      expired: true,
    });
  });
});
