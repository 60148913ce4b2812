-- CreateTable
CREATE TABLE "FlowTriggerSubscription" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "handle" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "reportedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FlowTriggerSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FlowTriggerFiring" (
    "id" UUID NOT NULL,
    "shopId" UUID NOT NULL,
    "handle" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "occasion" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "firedAt" TIMESTAMP(3),

    CONSTRAINT "FlowTriggerFiring_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FlowTriggerSubscription_shopId_handle_key" ON "FlowTriggerSubscription"("shopId", "handle");

-- CreateIndex
CREATE UNIQUE INDEX "FlowTriggerFiring_shopId_handle_subjectId_occasion_key" ON "FlowTriggerFiring"("shopId", "handle", "subjectId", "occasion");

-- AddForeignKey
ALTER TABLE "FlowTriggerSubscription" ADD CONSTRAINT "FlowTriggerSubscription_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FlowTriggerFiring" ADD CONSTRAINT "FlowTriggerFiring_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;
