import { describe, expect, it } from "vitest";
import { createBatcher } from "./batcher";

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

describe("the batcher", () => {
  it("sends a lone call at once, and the calls that arrive meanwhile together, each with its own result", async () => {
    const gate = deferred();
    const batches: number[][] = [];
    const double = createBatcher<number, number>({
      run: async (items) => {
        batches.push(items);
        if (batches.length === 1) await gate.promise;
        return items.map((n) => n * 2);
      },
      maxItems: 10,
      maxInFlight: 1,
    });
    const first = double(1);
    const rest = [2, 3, 4].map(double);
    gate.release();
    expect(await Promise.all([first, ...rest])).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it("never puts more than maxItems or maxWeight in one batch", async () => {
    const gate = deferred();
    const batches: string[][] = [];
    const echo = createBatcher<string, string>({
      run: async (items) => {
        batches.push(items);
        await gate.promise;
        return items;
      },
      maxItems: 3,
      maxInFlight: 1,
      weigh: (item) => item.length,
      maxWeight: 4,
    });
    const calls = ["a", "b", "c", "d", "eeee", "f"].map(echo);
    gate.release();
    expect(await Promise.all(calls)).toEqual(["a", "b", "c", "d", "eeee", "f"]);
    expect(batches).toEqual([["a"], ["b", "c", "d"], ["eeee"], ["f"]]);
  });

  it("fails every call of a failed batch, and only those", async () => {
    const gate = deferred();
    let calls = 0;
    const flaky = createBatcher<number, number>({
      run: async (items) => {
        calls += 1;
        if (calls === 1) {
          await gate.promise;
          return items;
        }
        throw new Error("database unavailable");
      },
      maxItems: 10,
      maxInFlight: 1,
    });
    const ok = flaky(1);
    const failing = [flaky(2), flaky(3)];
    gate.release();
    expect(await ok).toBe(1);
    for (const call of failing) await expect(call).rejects.toThrow("database unavailable");
  });
});
