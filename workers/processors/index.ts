// Job name → processor. Processors are thin: parse the payload, call one domain function.
import { db } from "../../app/db.server";
import { enqueueExpiryRuns, expireLotsForShop } from "../../app/expiry/expire-lots.server";
import { quarantineExpiredLot } from "../../app/expiry/quarantine-lot.server";
import { importLots } from "../../app/imports/import-lots.server";
import { reconcileInventoryLevel } from "../../app/inventory/reconcile-level.server";
import type { JobName, JobPayload } from "../../app/jobs/contract";
import { enqueue } from "../../app/jobs/queues.server";
import { syncOrderFromShopify } from "../../app/orders/order-sync.server";
import { writeBackOrder } from "../../app/orders/order-write-back.server";
import { enqueueOrderReconciliations, reconcileShopOrders } from "../../app/orders/reconcile-orders.server";
import { requeueStrandedWriteBacks, writeBackReceipt } from "../../app/receiving/write-back.server";
import { offlineAdminGraphql } from "../../app/shopify/admin-graphql.server";
import { requeueStrandedWebhooks } from "../../app/webhooks/intake.server";
import { processWebhookEvent } from "../../app/webhooks/process.server";

export type Processor<N extends JobName> = (payload: JobPayload<N>) => Promise<unknown>;

export const PROCESSORS: { [N in JobName]: Processor<N> } = {
  "webhooks.process": (payload) => processWebhookEvent(db(), payload),
  "receipts.write-back": (payload) => writeBackReceipt(db(), payload, { adminGraphql: offlineAdminGraphql }),
  "maintenance.sweep-write-backs": ({ olderThanSeconds }) =>
    requeueStrandedWriteBacks(
      db(),
      (payload) => enqueue("receipts.write-back", payload),
      new Date(Date.now() - olderThanSeconds * 1000),
    ),
  "maintenance.sweep-webhooks": ({ olderThanSeconds }) =>
    requeueStrandedWebhooks(
      db(),
      (payload) => enqueue("webhooks.process", payload),
      new Date(Date.now() - olderThanSeconds * 1000),
    ),
  "maintenance.expire-lots": () => enqueueExpiryRuns(db(), (payload) => enqueue("lots.expire", payload)),
  "lots.expire": ({ shopId }) =>
    expireLotsForShop(db(), shopId, {
      adminGraphql: offlineAdminGraphql,
      enqueueQuarantine: (payload) => enqueue("lots.quarantine-expired", payload),
    }),
  "lots.quarantine-expired": (payload) => quarantineExpiredLot(db(), payload, { adminGraphql: offlineAdminGraphql }),
  "orders.sync": (payload) => syncOrderFromShopify(db(), payload),
  "orders.write-back": (payload) => writeBackOrder(db(), payload),
  "maintenance.reconcile-orders": () => enqueueOrderReconciliations(db()),
  "orders.reconcile": (payload) => reconcileShopOrders(db(), payload),
  "inventory.reconcile-level": (payload) => reconcileInventoryLevel(db(), payload),
  "lots.import": (payload) => importLots(db(), payload),
};
