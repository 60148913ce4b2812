-- CreateEnum
CREATE TYPE "LotStatus" AS ENUM ('active', 'quarantined', 'recalled', 'expired', 'depleted');

-- CreateEnum
CREATE TYPE "WriteBackStatus" AS ENUM ('pending', 'done', 'failed');

-- CreateEnum
CREATE TYPE "SerialStatus" AS ENUM ('in_stock', 'allocated', 'shipped', 'returned', 'recalled');

-- CreateEnum
CREATE TYPE "LotEventType" AS ENUM ('received', 'allocated', 'released', 'shipped', 'returned', 'adjusted', 'quarantined', 'recalled', 'expired');

-- CreateTable
CREATE TABLE "Lot" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "sku" TEXT,
    "productTitle" TEXT NOT NULL,
    "supplierLotCode" TEXT,
    "gtin" TEXT,
    "producedAt" DATE,
    "bestBefore" DATE,
    "expiresAt" DATE,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "status" "LotStatus" NOT NULL DEFAULT 'active',
    "receivedQuantity" INTEGER NOT NULL,
    "onHandQuantity" INTEGER NOT NULL,
    "allocatedQuantity" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Receipt" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "supplierName" TEXT,
    "referenceType" TEXT,
    "referenceNumber" TEXT,
    "locationId" TEXT NOT NULL,
    "locationCode" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "note" TEXT,
    "receivedBy" TEXT NOT NULL,
    "writeBackStatus" "WriteBackStatus" NOT NULL DEFAULT 'pending',
    "writeBackError" TEXT,
    "writeBackAttempts" INTEGER NOT NULL DEFAULT 0,
    "writeBackEnqueuedAt" TIMESTAMP(3),
    "writeBackDoneAt" TIMESTAMP(3),
    "inventoryAdjustmentGroupId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Receipt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReceiptLine" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "receiptId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "lotId" UUID NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "ReceiptLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SerialNumber" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "serial" TEXT NOT NULL,
    "lotId" UUID NOT NULL,
    "productId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "status" "SerialStatus" NOT NULL DEFAULT 'in_stock',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SerialNumber_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LotEvent" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "type" "LotEventType" NOT NULL,
    "quantity" INTEGER NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "receiptId" UUID,
    "actor" TEXT,
    "reference" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LotEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CodeSequence" (
    "shopId" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "value" INTEGER NOT NULL,
    "lastIssuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CodeSequence_pkey" PRIMARY KEY ("shopId","scope")
);

-- CreateIndex
CREATE INDEX "Lot_shopId_variantId_locationId_status_idx" ON "Lot"("shopId", "variantId", "locationId", "status");

-- CreateIndex
CREATE INDEX "Lot_shopId_expiresAt_idx" ON "Lot"("shopId", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Lot_shopId_code_key" ON "Lot"("shopId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Lot_id_shopId_key" ON "Lot"("id", "shopId");

-- CreateIndex
CREATE INDEX "Receipt_shopId_receivedAt_idx" ON "Receipt"("shopId", "receivedAt");

-- CreateIndex
CREATE INDEX "Receipt_writeBackStatus_createdAt_idx" ON "Receipt"("writeBackStatus", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Receipt_id_shopId_key" ON "Receipt"("id", "shopId");

-- CreateIndex
CREATE INDEX "ReceiptLine_shopId_lotId_idx" ON "ReceiptLine"("shopId", "lotId");

-- CreateIndex
CREATE UNIQUE INDEX "ReceiptLine_receiptId_position_key" ON "ReceiptLine"("receiptId", "position");

-- CreateIndex
CREATE INDEX "SerialNumber_shopId_lotId_idx" ON "SerialNumber"("shopId", "lotId");

-- CreateIndex
CREATE UNIQUE INDEX "SerialNumber_shopId_productId_serial_key" ON "SerialNumber"("shopId", "productId", "serial");

-- CreateIndex
CREATE INDEX "LotEvent_shopId_lotId_occurredAt_idx" ON "LotEvent"("shopId", "lotId", "occurredAt");

-- CreateIndex
CREATE INDEX "LotEvent_shopId_occurredAt_idx" ON "LotEvent"("shopId", "occurredAt");

-- AddForeignKey
ALTER TABLE "Lot" ADD CONSTRAINT "Lot_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Receipt" ADD CONSTRAINT "Receipt_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReceiptLine" ADD CONSTRAINT "ReceiptLine_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReceiptLine" ADD CONSTRAINT "ReceiptLine_receiptId_shopId_fkey" FOREIGN KEY ("receiptId", "shopId") REFERENCES "Receipt"("id", "shopId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReceiptLine" ADD CONSTRAINT "ReceiptLine_lotId_shopId_fkey" FOREIGN KEY ("lotId", "shopId") REFERENCES "Lot"("id", "shopId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SerialNumber" ADD CONSTRAINT "SerialNumber_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SerialNumber" ADD CONSTRAINT "SerialNumber_lotId_shopId_fkey" FOREIGN KEY ("lotId", "shopId") REFERENCES "Lot"("id", "shopId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LotEvent" ADD CONSTRAINT "LotEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LotEvent" ADD CONSTRAINT "LotEvent_lotId_shopId_fkey" FOREIGN KEY ("lotId", "shopId") REFERENCES "Lot"("id", "shopId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LotEvent" ADD CONSTRAINT "LotEvent_receiptId_shopId_fkey" FOREIGN KEY ("receiptId", "shopId") REFERENCES "Receipt"("id", "shopId") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CodeSequence" ADD CONSTRAINT "CodeSequence_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: quantities the database itself refuses (Prisma's schema has no CHECK syntax).
-- A lot never holds fewer than zero units nor allocates more than it holds (invariant 2).
ALTER TABLE "Lot" ADD CONSTRAINT "Lot_quantities_check" CHECK ("receivedQuantity" >= 0 AND "onHandQuantity" >= 0 AND "allocatedQuantity" >= 0 AND "allocatedQuantity" <= "onHandQuantity");

-- A receipt line receives at least one unit.
ALTER TABLE "ReceiptLine" ADD CONSTRAINT "ReceiptLine_quantity_check" CHECK ("quantity" > 0);

-- Sequence numbers start at 1.
ALTER TABLE "CodeSequence" ADD CONSTRAINT "CodeSequence_value_check" CHECK ("value" >= 1);
