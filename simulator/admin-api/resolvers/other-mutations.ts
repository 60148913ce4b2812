// tagsAdd / tagsRemove, fulfillment order holds, and flowTriggerReceive (recorded for tests,
// refused for a payload key the trigger extension does not declare).

import { payloadKeyOf, readTriggerExtensions } from "../../../app/flow/trigger-extensions";
import { DEFAULT_EXTENSIONS_DIR } from "../../admin-shell/extension-blocks";
import { holdFulfillmentOrder, releaseFulfillmentOrderHolds } from "../../store/fulfillment";
import { parseGid } from "../../store/ids";
import { recordFlowTrigger } from "../../store/metafields";
import { addTags, findTaggable, removeTags } from "../../store/tags";
import { notSimulated } from "../errors";
import type { Args, ResolverContext, ResolverMap } from "./framework";

/** Each app may place this many holds on one fulfilment order. */
export const HOLDS_PER_APP_LIMIT = 10;

function changeTags(args: Args, { state }: ResolverContext, change: typeof addTags) {
  const record = findTaggable(state, args.id);
  if (!record) {
    const type = parseGid(args.id)?.type ?? "Resource";
    return { node: null, userErrors: [{ field: ["id"], message: `${type} does not exist` }] };
  }
  return { node: change(state, record, args.tags).value, userErrors: [] };
}

// Flow knows each trigger by the fields its extension's TOML declares when the app is deployed.
let declaredKeys: Map<string, Set<string>> | null = null;

function declaredTriggerKeys(handle: string): Set<string> | undefined {
  declaredKeys ??= new Map(
    readTriggerExtensions(DEFAULT_EXTENSIONS_DIR).map((trigger) => [
      trigger.handle,
      new Set(trigger.fields.map(payloadKeyOf)),
    ]),
  );
  return declaredKeys.get(handle);
}

function holdNotFound() {
  return { field: ["id"], message: "Fulfillment order does not exist.", code: "FULFILLMENT_ORDER_NOT_FOUND" };
}

export const otherMutationResolvers: ResolverMap = {
  Mutation: {
    tagsAdd: { args: ["id", "tags"], resolve: (_s, args, context) => changeTags(args, context, addTags) },
    tagsRemove: { args: ["id", "tags"], resolve: (_s, args, context) => changeTags(args, context, removeTags) },

    fulfillmentOrderHold: {
      args: ["id", "fulfillmentHold"],
      resolve: (_s, args, { state, appId }) => {
        const input = args.fulfillmentHold as Args;
        if ((input.fulfillmentOrderLineItems ?? []).length > 0) {
          throw notSimulated("Holding part of a fulfillment order (fulfillmentHold.fulfillmentOrderLineItems)");
        }
        const empty = { fulfillmentHold: null, fulfillmentOrder: null, remainingFulfillmentOrder: null };
        const fulfillmentOrder = state.fulfillmentOrders.get(args.id);
        if (!fulfillmentOrder) return { ...empty, userErrors: [holdNotFound()] };
        if (!["OPEN", "IN_PROGRESS", "ON_HOLD", "SCHEDULED"].includes(fulfillmentOrder.status)) {
          return {
            ...empty,
            userErrors: [
              {
                field: ["id"],
                message: `A ${fulfillmentOrder.status.toLowerCase()} fulfillment order can't be put on hold.`,
                code: null,
              },
            ],
          };
        }
        const appHolds = fulfillmentOrder.holds.filter((hold) => hold.heldByAppId === appId);
        const handle: string = input.handle ?? "";
        if (appHolds.some((hold) => hold.handle === handle)) {
          return {
            ...empty,
            userErrors: [
              {
                field: ["fulfillmentHold", "handle"],
                message:
                  "The handle provided for the fulfillment hold is already in use by this app for another hold on this fulfillment order.",
                code: "DUPLICATE_FULFILLMENT_HOLD_HANDLE",
              },
            ],
          };
        }
        if (appHolds.length >= HOLDS_PER_APP_LIMIT) {
          return {
            ...empty,
            userErrors: [
              {
                field: ["id"],
                message: `The maximum number of fulfillment holds for this fulfillment order has been reached for this app. An app can only have up to ${HOLDS_PER_APP_LIMIT} holds on a single fulfillment order at any one time.`,
                code: "FULFILLMENT_ORDER_HOLD_LIMIT_REACHED",
              },
            ],
          };
        }
        const { value } = holdFulfillmentOrder(state, fulfillmentOrder.id, {
          reason: input.reason,
          reasonNotes: input.reasonNotes ?? null,
          handle,
          appId,
        });
        return { ...empty, fulfillmentHold: value.hold, fulfillmentOrder: value.fulfillmentOrder, userErrors: [] };
      },
    },

    fulfillmentOrderReleaseHold: {
      // externalId only labels the release for the app's own records.
      args: ["id", "holdIds", "externalId"],
      resolve: (_s, args, { state, appId }) => {
        const fulfillmentOrder = state.fulfillmentOrders.get(args.id);
        if (!fulfillmentOrder) return { fulfillmentOrder: null, userErrors: [holdNotFound()] };
        // Without holdIds, every hold this app placed is released.
        const holdIds: string[] =
          args.holdIds ?? fulfillmentOrder.holds.filter((hold) => hold.heldByAppId === appId).map((hold) => hold.id);
        const notOurs = holdIds.filter(
          (id) => !fulfillmentOrder.holds.some((hold) => hold.id === id && hold.heldByAppId === appId),
        );
        if (notOurs.length > 0) {
          return {
            fulfillmentOrder: null,
            userErrors: [
              {
                field: ["holdIds"],
                message: `The app can't release holds ${notOurs.join(", ")} on this fulfillment order.`,
                code: "INVALID_ACCESS",
              },
            ],
          };
        }
        const { value } = releaseFulfillmentOrderHolds(state, fulfillmentOrder.id, holdIds);
        return { fulfillmentOrder: value, userErrors: [] };
      },
    },

    flowTriggerReceive: {
      args: ["handle", "payload", "body"],
      resolve: (_s, args, { state }) => {
        if (args.body == null && (args.handle == null || args.payload == null)) {
          const field = args.handle == null ? "handle" : "payload";
          return { userErrors: [{ field: [field], message: `${field} can't be blank when body is not given` }] };
        }
        const declared = args.handle == null ? undefined : declaredTriggerKeys(args.handle);
        const undeclared =
          declared && typeof args.payload === "object" && args.payload !== null
            ? Object.keys(args.payload).filter((key) => !declared.has(key))
            : [];
        if (undeclared.length > 0) {
          return {
            userErrors: undeclared.map((key) => ({
              field: ["payload"],
              message: `"${key}" is not a field of the "${args.handle}" trigger`,
            })),
          };
        }
        if (args.body != null) {
          try {
            JSON.parse(args.body);
          } catch {
            return { userErrors: [{ field: ["body"], message: "body must be valid JSON" }] };
          }
        }
        recordFlowTrigger(state, {
          handle: args.handle ?? null,
          payload: args.payload ?? null,
          body: args.body ?? null,
        });
        return { userErrors: [] };
      },
    },
  },
};
