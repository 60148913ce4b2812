import { describe, expect, it } from "vitest";
import { JOBS, parsePayload, queuePrefix } from "./contract";

describe("the queue contract", () => {
  it("wraps the prefix in a Redis Cluster hash tag so every queue key lands in one slot", () => {
    expect(queuePrefix("lotline")).toBe("{lotline}");
  });

  it("gives a webhook job the same id however often it is enqueued", () => {
    const payload = {
      shopId: "0190b5a0-0000-7000-8000-000000000001",
      webhookEventId: "0190b5a0-0000-7000-8000-000000000002",
    };
    expect(JOBS["webhooks.process"].jobId(payload)).toBe(JOBS["webhooks.process"].jobId({ ...payload }));
    // BullMQ refuses custom ids containing ":".
    expect(JOBS["webhooks.process"].jobId(payload)).not.toContain(":");
  });

  it("gives a receipt's Shopify write-back one job id per receipt, on its own queue", () => {
    const payload = {
      shopId: "0190b5a0-0000-7000-8000-000000000001",
      receiptId: "0190b5a0-0000-7000-8000-000000000003",
    };
    expect(JOBS["receipts.write-back"].jobId(payload)).toBe("receipt-write-back-0190b5a0-0000-7000-8000-000000000003");
    expect(JOBS["receipts.write-back"].queue).toBe("shopify-writeback");
    expect(() => parsePayload("receipts.write-back", { ...payload, receiptId: "4711" })).toThrow();
  });

  it("refuses a payload that carries anything but ids", () => {
    expect(() => parsePayload("webhooks.process", { shopId: "shop-1", webhookEventId: 3 })).toThrow();
    expect(() => parsePayload("maintenance.sweep-webhooks", { olderThanSeconds: -1 })).toThrow();
  });
});
