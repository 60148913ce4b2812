-- CreateEnum
CREATE TYPE "RecallStatus" AS ENUM ('draft', 'sent', 'closed');

-- CreateEnum
CREATE TYPE "RecallJurisdiction" AS ENUM ('eu_gpsr', 'us_fda_food', 'us_cpsc', 'generic');

-- CreateEnum
CREATE TYPE "RecallSeverity" AS ENUM ('high', 'medium', 'low');

-- CreateEnum
CREATE TYPE "RecallMessageStatus" AS ENUM ('pending', 'sending', 'sent', 'failed', 'unconfirmed');

-- CreateEnum
CREATE TYPE "RecallActionKind" AS ENUM ('quarantine_stock', 'hold_orders', 'tag_orders');

-- CreateEnum
CREATE TYPE "RecallActionStatus" AS ENUM ('applying', 'applied', 'reverting', 'reverted', 'failed');

-- CreateEnum
CREATE TYPE "ExportKind" AS ENUM ('forward_trace', 'backward_trace', 'fsma204', 'epcis', 'retailer');

-- CreateEnum
CREATE TYPE "ExportFormat" AS ENUM ('csv', 'xlsx', 'json');

-- CreateEnum
CREATE TYPE "ExportStatus" AS ENUM ('queued', 'running', 'completed', 'failed');

-- AlterTable
ALTER TABLE "OrderRef" ADD COLUMN     "companyId" TEXT,
ADD COLUMN     "companyName" TEXT,
ADD COLUMN     "customerTags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "Recall" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "status" "RecallStatus" NOT NULL DEFAULT 'draft',
    "jurisdiction" "RecallJurisdiction" NOT NULL DEFAULT 'generic',
    "severity" "RecallSeverity" NOT NULL DEFAULT 'high',
    "reason" TEXT NOT NULL DEFAULT '',
    "hazard" TEXT NOT NULL DEFAULT '',
    "customerActions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "remedies" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "contactEmail" TEXT,
    "contactPhone" TEXT,
    "contactUrl" TEXT,
    "serialProductId" TEXT,
    "serialFrom" TEXT,
    "serialTo" TEXT,
    "noticeSubject" TEXT,
    "noticeBody" TEXT,
    "expiresAt" TIMESTAMP(3),
    "createdBy" TEXT NOT NULL,
    "sentBy" TEXT,
    "sentAt" TIMESTAMP(3),
    "allSentAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "closedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Recall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecallLot" (
    "recallId" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "lotId" UUID NOT NULL,

    CONSTRAINT "RecallLot_pkey" PRIMARY KEY ("recallId","lotId")
);

-- CreateTable
CREATE TABLE "RecallRecipient" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "recallId" UUID NOT NULL,
    "customerKey" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "name" TEXT,
    "locale" TEXT,
    "orderRefIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "acknowledgedAt" TIMESTAMP(3),
    "response" TEXT,
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    "lastNoticeAt" TIMESTAMP(3),
    "redactedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecallRecipient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecallMessage" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "recallId" UUID NOT NULL,
    "recipientId" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "chunk" INTEGER NOT NULL DEFAULT 0,
    "status" "RecallMessageStatus" NOT NULL DEFAULT 'pending',
    "messageId" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimedAt" TIMESTAMP(3),
    "handedOffAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "deliveryReceipt" TEXT,
    "error" TEXT,
    "nextAttemptAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecallMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecallAction" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "recallId" UUID NOT NULL,
    "kind" "RecallActionKind" NOT NULL,
    "status" "RecallActionStatus" NOT NULL DEFAULT 'applying',
    "generation" INTEGER NOT NULL DEFAULT 1,
    "result" JSONB,
    "error" TEXT,
    "requestedBy" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RecallAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExportJob" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "kind" "ExportKind" NOT NULL,
    "format" "ExportFormat" NOT NULL,
    "parameters" JSONB NOT NULL,
    "status" "ExportStatus" NOT NULL DEFAULT 'queued',
    "totalRows" INTEGER,
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "fileName" TEXT,
    "storagePath" TEXT,
    "byteSize" INTEGER,
    "warnings" JSONB,
    "error" TEXT,
    "requestedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),

    CONSTRAINT "ExportJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Recall_shopId_createdAt_idx" ON "Recall"("shopId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Recall_shopId_number_key" ON "Recall"("shopId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Recall_id_shopId_key" ON "Recall"("id", "shopId");

-- CreateIndex
CREATE INDEX "RecallLot_shopId_lotId_idx" ON "RecallLot"("shopId", "lotId");

-- CreateIndex
CREATE INDEX "RecallRecipient_shopId_customerId_idx" ON "RecallRecipient"("shopId", "customerId");

-- CreateIndex
CREATE INDEX "RecallRecipient_recallId_acknowledgedAt_idx" ON "RecallRecipient"("recallId", "acknowledgedAt");

-- CreateIndex
CREATE UNIQUE INDEX "RecallRecipient_recallId_customerKey_key" ON "RecallRecipient"("recallId", "customerKey");

-- CreateIndex
CREATE UNIQUE INDEX "RecallRecipient_id_shopId_key" ON "RecallRecipient"("id", "shopId");

-- CreateIndex
CREATE UNIQUE INDEX "RecallMessage_messageId_key" ON "RecallMessage"("messageId");

-- CreateIndex
CREATE INDEX "RecallMessage_recallId_sequence_status_idx" ON "RecallMessage"("recallId", "sequence", "status");

-- CreateIndex
CREATE INDEX "RecallMessage_recallId_chunk_status_idx" ON "RecallMessage"("recallId", "chunk", "status");

-- CreateIndex
CREATE UNIQUE INDEX "RecallMessage_recipientId_sequence_key" ON "RecallMessage"("recipientId", "sequence");

-- CreateIndex
CREATE INDEX "RecallAction_shopId_recallId_idx" ON "RecallAction"("shopId", "recallId");

-- CreateIndex
CREATE UNIQUE INDEX "RecallAction_recallId_kind_key" ON "RecallAction"("recallId", "kind");

-- CreateIndex
CREATE INDEX "ExportJob_shopId_createdAt_idx" ON "ExportJob"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "ExportJob_status_expiresAt_idx" ON "ExportJob"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "Lot_shopId_supplierLotCode_idx" ON "Lot"("shopId", "supplierLotCode");

-- CreateIndex
CREATE INDEX "SerialNumber_shopId_serial_idx" ON "SerialNumber"("shopId", "serial");

-- AddForeignKey
ALTER TABLE "Recall" ADD CONSTRAINT "Recall_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecallLot" ADD CONSTRAINT "RecallLot_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecallLot" ADD CONSTRAINT "RecallLot_recallId_shopId_fkey" FOREIGN KEY ("recallId", "shopId") REFERENCES "Recall"("id", "shopId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecallLot" ADD CONSTRAINT "RecallLot_lotId_shopId_fkey" FOREIGN KEY ("lotId", "shopId") REFERENCES "Lot"("id", "shopId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecallRecipient" ADD CONSTRAINT "RecallRecipient_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecallRecipient" ADD CONSTRAINT "RecallRecipient_recallId_shopId_fkey" FOREIGN KEY ("recallId", "shopId") REFERENCES "Recall"("id", "shopId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecallMessage" ADD CONSTRAINT "RecallMessage_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecallMessage" ADD CONSTRAINT "RecallMessage_recallId_shopId_fkey" FOREIGN KEY ("recallId", "shopId") REFERENCES "Recall"("id", "shopId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecallMessage" ADD CONSTRAINT "RecallMessage_recipientId_shopId_fkey" FOREIGN KEY ("recipientId", "shopId") REFERENCES "RecallRecipient"("id", "shopId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecallAction" ADD CONSTRAINT "RecallAction_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecallAction" ADD CONSTRAINT "RecallAction_recallId_shopId_fkey" FOREIGN KEY ("recallId", "shopId") REFERENCES "Recall"("id", "shopId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExportJob" ADD CONSTRAINT "ExportJob_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
