// Fault knobs for webhook delivery: the ways real Shopify deliveries misbehave (duplicates,
// delays, reordering, loss), switchable at runtime so a test can provoke each on purpose.

export interface WebhookFaults {
  /** Deliver each webhook this many times with the same X-Shopify-Webhook-Id (1 is normal). */
  duplicates?: number;
  /** Wait this long before the first attempt of each delivery. */
  delayMs?: number;
  /** Never deliver; the log records the delivery as dropped. */
  drop?: boolean;
  /** Hold deliveries until this many wait, then send them newest first (out of order). */
  outOfOrder?: number;
  /** Limit the faults to these topics; every topic when omitted. */
  topics?: string[];
}

export class InvalidFaultsError extends Error {}

/** Checks faults that arrive as JSON (the control API); throws InvalidFaultsError naming the field. */
export function parseWebhookFaults(input: unknown): WebhookFaults {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new InvalidFaultsError("faults must be an object");
  }
  const raw = input as Record<string, unknown>;
  const known = new Set(["duplicates", "delayMs", "drop", "outOfOrder", "topics"]);
  for (const key of Object.keys(raw)) if (!known.has(key)) throw new InvalidFaultsError(`unknown fault ${key}`);
  const count = (name: string, min: number) => {
    const value = raw[name];
    if (value === undefined) return undefined;
    if (!Number.isInteger(value) || (value as number) < min) {
      throw new InvalidFaultsError(`${name} must be an integer of at least ${min}`);
    }
    return value as number;
  };
  if (raw.drop !== undefined && typeof raw.drop !== "boolean") throw new InvalidFaultsError("drop must be a boolean");
  if (raw.topics !== undefined && !(Array.isArray(raw.topics) && raw.topics.every((t) => typeof t === "string"))) {
    throw new InvalidFaultsError("topics must be a list of topic names");
  }
  const faults: WebhookFaults = {
    duplicates: count("duplicates", 1),
    delayMs: count("delayMs", 0),
    drop: raw.drop as boolean | undefined,
    outOfOrder: count("outOfOrder", 2),
    topics: raw.topics as string[] | undefined,
  };
  return Object.fromEntries(Object.entries(faults).filter(([, value]) => value !== undefined));
}

export function faultsApplyTo(faults: WebhookFaults, topic: string): boolean {
  return !faults.topics || faults.topics.includes(topic);
}
