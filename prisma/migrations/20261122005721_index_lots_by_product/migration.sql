-- CreateIndex
CREATE INDEX "Lot_shopId_productId_idx" ON "Lot"("shopId", "productId");
