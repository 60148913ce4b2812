-- AlterTable
ALTER TABLE "Receipt" ADD COLUMN     "writeBackKey" TEXT,
ADD COLUMN     "writeBackRefused" BOOLEAN NOT NULL DEFAULT false;
