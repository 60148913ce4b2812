-- DropForeignKey
ALTER TABLE "Allocation" DROP CONSTRAINT "Allocation_shopId_fkey";

-- DropForeignKey
ALTER TABLE "LotEvent" DROP CONSTRAINT "LotEvent_shopId_fkey";

-- DropForeignKey
ALTER TABLE "OrderLineRef" DROP CONSTRAINT "OrderLineRef_shopId_fkey";
