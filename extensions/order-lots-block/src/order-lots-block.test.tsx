import { describe, expect, it } from "vitest";
import { byText, click, findText, mount, stubFetch, stubShopify } from "../../shared/admin-test-support";
import { LOT_B, ORDER_GID, ORDER_URL, orderAnswer, orderLine } from "../../shared/order-lots-fixtures";
import { OrderLotsBlock } from "./order-lots-block";

const TARGET = "admin.order-details.block.render";

function show(answers: Parameters<typeof stubFetch>[0], selected = ORDER_GID) {
  stubShopify(TARGET, selected);
  const fetch = stubFetch(answers);
  return { root: mount(<OrderLotsBlock />), ...fetch };
}

describe("order lots block", () => {
  it("says it is loading until the app answers", () => {
    const { root } = show({ [`GET ${ORDER_URL}`]: [{ status: 200, body: orderAnswer() }] });
    expect(root.textContent).toContain("Loading lots…");
  });

  it("shows an allocated order's lots per line with expiry, quantities and a link into Lotline", async () => {
    const { root, calls } = show({ [`GET ${ORDER_URL}`]: [{ status: 200, body: orderAnswer() }] });
    await findText(root, "LAV-2403-A");
    expect(byText(root, "s-badge", "Allocated")).toHaveLength(2); // the order's and the line's
    expect(root.querySelector("s-section")?.getAttribute("heading")).toBe("Lavender soap");
    expect(root.textContent).toContain("SOAP-LAV · 1 of 5 shipped");
    expect(root.textContent).toContain("Expires Mar 9, 2026");
    const cells = [...root.querySelectorAll("s-table-row s-table-cell")].map((cell) => cell.textContent);
    expect(cells).toEqual(["LAV-2403-A", "Expires Mar 9, 2026", "5", "1"]);
    expect(root.querySelector("s-link")?.getAttribute("href")).toBe(
      "app:/app/orders/9f1e0c3a-5a55-4f0e-8f3c-000000000001",
    );
    expect(calls).toHaveLength(1);
  });

  it("names a partly allocated order's missing units and a recalled lot", async () => {
    const line = orderLine({
      status: "partial",
      lots: [{ lotId: LOT_B, code: "LAV-2311-R", expiresAt: null, quantity: 2, shipped: 0, lotStatus: "recalled" }],
    });
    const { root } = show({
      [`GET ${ORDER_URL}`]: [{ status: 200, body: orderAnswer({ status: "partial" }, [line]) }],
    });
    await findText(root, "Partly allocated");
    expect(root.textContent).toContain("Some units have no lot yet");
    expect(byText(root, "s-badge", "Recalled")[0]?.getAttribute("tone")).toBe("critical");
    expect(root.textContent).toContain("No expiry date");
  });

  it("shows why an order needs attention, on the order and on the line", async () => {
    const reason = "No lot of Lavender soap has 3 units left at Main warehouse.";
    const line = orderLine({ status: "needs_attention", attentionReason: reason, lots: [] });
    const { root } = show({
      [`GET ${ORDER_URL}`]: [
        { status: 200, body: orderAnswer({ status: "needs_attention", attentionReason: reason }, [line]) },
      ],
    });
    await findText(root, "Needs attention");
    expect(byText(root, "s-badge", "Needs attention")[0]?.getAttribute("tone")).toBe("critical");
    expect(byText(root, "s-paragraph", reason)).toHaveLength(1);
    expect(byText(root, "s-text", reason)).toHaveLength(1);
  });

  it("lists a line's serial numbers and how many units still lack one", async () => {
    const line = orderLine({
      serialTracked: true,
      serialsMissing: 2,
      serials: [
        { serial: "SN-0001", lotCode: "LAV-2403-A", status: "allocated" },
        { serial: "SN-0002", lotCode: "LAV-2403-A", status: "shipped" },
      ],
    });
    const { root } = show({ [`GET ${ORDER_URL}`]: [{ status: 200, body: orderAnswer({}, [line]) }] });
    await findText(root, "Serial numbers: SN-0001, SN-0002");
    expect(root.textContent).toContain("2 units still need serial numbers.");
  });

  it("says an order Lotline has not seen yet is not processed, without a link", async () => {
    const { root } = show({
      [`GET ${ORDER_URL}`]: [
        { status: 200, body: orderAnswer({ id: null, appPath: null, status: "not_processed" }, []) },
      ],
    });
    await findText(root, "Not processed yet");
    expect(root.textContent).toContain("Lotline has not received this order yet.");
    expect(root.querySelector("s-link")).toBeNull();
  });

  it("says so when no line of the order is lot-tracked", async () => {
    const line = orderLine({ status: "untracked", lots: [] });
    const { root } = show({ [`GET ${ORDER_URL}`]: [{ status: 200, body: orderAnswer({}, [line]) }] });
    await findText(root, "No line of this order is lot-tracked.");
    expect(root.querySelector("s-table")).toBeNull();
  });

  it("shows a cancelled order as cancelled", async () => {
    const line = orderLine({ status: "released", lots: [] });
    const { root } = show({
      [`GET ${ORDER_URL}`]: [{ status: 200, body: orderAnswer({ status: "cancelled" }, [line]) }],
    });
    await findText(root, "its unshipped units went back to their lots");
    expect(byText(root, "s-badge", "Cancelled")).toHaveLength(1);
  });

  it("shows the app's message when loading fails, and Retry loads again", async () => {
    const { root, calls } = show({
      [`GET ${ORDER_URL}`]: [
        { status: 500, body: { message: "Lotline is restarting. Try again in a minute." } },
        { status: 200, body: orderAnswer() },
      ],
    });
    await findText(root, "Lotline is restarting. Try again in a minute.");
    click(byText(root, "s-button", "Retry")[0]);
    await findText(root, "LAV-2403-A");
    expect(root.textContent).not.toContain("Lotline is restarting");
    expect(calls).toHaveLength(2);
  });

  it("says where to open it when the page is not an order", async () => {
    const { root, calls } = show({}, "gid://shopify/DraftOrder/4");
    await findText(root, "Open this from an order's page");
    expect(calls).toHaveLength(0);
  });
});
