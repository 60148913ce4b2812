import { describe, expect, it } from "vitest";
import { paginate } from "./connection";

const items = [1, 2, 3, 4, 5].map((n) => ({ n }));
const byNumber = (item: { n: number }) => ({ id: item.n, value: item.n });
const numbers = (connection: { nodes: { n: number }[] }) => connection.nodes.map((item) => item.n);

describe("relay pagination", () => {
  it("first and after walk forward, and pageInfo says where the page sits", () => {
    const page1 = paginate(items, { first: 2 }, byNumber);
    const page2 = paginate(items, { first: 2, after: page1.pageInfo.endCursor }, byNumber);

    expect(numbers(page1)).toEqual([1, 2]);
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(numbers(page2)).toEqual([3, 4]);
    expect(page2.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(page2.edges.map((e) => e.cursor)).toEqual([page2.pageInfo.startCursor, page2.pageInfo.endCursor]);
  });

  it("last and before walk backward", () => {
    const tail = paginate(items, { last: 2 }, byNumber);
    const before = paginate(items, { last: 2, before: tail.pageInfo.startCursor }, byNumber);

    expect(numbers(tail)).toEqual([4, 5]);
    expect(numbers(before)).toEqual([2, 3]);
    expect(before.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });

  it("reverse flips the order, and its cursors keep working", () => {
    const page1 = paginate(items, { first: 2, reverse: true }, byNumber);
    const page2 = paginate(items, { first: 2, reverse: true, after: page1.pageInfo.endCursor }, byNumber);

    expect(numbers(page1)).toEqual([5, 4]);
    expect(numbers(page2)).toEqual([3, 2]);
  });

  it("a cursor stays valid when earlier items are added", () => {
    const page1 = paginate(items, { first: 2 }, byNumber);
    const withNewItem = [{ n: 0 }, ...items];

    expect(numbers(paginate(withNewItem, { first: 2, after: page1.pageInfo.endCursor }, byNumber))).toEqual([3, 4]);
  });

  it("refuses a page without a size, one over 250, and a cursor it did not make", () => {
    expect(() => paginate(items, {}, byNumber)).toThrow("you must provide one of first or last");
    expect(() => paginate(items, { first: 251 }, byNumber)).toThrow(/250/);
    expect(() => paginate(items, { first: 1, after: "bm90IGEgY3Vyc29y" }, byNumber)).toThrow(/Invalid cursor/);
  });
});
