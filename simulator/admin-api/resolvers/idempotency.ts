// The `@idempotent(key:)` directive. Since 2026-04 the inventory quantity mutations must carry
// it: a retry with the same key and input replays the first answer without applying anything
// again; the same key with different input, or after a failed attempt, is a user error.

import { isDeepStrictEqual } from "node:util";
import { type GraphQLResolveInfo, getDirectiveValues } from "graphql";
import { AdminApiError } from "../errors";
import type { Args, ResolverContext } from "./framework";

interface Payload {
  userErrors: { code?: string }[];
}

interface Replay<P extends Payload> {
  /** The mutation's own user error for a key reused with other input, and after a failure. */
  mismatch: () => P;
  previousAttemptFailed: () => P;
}

export function runIdempotent<P extends Payload>(
  info: GraphQLResolveInfo,
  args: Args,
  context: ResolverContext,
  replay: Replay<P>,
  run: () => P,
): P {
  const key = idempotencyKey(info);
  const storeKey = `${context.appId}:${info.fieldName}:${key}`;
  const previous = context.state.idempotency.get(storeKey);
  if (previous) {
    if (!isDeepStrictEqual(previous.input, args)) return replay.mismatch();
    return previous.failed ? replay.previousAttemptFailed() : (previous.payload as P);
  }
  const payload = run();
  const failed = payload.userErrors.length > 0;
  context.state.idempotency.set(storeKey, { input: args, payload, failed });
  return payload;
}

function idempotencyKey(info: GraphQLResolveInfo): string {
  const directive = info.schema.getDirective("idempotent");
  const values = directive ? getDirectiveValues(directive, info.fieldNodes[0], info.variableValues) : undefined;
  const key = values?.key;
  if (typeof key !== "string") {
    throw new AdminApiError(
      `The @idempotent directive is required for ${info.fieldName} (mandatory since API version 2026-04).`,
      "BAD_REQUEST",
    );
  }
  if (key.trim() === "") {
    throw new AdminApiError("The idempotency key cannot be an empty string or whitespace only.", "BAD_REQUEST");
  }
  return key;
}
