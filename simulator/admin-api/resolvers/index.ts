// Every resolver the simulator has, merged into one map for the executor.
import { catalogResolvers } from "./catalog";
import { customerResolvers } from "./customers";
import { mergeResolvers } from "./framework";
import { inventoryMutationResolvers } from "./inventory-mutations";
import { metafieldMutationResolvers } from "./metafield-mutations";
import { metafieldResolvers } from "./metafields";
import { orderResolvers } from "./orders";
import { otherMutationResolvers } from "./other-mutations";
import { shopResolvers } from "./shop";

export const resolvers = mergeResolvers(
  shopResolvers,
  catalogResolvers,
  customerResolvers,
  orderResolvers,
  metafieldResolvers,
  inventoryMutationResolvers,
  metafieldMutationResolvers,
  otherMutationResolvers,
);
