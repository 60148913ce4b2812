-- CreateEnum
CREATE TYPE "OrderAllocationStatus" AS ENUM ('pending', 'allocated', 'partial', 'needs_attention', 'cancelled');

-- CreateEnum
CREATE TYPE "LineAllocationStatus" AS ENUM ('pending', 'untracked', 'allocated', 'partial', 'needs_attention', 'released');

-- CreateEnum
CREATE TYPE "LotImportStatus" AS ENUM ('validating', 'validated', 'importing', 'completed', 'failed');

-- AlterTable
ALTER TABLE "Lot" ADD COLUMN     "quarantinedQuantity" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "LotEvent" ADD COLUMN     "orderLineId" UUID;

-- AlterTable
ALTER TABLE "SerialNumber" ADD COLUMN     "orderLineId" UUID;

-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "ordersReconciledAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "OrderRef" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "shopifyOrderId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "shopifyUpdatedAt" TIMESTAMP(3) NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL,
    "cancelledAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "financialStatus" TEXT,
    "fulfillmentStatus" TEXT,
    "customerId" TEXT,
    "customerEmail" TEXT,
    "customerName" TEXT,
    "customerLocale" TEXT,
    "shippingAddress" JSONB,
    "redactedAt" TIMESTAMP(3),
    "allocationStatus" "OrderAllocationStatus" NOT NULL DEFAULT 'pending',
    "attentionReason" TEXT,
    "writeBackVersion" INTEGER NOT NULL DEFAULT 0,
    "writtenBackVersion" INTEGER NOT NULL DEFAULT 0,
    "writtenTags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "metafieldDigest" TEXT,
    "writeBackError" TEXT,
    "writeBackDoneAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrderRef_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderLineRef" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "orderRefId" UUID NOT NULL,
    "shopifyLineItemId" TEXT NOT NULL,
    "variantId" TEXT,
    "productId" TEXT,
    "inventoryItemId" TEXT,
    "sku" TEXT,
    "title" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "fulfilledQuantity" INTEGER NOT NULL DEFAULT 0,
    "returnedQuantity" INTEGER NOT NULL DEFAULT 0,
    "locationId" TEXT,
    "status" "LineAllocationStatus" NOT NULL DEFAULT 'pending',
    "attentionReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrderLineRef_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Allocation" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "orderLineId" UUID NOT NULL,
    "lotId" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "shippedQuantity" INTEGER NOT NULL DEFAULT 0,
    "returnedQuantity" INTEGER NOT NULL DEFAULT 0,
    "pinned" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Allocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VariantRef" (
    "shopId" UUID NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "sku" TEXT,
    "productTitle" TEXT NOT NULL,
    "variantTitle" TEXT,
    "barcode" TEXT,
    "syncedAt" TIMESTAMP(3) NOT NULL,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "VariantRef_pkey" PRIMARY KEY ("shopId","variantId")
);

-- CreateTable
CREATE TABLE "ProductRule" (
    "shopId" UUID NOT NULL,
    "productId" TEXT NOT NULL,
    "productTitle" TEXT NOT NULL,
    "minShelfLifeDays" INTEGER,
    "serialTracked" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProductRule_pkey" PRIMARY KEY ("shopId","productId")
);

-- CreateTable
CREATE TABLE "UnassignedStock" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "locationId" TEXT NOT NULL,
    "variantId" TEXT,
    "productId" TEXT,
    "sku" TEXT,
    "productTitle" TEXT,
    "quantity" INTEGER NOT NULL,
    "shopifyOnHand" INTEGER,
    "detectedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UnassignedStock_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LotImport" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "status" "LotImportStatus" NOT NULL DEFAULT 'validating',
    "skipInvalidRows" BOOLEAN NOT NULL DEFAULT false,
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "validRows" INTEGER NOT NULL DEFAULT 0,
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "rowErrors" JSONB,
    "error" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "LotImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerDataRequest" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "requestId" TEXT,
    "customerId" TEXT,
    "customerEmail" TEXT,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerDataRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrderRef_shopId_processedAt_idx" ON "OrderRef"("shopId", "processedAt");

-- CreateIndex
CREATE INDEX "OrderRef_shopId_allocationStatus_idx" ON "OrderRef"("shopId", "allocationStatus");

-- CreateIndex
CREATE INDEX "OrderRef_shopId_customerId_idx" ON "OrderRef"("shopId", "customerId");

-- CreateIndex
CREATE UNIQUE INDEX "OrderRef_shopId_shopifyOrderId_key" ON "OrderRef"("shopId", "shopifyOrderId");

-- CreateIndex
CREATE UNIQUE INDEX "OrderRef_id_shopId_key" ON "OrderRef"("id", "shopId");

-- CreateIndex
CREATE INDEX "OrderLineRef_shopId_orderRefId_idx" ON "OrderLineRef"("shopId", "orderRefId");

-- CreateIndex
CREATE UNIQUE INDEX "OrderLineRef_shopId_shopifyLineItemId_key" ON "OrderLineRef"("shopId", "shopifyLineItemId");

-- CreateIndex
CREATE UNIQUE INDEX "OrderLineRef_id_shopId_key" ON "OrderLineRef"("id", "shopId");

-- CreateIndex
CREATE INDEX "Allocation_shopId_lotId_idx" ON "Allocation"("shopId", "lotId");

-- CreateIndex
CREATE UNIQUE INDEX "Allocation_orderLineId_lotId_key" ON "Allocation"("orderLineId", "lotId");

-- CreateIndex
CREATE INDEX "VariantRef_shopId_inventoryItemId_idx" ON "VariantRef"("shopId", "inventoryItemId");

-- CreateIndex
CREATE INDEX "VariantRef_shopId_productId_idx" ON "VariantRef"("shopId", "productId");

-- CreateIndex
CREATE INDEX "UnassignedStock_shopId_quantity_idx" ON "UnassignedStock"("shopId", "quantity");

-- CreateIndex
CREATE UNIQUE INDEX "UnassignedStock_shopId_inventoryItemId_locationId_key" ON "UnassignedStock"("shopId", "inventoryItemId", "locationId");

-- CreateIndex
CREATE INDEX "LotImport_shopId_createdAt_idx" ON "LotImport"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "CustomerDataRequest_shopId_createdAt_idx" ON "CustomerDataRequest"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "LotEvent_shopId_orderLineId_idx" ON "LotEvent"("shopId", "orderLineId");

-- CreateIndex
CREATE INDEX "SerialNumber_shopId_orderLineId_idx" ON "SerialNumber"("shopId", "orderLineId");

-- AddForeignKey
ALTER TABLE "SerialNumber" ADD CONSTRAINT "SerialNumber_orderLineId_shopId_fkey" FOREIGN KEY ("orderLineId", "shopId") REFERENCES "OrderLineRef"("id", "shopId") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LotEvent" ADD CONSTRAINT "LotEvent_orderLineId_shopId_fkey" FOREIGN KEY ("orderLineId", "shopId") REFERENCES "OrderLineRef"("id", "shopId") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderRef" ADD CONSTRAINT "OrderRef_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderLineRef" ADD CONSTRAINT "OrderLineRef_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderLineRef" ADD CONSTRAINT "OrderLineRef_orderRefId_shopId_fkey" FOREIGN KEY ("orderRefId", "shopId") REFERENCES "OrderRef"("id", "shopId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Allocation" ADD CONSTRAINT "Allocation_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Allocation" ADD CONSTRAINT "Allocation_orderLineId_shopId_fkey" FOREIGN KEY ("orderLineId", "shopId") REFERENCES "OrderLineRef"("id", "shopId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Allocation" ADD CONSTRAINT "Allocation_lotId_shopId_fkey" FOREIGN KEY ("lotId", "shopId") REFERENCES "Lot"("id", "shopId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VariantRef" ADD CONSTRAINT "VariantRef_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductRule" ADD CONSTRAINT "ProductRule_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnassignedStock" ADD CONSTRAINT "UnassignedStock_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LotImport" ADD CONSTRAINT "LotImport_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerDataRequest" ADD CONSTRAINT "CustomerDataRequest_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: quantities the database itself refuses (the Prisma schema has no CHECK syntax).
-- A lot never allocates and quarantines together more units than it holds (invariant 2).
ALTER TABLE "Lot" DROP CONSTRAINT "Lot_quantities_check";
ALTER TABLE "Lot" ADD CONSTRAINT "Lot_quantities_check" CHECK ("receivedQuantity" >= 0 AND "onHandQuantity" >= 0 AND "allocatedQuantity" >= 0 AND "quarantinedQuantity" >= 0 AND "allocatedQuantity" + "quarantinedQuantity" <= "onHandQuantity");

-- An allocation ships at most what it took and gets back at most what it shipped.
ALTER TABLE "Allocation" ADD CONSTRAINT "Allocation_quantities_check" CHECK ("quantity" >= 0 AND "shippedQuantity" >= 0 AND "shippedQuantity" <= "quantity" AND "returnedQuantity" >= 0 AND "returnedQuantity" <= "shippedQuantity");

-- Line quantities are counts.
ALTER TABLE "OrderLineRef" ADD CONSTRAINT "OrderLineRef_quantities_check" CHECK ("quantity" >= 0 AND "fulfilledQuantity" >= 0 AND "returnedQuantity" >= 0);

-- Unassigned stock is a count of units (a row at zero means all assigned).
ALTER TABLE "UnassignedStock" ADD CONSTRAINT "UnassignedStock_quantity_check" CHECK ("quantity" >= 0);

-- Import progress never runs past the file.
ALTER TABLE "LotImport" ADD CONSTRAINT "LotImport_rows_check" CHECK ("validRows" >= 0 AND "validRows" <= "totalRows" AND "processedRows" >= 0 AND "processedRows" <= "totalRows");
