// Receiving stock into lots against a real database: what one receipt creates (lots with
// template codes, serial numbers, ledger rows, an audit entry, a queued write-back), how bad
// input is refused with the field to fix and nothing written, and that shops stay apart.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import type { ReceiveLineInput } from "../../app/domain/receiving";
import { enqueue, getQueue } from "../../app/jobs/queues.server";
import { listLotEvents, listLots, retrieveLot, retrieveLotByCode } from "../../app/models/lot.server";
import { listReceipts, retrieveReceipt } from "../../app/models/receipt.server";
import { receiveStock } from "../../app/receiving/receive-stock.server";
import { requeueStrandedWriteBacks, writeBackReceipt } from "../../app/receiving/write-back.server";
import { AppError } from "../../app/utils/errors";
import { createShop } from "../support/factories";
import {
  LOCATION_ID,
  LOT_TEMPLATE,
  receiptInput,
  receivingRows,
  recordingEnqueue,
  serialTemplate,
  template,
  variant,
} from "./harness";

const lotTemplate = template(LOT_TEMPLATE);

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the receipt to be refused, and it was saved");
}

beforeAll(async () => {
  await getQueue("shopify-writeback").obliterate({ force: true });
});

beforeEach(async () => {
  await db().shop.deleteMany();
});

describe("receiving a delivery", () => {
  it("turns two lines, one with generated serial numbers, into lots with template codes, serials, ledger rows and an audit entry", async () => {
    const shop = await createShop(db());
    const soap = variant({ sku: "LAV-100", productTitle: "Lavender Soap" });
    const candle = variant({ sku: "CAN-7", productTitle: "Beeswax Candle", barcode: "4006381333931" });
    let receiptWasSavedWhenQueued = false;

    const result = await receiveStock(
      db(),
      receiptInput(shop.id, [
        {
          variant: soap,
          quantity: 12,
          supplierLotCode: "ML-88",
          producedAt: "2026-11-01",
          bestBefore: "2027-05-01",
          expiresAt: "2027-11-01",
        },
        { variant: candle, quantity: 3, serials: "generate" },
      ]),
      {
        lotTemplate,
        serialTemplate: serialTemplate(),
        enqueue: async ({ shopId, receiptId }) => {
          receiptWasSavedWhenQueued = (await db().receipt.count({ where: { id: receiptId, shopId } })) === 1;
        },
      },
    );

    // Codes from {SKU}-{YY}{MM}{DD}-{SEQ:3} on 20 November 2026; serials from {YY}{JJJ}-{SEQ:5} (day 324).
    expect(result.lots.map((lot) => lot.code)).toEqual(["LAV-100-261120-001", "CAN-7-261120-001"]);
    expect(result.serialNumbers).toEqual([[], ["26324-00001", "26324-00002", "26324-00003"]]);
    expect(result.writeBackQueued).toBe(true);
    expect(receiptWasSavedWhenQueued).toBe(true);

    const soapLot = await retrieveLotByCode(db(), shop.id, "LAV-100-261120-001");
    expect(soapLot).toMatchObject({
      status: "active",
      variantId: soap.variantId,
      inventoryItemId: soap.inventoryItemId,
      locationId: LOCATION_ID,
      supplierLotCode: "ML-88",
      producedAt: new Date("2026-11-01"),
      bestBefore: new Date("2027-05-01"),
      expiresAt: new Date("2027-11-01"),
      receivedQuantity: 12,
      onHandQuantity: 12,
      allocatedQuantity: 0,
      availableQuantity: 12,
    });
    const candleLot = await retrieveLot(db(), shop.id, result.lots[1].id);
    // The variant's barcode is a valid GTIN-13, so the lot carries it for its GS1 label.
    expect(candleLot.gtin).toBe("4006381333931");
    expect(candleLot.serialNumbers.map((serial) => [serial.serial, serial.status])).toEqual([
      ["26324-00001", "in_stock"],
      ["26324-00002", "in_stock"],
      ["26324-00003", "in_stock"],
    ]);

    // The ledger: one "received" row per lot, pointing at the receipt.
    for (const [lot, quantity] of [
      [soapLot, 12],
      [candleLot, 3],
    ] as const) {
      expect(await listLotEvents(db(), shop.id, lot.id)).toEqual([
        expect.objectContaining({ type: "received", quantity, receiptId: result.receipt.id, actor: "user:42" }),
      ]);
    }

    const receipt = await retrieveReceipt(db(), shop.id, result.receipt.id);
    expect(receipt).toMatchObject({
      supplierName: "Meadow Oils Ltd",
      referenceType: "invoice",
      referenceNumber: "4711",
      locationId: LOCATION_ID,
      receivedBy: "user:42",
      writeBackStatus: "pending",
      writeBackEnqueuedAt: expect.any(Date),
    });
    expect(receipt.lines.map((line) => [line.lot.code, line.quantity])).toEqual([
      ["LAV-100-261120-001", 12],
      ["CAN-7-261120-001", 3],
    ]);

    const audit = await db().auditEntry.findMany({ where: { shopId: shop.id } });
    expect(audit).toEqual([
      expect.objectContaining({
        actor: "user:42",
        action: "receipt.created",
        subjectType: "Receipt",
        subjectId: result.receipt.id,
      }),
    ]);
  });

  it("gives the next receipt of the same SKU on the same day the next number", async () => {
    const shop = await createShop(db());
    const soap = variant({ sku: "LAV-100" });
    const { enqueue } = recordingEnqueue();
    const receive = () =>
      receiveStock(db(), receiptInput(shop.id, [{ variant: soap, quantity: 5 }]), { lotTemplate, enqueue });

    expect((await receive()).lots[0].code).toBe("LAV-100-261120-001");
    expect((await receive()).lots[0].code).toBe("LAV-100-261120-002");
    expect((await listLots(db(), shop.id)).map((lot) => lot.code).sort()).toEqual([
      "LAV-100-261120-001",
      "LAV-100-261120-002",
    ]);
  });

  it("dates codes by the shop's own calendar day, not the server's", async () => {
    const shop = await createShop(db());
    const { enqueue } = recordingEnqueue();
    // 23:30 UTC on the 20th is already the 21st in New Zealand.
    const result = await receiveStock(
      db(),
      receiptInput(shop.id, [{ variant: variant({ sku: "KIWI" }), quantity: 1 }], {
        receivedAt: new Date("2026-11-20T23:30:00Z"),
        timeZone: "Pacific/Auckland",
      }),
      { lotTemplate, enqueue },
    );
    expect(result.lots[0].code).toBe("KIWI-261121-001");
  });

  it("keeps a code typed in by hand instead of issuing one", async () => {
    const shop = await createShop(db());
    const { enqueue } = recordingEnqueue();
    const result = await receiveStock(
      db(),
      receiptInput(shop.id, [{ variant: variant(), quantity: 4, lotCode: "HONEY-2026-A" }]),
      { lotTemplate, enqueue },
    );
    expect(result.lots[0].code).toBe("HONEY-2026-A");
    // No number was used up for it.
    expect((await receivingRows(db(), shop.id)).codeSequences).toEqual([]);
  });

  it("has the database refuse a lot that would allocate more than it holds or hold less than nothing", async () => {
    const shop = await createShop(db());
    const { lots } = await receiveStock(db(), receiptInput(shop.id, [{ variant: variant(), quantity: 5 }]), {
      lotTemplate,
      ...recordingEnqueue(),
    });
    const lot = { id: lots[0].id };

    await expect(db().lot.update({ where: lot, data: { allocatedQuantity: 6 } })).rejects.toThrow(
      /Lot_quantities_check/,
    );
    await expect(db().lot.update({ where: lot, data: { onHandQuantity: -1 } })).rejects.toThrow(/Lot_quantities_check/);
    expect(await retrieveLot(db(), shop.id, lot.id)).toMatchObject({ onHandQuantity: 5, allocatedQuantity: 0 });
  });

  it("saves the receipt even when Redis is away, and the sweep queues its write-back later", async () => {
    const shop = await createShop(db());
    const result = await receiveStock(db(), receiptInput(shop.id, [{ variant: variant(), quantity: 2 }]), {
      lotTemplate,
      enqueue: async () => {
        throw new Error("Redis unavailable");
      },
    });
    expect(result.writeBackQueued).toBe(false);
    expect(await retrieveReceipt(db(), shop.id, result.receipt.id)).toMatchObject({
      writeBackStatus: "pending",
      writeBackEnqueuedAt: null,
    });

    const swept = await requeueStrandedWriteBacks(
      db(),
      (payload) => enqueue("receipts.write-back", payload),
      new Date(Date.now() + 1000),
    );

    expect(swept).toBe(1);
    const job = await getQueue("shopify-writeback").getJob(`receipt-write-back-${result.receipt.id}`);
    expect(job?.data).toEqual({ shopId: shop.id, receiptId: result.receipt.id });
    expect((await retrieveReceipt(db(), shop.id, result.receipt.id)).writeBackEnqueuedAt).toBeInstanceOf(Date);
    // Queued once: a second sweep finds nothing left behind.
    expect(
      await requeueStrandedWriteBacks(db(), (payload) => enqueue("receipts.write-back", payload), new Date()),
    ).toBe(0);
  });
});

describe("a receipt with bad input is refused, naming the field, and nothing is written", () => {
  const soap = variant({ sku: "LAV-100", productTitle: "Lavender Soap" });
  const candle = variant({ sku: "CAN-7", productTitle: "Beeswax Candle" });
  const noSku = variant({ sku: null, productTitle: "Unlabelled Balm" });

  interface BadCase {
    lines: ReceiveLineInput[];
    field: string;
    message: RegExp;
    overrides?: Parameters<typeof receiptInput>[2];
    locations?: { id: string }[];
    lotTemplateSource?: string;
  }

  const cases: Record<string, BadCase> = {
    "an expiry date before the production date": {
      lines: [
        { variant: soap, quantity: 1 },
        { variant: candle, quantity: 1, producedAt: "2026-11-01", expiresAt: "2026-10-01" },
      ],
      field: "lines[1].expiresAt",
      message: /^Expiry date is before the production date$/,
    },
    "a date that does not exist": {
      lines: [{ variant: soap, quantity: 1, bestBefore: "2027-02-30" }],
      field: "lines[0].bestBefore",
      message: /YYYY-MM-DD/,
    },
    "a quantity of zero": {
      lines: [{ variant: soap, quantity: 0 }],
      field: "lines[0].quantity",
      message: /at least 1/,
    },
    "a negative quantity": {
      lines: [{ variant: soap, quantity: -3 }],
      field: "lines[0].quantity",
      message: /at least 1/,
    },
    "a fractional quantity": {
      lines: [{ variant: soap, quantity: 1.5 }],
      field: "lines[0].quantity",
      message: /whole number/,
    },
    "the same serial number twice on one receipt": {
      lines: [
        { variant: candle, quantity: 2, serials: ["C-1", "C-2"] },
        { variant: candle, quantity: 1, serials: ["C-2"] },
      ],
      field: "lines[1].serials[0]",
      message: /"C-2" is entered twice/,
    },
    "a serial number the shop already has for that product": {
      lines: [{ variant: candle, quantity: 2, serials: ["C-9", "EXISTING-1"] }],
      field: "lines[0].serials[1]",
      message: /"EXISTING-1" is already used for this product \(lot CAN-7-261120-001\)/,
    },
    "fewer serial numbers than units": {
      lines: [{ variant: candle, quantity: 3, serials: ["C-1", "C-2"] }],
      field: "lines[0].serials",
      message: /3 units but 2 serial numbers/,
    },
    "a template that needs a SKU the variant does not have": {
      lines: [{ variant: noSku, quantity: 1 }],
      field: "lines[0].lotCode",
      message: /no SKU/,
    },
    "a template that needs the supplier's lot code, left empty": {
      lines: [{ variant: soap, quantity: 1 }],
      field: "lines[0].lotCode",
      message: /supplier's lot code/,
      lotTemplateSource: "{SUPPLIER_LOT}-{SEQ:2}",
    },
    "a code too long for GS1 AI (10)": {
      lines: [{ variant: variant({ sku: "EXTRA-LONG-SKU-NAME" }), quantity: 1 }],
      field: "lines[0].lotCode",
      message: /at most 20/,
    },
    "a lot code typed in that the shop already uses": {
      lines: [
        { variant: soap, quantity: 1 },
        { variant: candle, quantity: 1, lotCode: "CAN-7-261120-001" },
      ],
      field: "lines[1].lotCode",
      message: /"CAN-7-261120-001" is already used/,
    },
    "a location that is not the shop's": {
      lines: [{ variant: soap, quantity: 1 }],
      field: "locationId",
      message: /not one of the shop's active locations/,
      locations: [{ id: "gid://shopify/Location/1" }],
    },
    "a variant that is not a Shopify variant": {
      lines: [{ variant: { ...soap, variantId: "42" }, quantity: 1 }],
      field: "lines[0].variant",
      message: /Choose a product variant/,
    },
    "no lines at all": { lines: [], field: "lines", message: /at least one product/ },
  };

  it.each(Object.entries(cases))("%s", async (_name, bad) => {
    const shop = await createShop(db());
    const { enqueue, calls } = recordingEnqueue();
    // The shop already received candles with one serial number, so there is something to collide with.
    await receiveStock(db(), receiptInput(shop.id, [{ variant: candle, quantity: 1, serials: ["EXISTING-1"] }]), {
      lotTemplate,
      enqueue,
    });
    const before = await receivingRows(db());

    const error = await refusal(
      receiveStock(db(), receiptInput(shop.id, bad.lines, bad.overrides), {
        lotTemplate: bad.lotTemplateSource ? template(bad.lotTemplateSource) : lotTemplate,
        serialTemplate: serialTemplate(),
        locations: bad.locations,
        enqueue,
      }),
    );

    expect(error.kind).toBe("INVALID_DATA");
    expect(error.message).toMatch(/nothing was saved/);
    expect(error.fields[bad.field]).toMatch(bad.message);
    // Nothing written, no number used up, nothing queued.
    expect(await receivingRows(db())).toEqual(before);
    expect(calls).toHaveLength(1);
  });

  it("lists every problem of the receipt at once", async () => {
    const shop = await createShop(db());
    const error = await refusal(
      receiveStock(
        db(),
        receiptInput(shop.id, [
          { variant: soap, quantity: 0 },
          { variant: candle, quantity: 2, producedAt: "2026-11-05", expiresAt: "2026-11-04", serials: ["X"] },
        ]),
        { lotTemplate, ...recordingEnqueue() },
      ),
    );
    expect(Object.keys(error.fields).sort()).toEqual(["lines[0].quantity", "lines[1].expiresAt", "lines[1].serials"]);
  });
});

describe("one shop's receipts and lots are invisible to another (invariant 4)", () => {
  it("another shop can neither read nor write back a receipt or lot, and keeps its own codes and serials", async () => {
    const maker = await createShop(db());
    const other = await createShop(db());
    const soap = variant({ sku: "LAV-100" });
    const { enqueue } = recordingEnqueue();
    const mine = await receiveStock(
      db(),
      receiptInput(maker.id, [{ variant: soap, quantity: 5, serials: ["S1", "S2", "S3", "S4", "S5"] }]),
      { lotTemplate, enqueue },
    );

    await expect(retrieveReceipt(db(), other.id, mine.receipt.id)).rejects.toMatchObject({ kind: "NOT_FOUND" });
    await expect(retrieveLot(db(), other.id, mine.lots[0].id)).rejects.toMatchObject({ kind: "NOT_FOUND" });
    await expect(retrieveLotByCode(db(), other.id, mine.lots[0].code)).rejects.toMatchObject({ kind: "NOT_FOUND" });
    expect(await listLots(db(), other.id)).toEqual([]);
    expect(await listReceipts(db(), other.id)).toEqual([]);
    expect(await listLotEvents(db(), other.id, mine.lots[0].id)).toEqual([]);

    // A write-back job carrying the other shop's id does nothing, and never reaches Shopify.
    let reachedShopify = false;
    const outcome = await writeBackReceipt(
      db(),
      { shopId: other.id, receiptId: mine.receipt.id },
      {
        adminGraphql: async () => {
          reachedShopify = true;
          throw new Error("the other shop's job must not call Shopify");
        },
      },
    );
    expect(outcome).toBe("gone");
    expect(reachedShopify).toBe(false);
    expect(await retrieveReceipt(db(), maker.id, mine.receipt.id)).toMatchObject({
      writeBackStatus: "pending",
      writeBackAttempts: 0,
      writeBackError: null,
    });

    // Codes, counters and serial numbers are per shop: the other shop starts at 001 with the same serials.
    const theirs = await receiveStock(
      db(),
      receiptInput(other.id, [{ variant: soap, quantity: 5, serials: ["S1", "S2", "S3", "S4", "S5"] }]),
      { lotTemplate, enqueue },
    );
    expect(theirs.lots[0].code).toBe(mine.lots[0].code);
    expect((await receivingRows(db(), maker.id)).serialNumbers).toBe(5);
    expect((await receivingRows(db(), other.id)).serialNumbers).toBe(5);
  });

  it("removes every receiving row of a shop with the shop (shop/redact), and only that shop's", async () => {
    const leaving = await createShop(db());
    const staying = await createShop(db());
    const { enqueue } = recordingEnqueue();
    for (const shop of [leaving, staying]) {
      await receiveStock(db(), receiptInput(shop.id, [{ variant: variant(), quantity: 3, serials: "generate" }]), {
        lotTemplate,
        serialTemplate: serialTemplate(),
        enqueue,
      });
    }
    const staysBefore = await receivingRows(db(), staying.id);

    await db().shop.delete({ where: { id: leaving.id } });

    expect(await receivingRows(db(), leaving.id)).toEqual({
      receipts: 0,
      receiptLines: 0,
      lots: 0,
      serialNumbers: 0,
      lotEvents: 0,
      auditEntries: 0,
      codeSequences: [],
    });
    expect(await receivingRows(db(), staying.id)).toEqual(staysBefore);
  });
});
