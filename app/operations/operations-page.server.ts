// Everything the Operations page shows, for one shop, and the one entry point for its retries.
import { listCustomerDataRequests } from "../compliance/data-requests.server";
import type { Db } from "../db.server";
import type { AdminGraphql } from "../shopify/admin-graphql.server";
import { fetchShopTimeZoneOrUtc } from "../shopify/catalog.server";
import { formatInstant } from "../utils/dates";
import { listFailedJobs, retryAllFailedJobs, retryFailedJob } from "./failed-jobs.server";
import { listFailedReceiptWriteBacks, retryReceiptWriteBack } from "./receipt-write-backs.server";
import { listStuckWebhooks, retryWebhookEvent } from "./stuck-webhooks.server";

export async function loadOperationsPage(db: Db, input: { shopId: string; graphql: AdminGraphql }) {
  const timeZone = await fetchShopTimeZoneOrUtc(input.graphql);
  const at = (value: Date | string | null) => (value ? formatInstant(new Date(value), timeZone) : "—");
  const [failedJobs, webhooks, writeBacks, dataRequests] = await Promise.all([
    listFailedJobs(db, input.shopId, { timeZone }),
    listStuckWebhooks(db, input.shopId),
    listFailedReceiptWriteBacks(db, input.shopId),
    listCustomerDataRequests(db, input.shopId),
  ]);
  return {
    failedJobs: failedJobs.map((job) => ({ ...job, failedAtText: at(job.failedAt) })),
    webhooks: webhooks.map((event) => ({ ...event, receivedAtText: at(event.receivedAt) })),
    writeBacks: writeBacks.map((receipt) => ({ ...receipt, receivedAtText: at(receipt.receivedAt) })),
    dataRequests: dataRequests.map((request) => ({ ...request, createdAtText: at(request.createdAt) })),
  };
}

export type OperationsIntent =
  | { intent: "retry-job"; queue: string; jobId: string }
  | { intent: "retry-all-jobs" }
  | { intent: "retry-webhook"; webhookEventId: string }
  | { intent: "retry-write-back"; receiptId: string };

/** Runs one retry for the shop and says what happened, in the merchant's words. */
export async function performOperation(
  db: Db,
  input: { shopId: string; actor: string; operation: OperationsIntent },
): Promise<string> {
  const { shopId, actor, operation } = input;
  switch (operation.intent) {
    case "retry-job":
      await retryFailedJob(db, { shopId, actor, queue: operation.queue, jobId: operation.jobId });
      return "The job is queued again.";
    case "retry-all-jobs": {
      const count = await retryAllFailedJobs(db, { shopId, actor });
      return count === 0
        ? "There were no failed jobs to retry."
        : `${count} ${count === 1 ? "job is" : "jobs are"} queued again.`;
    }
    case "retry-webhook":
      await retryWebhookEvent(db, { shopId, actor, webhookEventId: operation.webhookEventId });
      return "The Shopify notification is queued again.";
    case "retry-write-back":
      await retryReceiptWriteBack(db, { shopId, actor, receiptId: operation.receiptId });
      return "Lotline is updating Shopify's inventory for the receipt again.";
  }
}
