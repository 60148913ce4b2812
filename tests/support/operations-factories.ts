// Rows and queue states the Operations and privacy tests start from: failed jobs as BullMQ
// keeps them, and a shop's orders tied to lots and serial numbers, written with Prisma.
import { type Job, QueueEvents, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { Db } from "../../app/db.server";
import { env } from "../../app/env.server";
import { JOBS, type JobName, type JobPayload, queuePrefix } from "../../app/jobs/contract";
import { enqueue } from "../../app/jobs/queues.server";

let counter = 0;
const next = () => {
  counter += 1;
  return counter;
};

/**
 * Queues each job and lets a stand-in worker fail it at once with `reason`, exactly as a real
 * processor's permanent failure leaves it: in the queue's failed set, one attempt made.
 */
export async function failJobs<N extends JobName>(jobs: { name: N; payload: JobPayload<N> }[], reason: string) {
  const added: Job[] = [];
  for (const job of jobs) added.push(await enqueue(job.name, job.payload));
  for (const queue of new Set(jobs.map((job) => JOBS[job.name].queue))) {
    const prefix = queuePrefix(env().QUEUE_PREFIX);
    // Connections of their own: QueueEvents blocks on its connection while it listens.
    const listening = new Redis(env().REDIS_URL, { maxRetriesPerRequest: null });
    const working = new Redis(env().REDIS_URL, { maxRetriesPerRequest: null });
    const events = new QueueEvents(queue, { connection: listening, prefix });
    await events.waitUntilReady();
    const ids = new Set(added.filter((job) => job.queueName === queue).map((job) => job.id));
    const failed = new Promise<void>((resolve) => {
      events.on("failed", ({ jobId }) => {
        ids.delete(jobId);
        if (ids.size === 0) resolve();
      });
    });
    const worker = new Worker(
      queue,
      async () => {
        throw new UnrecoverableError(reason);
      },
      { connection: working, prefix },
    );
    await failed;
    await worker.close();
    await events.close();
    listening.disconnect();
    working.disconnect();
  }
  return added;
}

export async function createLot(
  db: Db,
  shopId: string,
  overrides: { code?: string; expiresAt?: Date | null; status?: "active" | "expired"; onHand?: number } = {},
) {
  const n = next();
  return db.lot.create({
    data: {
      shopId,
      code: overrides.code ?? `LAV-${n}`,
      inventoryItemId: `gid://shopify/InventoryItem/${7000 + n}`,
      variantId: `gid://shopify/ProductVariant/${7000 + n}`,
      productId: `gid://shopify/Product/${7000 + n}`,
      locationId: "gid://shopify/Location/77",
      sku: `LAV-${n}`,
      productTitle: "Lavender Soap",
      supplierLotCode: `ML${n}`,
      producedAt: new Date("2026-10-01"),
      bestBefore: new Date("2027-09-30"),
      expiresAt: overrides.expiresAt === undefined ? new Date("2027-10-01") : overrides.expiresAt,
      receivedAt: new Date("2026-10-02T09:00:00Z"),
      status: overrides.status ?? "active",
      receivedQuantity: overrides.onHand ?? 20,
      onHandQuantity: overrides.onHand ?? 20,
    },
  });
}

export interface OrderLineSpec {
  lotId: string;
  quantity: number;
  /** Serial numbers of units shipped on this line (created in the line's lot). */
  serials?: string[];
}

/**
 * A placed and shipped order as order sync and allocation leave it: the order with the
 * customer's details, lines allocated to lots, the ledger rows and serial numbers pointing at them.
 */
export async function createShippedOrder(
  db: Db,
  shopId: string,
  input: {
    name?: string;
    customerId?: string | null;
    email?: string | null;
    customerName?: string | null;
    lines: OrderLineSpec[];
  },
) {
  const n = next();
  const order = await db.orderRef.create({
    data: {
      shopId,
      shopifyOrderId: `gid://shopify/Order/${500000 + n}`,
      name: input.name ?? `#${1000 + n}`,
      shopifyUpdatedAt: new Date("2026-11-02T10:00:00Z"),
      processedAt: new Date("2026-11-02T10:00:00Z"),
      financialStatus: "paid",
      fulfillmentStatus: "fulfilled",
      customerId: input.customerId ?? null,
      customerEmail: input.email ?? null,
      customerName: input.customerName ?? null,
      customerLocale: "en",
      shippingAddress: { name: input.customerName ?? "Guest", address1: "1 Mill Lane", city: "Leeds", zip: "LS1 4AB" },
      allocationStatus: "allocated",
    },
  });
  for (const [index, spec] of input.lines.entries()) {
    const lot = await db.lot.findFirstOrThrow({ where: { id: spec.lotId, shopId } });
    const line = await db.orderLineRef.create({
      data: {
        shopId,
        orderRefId: order.id,
        shopifyLineItemId: `gid://shopify/LineItem/${900000 + n * 10 + index}`,
        variantId: lot.variantId,
        productId: lot.productId,
        inventoryItemId: lot.inventoryItemId,
        sku: lot.sku,
        title: lot.productTitle,
        quantity: spec.quantity,
        fulfilledQuantity: spec.quantity,
        locationId: lot.locationId,
        status: "allocated",
      },
    });
    await db.allocation.create({
      data: { shopId, orderLineId: line.id, lotId: lot.id, quantity: spec.quantity, shippedQuantity: spec.quantity },
    });
    await db.lotEvent.createMany({
      data: [
        { shopId, lotId: lot.id, type: "allocated", quantity: 0, occurredAt: order.processedAt, orderLineId: line.id },
        {
          shopId,
          lotId: lot.id,
          type: "shipped",
          quantity: -spec.quantity,
          occurredAt: order.processedAt,
          orderLineId: line.id,
        },
      ],
    });
    for (const serial of spec.serials ?? []) {
      await db.serialNumber.create({
        data: {
          shopId,
          serial,
          lotId: lot.id,
          productId: lot.productId,
          variantId: lot.variantId,
          status: "shipped",
          orderLineId: line.id,
        },
      });
    }
  }
  return order;
}

/** A receipt whose Shopify inventory change failed, with `error` as the merchant sees it. */
export async function createFailedReceipt(db: Db, shopId: string, input: { receivedAt: Date; error: string }) {
  return db.receipt.create({
    data: {
      shopId,
      supplierName: "Meadow Oils Ltd",
      referenceType: "invoice",
      referenceNumber: `INV-${next()}`,
      locationId: "gid://shopify/Location/77",
      locationCode: "WKS",
      receivedAt: input.receivedAt,
      receivedBy: "user:1",
      writeBackStatus: "failed",
      writeBackError: input.error,
      writeBackAttempts: 8,
    },
  });
}
