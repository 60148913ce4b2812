// What the merchant decided per product: a minimum shelf life that overrides the shop's, and
// whether units get serial numbers at fulfilment. Products are those Lotline holds lots of (or
// has a rule for); every save is checked first and audited.
import type { Db, Prisma } from "../db.server";
import { retrieveShopSettings } from "../settings/shop-settings.server";
import { AppError } from "../utils/errors";

export const MAX_SHELF_LIFE_DAYS = 3650;

export interface ProductRuleView {
  productId: string;
  productTitle: string;
  lotCount: number;
  /** null: the shop's minimum applies. */
  minShelfLifeDays: number | null;
  serialTracked: boolean;
}

/** Every product with lots or a rule, by title, and the shop's own minimum shelf life. */
export async function listProductRules(db: Db, shopId: string) {
  const [lotProducts, lotCounts, rules, settings] = await Promise.all([
    // The newest lot's title is the product's current name as Lotline knows it.
    db.lot.findMany({
      where: { shopId },
      distinct: ["productId"],
      orderBy: [{ productId: "asc" }, { receivedAt: "desc" }],
      select: { productId: true, productTitle: true },
    }),
    db.lot.groupBy({ by: ["productId"], where: { shopId }, _count: { _all: true } }),
    db.productRule.findMany({ where: { shopId } }),
    retrieveShopSettings(db, shopId),
  ]);
  const counts = new Map(lotCounts.map((group) => [group.productId, group._count._all]));
  const ruleOf = new Map(rules.map((rule) => [rule.productId, rule]));
  const products = new Map<string, ProductRuleView>();
  for (const product of [...lotProducts, ...rules]) {
    if (products.has(product.productId)) continue;
    const rule = ruleOf.get(product.productId);
    products.set(product.productId, {
      productId: product.productId,
      productTitle: product.productTitle,
      lotCount: counts.get(product.productId) ?? 0,
      minShelfLifeDays: rule?.minShelfLifeDays ?? null,
      serialTracked: rule?.serialTracked ?? false,
    });
  }
  return {
    products: [...products.values()].sort(
      (a, b) => a.productTitle.localeCompare(b.productTitle) || a.productId.localeCompare(b.productId),
    ),
    shopMinShelfLifeDays: settings.minShelfLifeDays,
  };
}

export interface ProductRuleInput {
  shopId: string;
  productId: string;
  /** null: use the shop's minimum. NaN (a word typed) is refused with its field named. */
  minShelfLifeDays: number | null;
  serialTracked: boolean;
  actor: string;
}

/** Saves one product's rule, or throws naming the bad field, having changed nothing. */
export async function updateProductRule(db: Db, input: ProductRuleInput) {
  const days = input.minShelfLifeDays;
  if (days !== null && (!Number.isInteger(days) || days < 0 || days > MAX_SHELF_LIFE_DAYS)) {
    throw new AppError("INVALID_DATA", "The minimum shelf life needs fixing; nothing was saved.", {
      minShelfLifeDays: `Give a whole number of days from 0 to ${MAX_SHELF_LIFE_DAYS}, or leave it empty to use the shop's minimum.`,
    });
  }
  return db.$transaction(async (tx) => {
    const [rule, lot] = await Promise.all([
      tx.productRule.findUnique({ where: { shopId_productId: { shopId: input.shopId, productId: input.productId } } }),
      tx.lot.findFirst({
        where: { shopId: input.shopId, productId: input.productId },
        orderBy: { receivedAt: "desc" },
        select: { productTitle: true },
      }),
    ]);
    const productTitle = lot?.productTitle ?? rule?.productTitle;
    if (!productTitle) {
      throw new AppError(
        "NOT_FOUND",
        "Lotline holds no lots of this product. Receive stock of it first, then set its rules.",
      );
    }
    const before = { minShelfLifeDays: rule?.minShelfLifeDays ?? null, serialTracked: rule?.serialTracked ?? false };
    const after = { minShelfLifeDays: days, serialTracked: input.serialTracked };
    const changed = before.minShelfLifeDays !== after.minShelfLifeDays || before.serialTracked !== after.serialTracked;
    if (!changed) return { productTitle, changed: false };
    await tx.productRule.upsert({
      where: { shopId_productId: { shopId: input.shopId, productId: input.productId } },
      create: { shopId: input.shopId, productId: input.productId, productTitle, ...after },
      update: { productTitle, ...after },
    });
    await tx.auditEntry.create({
      data: {
        shopId: input.shopId,
        actor: input.actor,
        action: "product-rule.updated",
        subjectType: "ProductRule",
        subjectId: input.productId,
        details: { productTitle, before, after } satisfies Prisma.InputJsonObject,
      },
    });
    return { productTitle, changed: true };
  });
}
