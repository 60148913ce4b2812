// Issuing batch codes under concurrency: receipts that arrive at the same moment for the same
// SKU and day queue on the counter row, so each gets its own number and none is skipped, even
// when a receipt that took a number is refused and rolled back.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connectDb, db } from "../../app/db.server";
import { listSequences } from "../../app/models/code-sequence.server";
import { receiveStock } from "../../app/receiving/receive-stock.server";
import { AppError } from "../../app/utils/errors";
import { createShop } from "../support/factories";
import { LOT_TEMPLATE, receiptInput, recordingEnqueue, template, variant } from "./harness";

const lotTemplate = template(LOT_TEMPLATE);

// Five separate clients, ten connections each: the receipts really run side by side.
const clients = Array.from({ length: 5 }, () =>
  connectDb({ databaseUrl: process.env.DATABASE_URL ?? "", poolSize: 10 }),
);

beforeAll(async () => {
  await Promise.all(clients.map((connected) => connected.client.$connect()));
});

afterAll(async () => {
  for (const connected of clients) {
    await connected.client.$disconnect();
    await connected.database.close();
  }
});

beforeEach(async () => {
  await db().shop.deleteMany();
});

describe("issuing lot codes", () => {
  it("gives 50 receipts at once for one SKU and day 50 distinct codes numbered exactly 1 to 50", async () => {
    const shop = await createShop(db());
    const soap = variant({ sku: "LAV-100" });
    const { enqueue, calls } = recordingEnqueue();

    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        receiveStock(clients[i % clients.length].client, receiptInput(shop.id, [{ variant: soap, quantity: 1 + i }]), {
          lotTemplate,
          enqueue,
        }),
      ),
    );
    const elapsedMs = Date.now() - started;

    const codes = results.map((result) => result.lots[0].code);
    expect(new Set(codes).size).toBe(50);
    const numbers = codes.map((code) => Number(code.split("-").at(-1))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(codes.every((code) => /^LAV-100-261120-\d{3}$/.test(code))).toBe(true);
    expect(await db().lot.count({ where: { shopId: shop.id } })).toBe(50);
    expect(calls).toHaveLength(50);
    expect(await listSequences(db(), shop.id)).toEqual([
      expect.objectContaining({ scope: "lot:LAV-100-261120-⟨SEQ⟩", value: 50 }),
    ]);
    // Recorded for the report; generous bound so a slow machine does not fail it.
    expect(elapsedMs).toBeLessThan(20_000);
  });

  it("gives a number back when the receipt that took it is refused, so the next receipt gets it", async () => {
    const shop = await createShop(db());
    const soap = variant({ sku: "LAV-100" });
    const candle = variant({ sku: "CAN-7" });
    const { enqueue } = recordingEnqueue();
    await receiveStock(db(), receiptInput(shop.id, [{ variant: candle, quantity: 1, lotCode: "TAKEN" }]), {
      lotTemplate,
      enqueue,
    });

    // Line 1 takes LAV-100-…-001 from the counter; line 2's typed-in code is found taken only
    // inside the transaction, after the number was issued.
    const refused = await receiveStock(
      db(),
      receiptInput(shop.id, [
        { variant: soap, quantity: 2 },
        { variant: candle, quantity: 1, lotCode: "TAKEN" },
      ]),
      { lotTemplate, enqueue },
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).fields).toEqual({
      "lines[1].lotCode": expect.stringMatching(/"TAKEN" is already used/),
    });

    const next = await receiveStock(db(), receiptInput(shop.id, [{ variant: soap, quantity: 2 }]), {
      lotTemplate,
      enqueue,
    });
    expect(next.lots[0].code).toBe("LAV-100-261120-001");
  });

  it("keeps numbering gap-free when refused receipts are mixed in with good ones at the same time", async () => {
    const shop = await createShop(db());
    const soap = variant({ sku: "LAV-100" });
    const { enqueue } = recordingEnqueue();
    await receiveStock(db(), receiptInput(shop.id, [{ variant: variant(), quantity: 1, lotCode: "TAKEN" }]), {
      lotTemplate,
      enqueue,
    });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        receiveStock(
          clients[i % clients.length].client,
          receiptInput(shop.id, [
            { variant: soap, quantity: 1 },
            // Every third receipt carries a line that is refused after its number was taken.
            ...(i % 3 === 0 ? [{ variant: variant(), quantity: 1, lotCode: "TAKEN" }] : []),
          ]),
          { lotTemplate, enqueue },
        ),
      ),
    );

    const saved = outcomes.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
    expect(saved).toHaveLength(20);
    const numbers = saved.map((result) => Number(result.lots[0].code.split("-").at(-1))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("numbers serial numbers per day without gaps across receipts made at once", async () => {
    const shop = await createShop(db());
    const candle = variant({ sku: "CAN-7" });
    const serialTemplate = template("{YY}{JJJ}-{SEQ:5}", "serial");
    const { enqueue } = recordingEnqueue();

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        receiveStock(
          clients[i % clients.length].client,
          receiptInput(shop.id, [{ variant: candle, quantity: 4, serials: "generate" }]),
          { lotTemplate, serialTemplate, enqueue },
        ),
      ),
    );

    const serials = results.flatMap((result) => result.serialNumbers.flat()).sort();
    expect(serials).toEqual(Array.from({ length: 40 }, (_, i) => `26324-${String(i + 1).padStart(5, "0")}`));
    // Each receipt's units carry consecutive numbers.
    for (const result of results) {
      const mine = result.serialNumbers[0].map((serial) => Number(serial.slice(-5)));
      expect(mine).toEqual([mine[0], mine[0] + 1, mine[0] + 2, mine[0] + 3]);
    }
  });
});
