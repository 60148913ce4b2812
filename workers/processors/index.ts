// Job name → processor. Processors are thin: parse the payload, call one domain function.
import {
  quarantineReturnedUnits,
  requeueStrandedReturnQuarantines,
} from "../../app/allocation/quarantine-returned.server";
import { db } from "../../app/db.server";
import { enqueueExpiryRuns, expireLotsForShop } from "../../app/expiry/expire-lots.server";
import { quarantineExpiredLot } from "../../app/expiry/quarantine-lot.server";
import { purgeExpiredExports } from "../../app/exports/purge-exports.server";
import { runExport } from "../../app/exports/run-export.server";
import { fireFlowTrigger } from "../../app/flow/fire-trigger.server";
import { importLots } from "../../app/imports/import-lots.server";
import { reconcileInventoryLevel } from "../../app/inventory/reconcile-level.server";
import { JOBS, type JobName, type JobPayload } from "../../app/jobs/contract";
import { enqueue, getQueue } from "../../app/jobs/queues.server";
import {
  moveReleasedUnitsInShopify,
  requeueStrandedQuarantineReleases,
} from "../../app/lots/release-quarantine.server";
import { mailer } from "../../app/mail/mailer.server";
import { requeueJob } from "../../app/operations/requeue.server";
import { syncOrderFromShopify } from "../../app/orders/order-sync.server";
import { writeBackOrder } from "../../app/orders/order-write-back.server";
import { enqueueOrderReconciliations, reconcileShopOrders } from "../../app/orders/reconcile-orders.server";
import { requeueStaleOrderWriteBacks } from "../../app/orders/write-back-sweep.server";
import { sendRecallChunk } from "../../app/recalls/deliver-messages.server";
import { fanOutRecall } from "../../app/recalls/fan-out.server";
import { fireLotRecalledTrigger } from "../../app/recalls/flow-trigger.server";
import { queueRecallReminders, requeueStrandedRecallChunks } from "../../app/recalls/reminders.server";
import { runRecallAction } from "../../app/recalls/stock-actions.server";
import { requeueStrandedWriteBacks, writeBackReceipt } from "../../app/receiving/write-back.server";
import { rateLimitedAdminGraphql } from "../../app/shopify/rate-limited-admin.server";
import { retryExhaustedRecordings } from "../../app/webhooks/buffered-retries.server";
import { recordBufferedWebhook, requeueLostWebhooks, requeueStrandedWebhooks } from "../../app/webhooks/intake.server";
import { processWebhookEvent } from "../../app/webhooks/process.server";

export type Processor<N extends JobName> = (payload: JobPayload<N>) => Promise<unknown>;

export const PROCESSORS: { [N in JobName]: Processor<N> } = {
  "webhooks.process": (payload) => processWebhookEvent(db(), payload),
  "webhooks.record": (payload) => recordBufferedWebhook(db(), (event) => enqueue("webhooks.process", event), payload),
  "receipts.write-back": (payload) => writeBackReceipt(db(), payload, { adminGraphql: rateLimitedAdminGraphql }),
  // Inventory changes Lotline owes Shopify whose enqueue was lost (Redis down at the time).
  "maintenance.sweep-write-backs": async ({ olderThanSeconds }) => {
    const before = new Date(Date.now() - olderThanSeconds * 1000);
    const receipts = await requeueStrandedWriteBacks(
      db(),
      (payload) => enqueue("receipts.write-back", payload),
      before,
    );
    const returns = await requeueStrandedReturnQuarantines(
      db(),
      (payload) => enqueue("lots.quarantine-returned", payload),
      before,
    );
    const releases = await requeueStrandedQuarantineReleases(
      db(),
      (payload) => enqueue("lots.release-quarantine", payload),
      before,
    );
    return { receipts, returns, releases };
  },
  "maintenance.sweep-webhooks": async ({ olderThanSeconds }) => {
    await retryExhaustedRecordings(getQueue("webhooks"));
    const before = new Date(Date.now() - olderThanSeconds * 1000);
    const enqueueProcessing = (payload: JobPayload<"webhooks.process">) => enqueue("webhooks.process", payload);
    const stranded = await requeueStrandedWebhooks(db(), enqueueProcessing, before);
    const isQueued = async (webhookEventId: string) =>
      (await getQueue("webhooks").getJobState(JOBS["webhooks.process"].jobId({ webhookEventId }))) !== "unknown";
    const lost = await requeueLostWebhooks(db(), enqueueProcessing, isQueued, before);
    return { stranded, lost };
  },
  "maintenance.expire-lots": () => enqueueExpiryRuns(db(), (payload) => enqueue("lots.expire", payload)),
  "lots.expire": ({ shopId }) =>
    expireLotsForShop(db(), shopId, {
      adminGraphql: rateLimitedAdminGraphql,
      enqueueQuarantine: (payload) => enqueue("lots.quarantine-expired", payload),
    }),
  "lots.quarantine-expired": (payload) =>
    quarantineExpiredLot(db(), payload, { adminGraphql: rateLimitedAdminGraphql }),
  "lots.quarantine-returned": (payload) =>
    quarantineReturnedUnits(db(), payload, { adminGraphql: rateLimitedAdminGraphql }),
  "lots.release-quarantine": (payload) =>
    moveReleasedUnitsInShopify(db(), payload, { adminGraphql: rateLimitedAdminGraphql }),
  "orders.sync": (payload) => syncOrderFromShopify(db(), payload),
  "orders.write-back": (payload) => writeBackOrder(db(), payload, { adminGraphql: rateLimitedAdminGraphql }),
  "maintenance.sweep-order-write-backs": ({ olderThanSeconds }) =>
    requeueStaleOrderWriteBacks(
      db(),
      (pending) => enqueue("orders.write-back", pending),
      new Date(Date.now() - olderThanSeconds * 1000),
    ),
  "maintenance.reconcile-orders": () => enqueueOrderReconciliations(db()),
  "orders.reconcile": (payload) => reconcileShopOrders(db(), payload),
  "inventory.reconcile-level": (payload) => reconcileInventoryLevel(db(), payload),
  "lots.import": (payload) => importLots(db(), payload, { adminGraphql: rateLimitedAdminGraphql }),
  "recalls.fan-out": (payload) =>
    fanOutRecall(db(), payload, { enqueue: (chunk) => enqueue("recalls.send-chunk", chunk) }),
  "recalls.send-chunk": (payload) => sendRecallChunk(db(), payload, { mailer: mailer() }),
  "maintenance.recall-reminders": async () => {
    const reminders = await queueRecallReminders(db(), { enqueue: (chunk) => enqueue("recalls.send-chunk", chunk) });
    // Sends left pending for 15 minutes have no live job: retry or re-queue it.
    const stranded = await requeueStrandedRecallChunks(db(), {
      requeue: (chunk) => requeueJob("recalls.send-chunk", chunk),
      before: new Date(Date.now() - 15 * 60_000),
    });
    return { ...reminders, ...stranded };
  },
  "recalls.apply-action": (payload) => runRecallAction(db(), payload, { adminGraphql: rateLimitedAdminGraphql }),
  "recalls.flow-trigger": (payload) => fireLotRecalledTrigger(db(), payload, { adminGraphql: rateLimitedAdminGraphql }),
  "flow.fire-trigger": (payload) => fireFlowTrigger(db(), payload, { adminGraphql: rateLimitedAdminGraphql }),
  "exports.run": (payload) => runExport(db(), payload),
  "maintenance.purge-exports": () => purgeExpiredExports(db()),
};
