// Group commit, in general: calls that arrive while earlier ones are in flight wait and go
// together in the next batch. Each caller gets its own result (or the batch's error). Under light
// load a call goes out at once on its own; under heavy load batches grow by themselves.

export interface BatcherOptions<I, O> {
  /** Does the work for a batch; answers one result per item, in order. */
  run(items: I[]): Promise<O[]>;
  maxItems: number;
  /** Batches in flight at once; more callers wait for the next batch. */
  maxInFlight: number;
  /** Optional size of an item, with a cap per batch (a batch always takes at least one item). */
  weigh?: (item: I) => number;
  maxWeight?: number;
}

interface Waiting<I, O> {
  item: I;
  resolve(result: O): void;
  reject(error: unknown): void;
}

export function createBatcher<I, O>(options: BatcherOptions<I, O>): (item: I) => Promise<O> {
  const waiting: Waiting<I, O>[] = [];
  let inFlight = 0;

  const take = (): Waiting<I, O>[] => {
    let weight = 0;
    let count = 0;
    while (count < waiting.length && count < options.maxItems) {
      weight += options.weigh?.(waiting[count].item) ?? 0;
      if (count > 0 && options.maxWeight !== undefined && weight > options.maxWeight) break;
      count += 1;
    }
    return waiting.splice(0, count);
  };

  const pump = (): void => {
    while (inFlight < options.maxInFlight && waiting.length) {
      const batch = take();
      inFlight += 1;
      // A synchronous throw from run() must reach the callers too.
      Promise.resolve()
        .then(() => options.run(batch.map((entry) => entry.item)))
        .then(
          (results) => {
            for (const [i, entry] of batch.entries()) entry.resolve(results[i]);
          },
          (error) => {
            for (const entry of batch) entry.reject(error);
          },
        )
        .finally(() => {
          inFlight -= 1;
          pump();
        });
    }
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      pump();
    });
}

/** One batcher per key (a shop, say), made on first use: batches never mix keys. */
export function createBatcherPerKey<I, O>(
  options: (key: string) => BatcherOptions<I, O>,
): (key: string, item: I) => Promise<O> {
  const batchers = new Map<string, (item: I) => Promise<O>>();
  return (key, item) => {
    let batcher = batchers.get(key);
    if (!batcher) {
      batcher = createBatcher(options(key));
      batchers.set(key, batcher);
    }
    return batcher(item);
  };
}
