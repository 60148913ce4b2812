import { describe, expect, it, vi } from "vitest";
import type { LineLotOptionsResponse } from "../../../app/extension-api/types";
import {
  type Answer,
  byText,
  click,
  findText,
  mount,
  stubFetch,
  stubShopify,
  typeInto,
  waitForAttribute,
} from "../../shared/admin-test-support";
import {
  LINE_ID,
  LOT_A,
  LOT_B,
  ORDER_GID,
  ORDER_URL,
  orderAnswer,
  orderLine,
  SERIAL_LINE_ID,
} from "../../shared/order-lots-fixtures";
import { OrderLotsAction } from "./order-lots-action";

const LOTS_URL = `/api/admin/orders/1001/lines/${LINE_ID}/lots`;
const SERIAL_LOTS_URL = `/api/admin/orders/1001/lines/${SERIAL_LINE_ID}/lots`;
const LOT_C = "2b0e4c55-8a8c-4e59-b7a4-0c3c6f0a0a03";

const serialLine = orderLine({
  id: SERIAL_LINE_ID,
  title: "Candle jar",
  sku: "CANDLE",
  quantity: 3,
  shipped: 0,
  serialTracked: true,
  serialsMissing: 3,
});

const options: LineLotOptionsResponse = {
  lineId: LINE_ID,
  options: [
    {
      lotId: LOT_A,
      code: "LAV-2403-A",
      expiresAt: "2026-03-09",
      status: "active",
      available: 10,
      allocatedToLine: 4,
      excludedReason: null,
    },
    {
      lotId: LOT_B,
      code: "LAV-2409-B",
      expiresAt: "2026-09-01",
      status: "active",
      available: 20,
      allocatedToLine: 0,
      excludedReason: null,
    },
    {
      lotId: LOT_C,
      code: "LAV-2311-X",
      expiresAt: "2025-11-01",
      status: "expired",
      available: 0,
      allocatedToLine: 0,
      excludedReason: "Expired on Nov 1, 2025",
    },
  ],
};

function open(answers: Record<string, Answer[]>) {
  const shopify = stubShopify("admin.order-details.action.render", ORDER_GID);
  const fetch = stubFetch(answers);
  return { root: mount(<OrderLotsAction />), shopify, ...fetch };
}

function field(root: HTMLElement, tag: string, label: string): Element {
  const found = [...root.querySelectorAll(tag)].find((element) => element.getAttribute("label")?.startsWith(label));
  if (!found) throw new Error(`no ${tag} labelled ${label}`);
  return found;
}

const save = (root: HTMLElement, label: string) => click(byText(root, "s-button", label)[0]);

describe("order lots action: re-allocating a line", () => {
  const answers = () => ({
    [`GET ${ORDER_URL}`]: [{ status: 200, body: orderAnswer() }],
    [`GET ${LOTS_URL}`]: [{ status: 200, body: options }],
  });

  it("offers the line's lots with what each holds now, and says why a lot cannot be chosen", async () => {
    const { root } = open(answers());
    expect(root.querySelector("s-admin-action")?.hasAttribute("loading")).toBe(true);
    await findText(root, "4 of 4 unshipped units chosen");
    expect(field(root, "s-number-field", "LAV-2403-A").getAttribute("value")).toBe("4");
    expect(field(root, "s-number-field", "LAV-2403-A").getAttribute("label")).toBe(
      "LAV-2403-A · Expires Mar 9, 2026 · 10 available",
    );
    const expired = field(root, "s-number-field", "LAV-2311-X");
    expect(expired.hasAttribute("disabled")).toBe(true);
    expect(expired.getAttribute("details")).toBe("Expired on Nov 1, 2025");
  });

  it("asks for a reason and refuses more units than the line has unshipped, without sending", async () => {
    const { root, calls } = open(answers());
    await findText(root, "4 of 4 unshipped units chosen");
    await typeInto(field(root, "s-number-field", "LAV-2409-B"), "2");
    await findText(root, "6 of 4 unshipped units chosen");
    save(root, "Save lots");
    await findText(root, "Choose at most 4 units in all");
    expect(field(root, "s-text-field", "Reason").getAttribute("error")).toBe(
      "Give a reason, e.g. “customer asked for a fresher batch”.",
    );
    expect(root.querySelector("s-banner")?.getAttribute("heading")).toBe("2 fields need fixing; nothing was changed.");
    expect(calls.filter((call) => call.method === "POST")).toHaveLength(0);
  });

  it("names a quantity that is not a whole number on its field", async () => {
    const { root } = open(answers());
    await findText(root, "4 of 4 unshipped units chosen");
    await typeInto(field(root, "s-number-field", "LAV-2403-A"), "1.5");
    await typeInto(field(root, "s-text-field", "Reason"), "Fresher batch");
    save(root, "Save lots");
    await waitForAttribute(() => field(root, "s-number-field", "LAV-2403-A"), "error");
    expect(field(root, "s-number-field", "LAV-2403-A").getAttribute("error")).toBe(
      "Enter a whole number of units, 0 or more.",
    );
  });

  it("sends the chosen lots and reason, then confirms with a toast and closes", async () => {
    const { root, calls, shopify } = open({
      ...answers(),
      "POST /api/admin/orders/1001/reallocate": [
        { status: 200, body: { ok: true, message: "Lavender soap now ships from LAV-2409-B.", fields: {} } },
      ],
    });
    await findText(root, "4 of 4 unshipped units chosen");
    await typeInto(field(root, "s-number-field", "LAV-2403-A"), "0");
    await typeInto(field(root, "s-number-field", "LAV-2409-B"), "4");
    await typeInto(field(root, "s-text-field", "Reason"), "  Customer asked for a fresher batch ");
    save(root, "Save lots");
    await vi.waitFor(() => expect(shopify.close).toHaveBeenCalledTimes(1));
    expect(calls.at(-1)).toEqual({
      method: "POST",
      url: "/api/admin/orders/1001/reallocate",
      body: { lineId: LINE_ID, reason: "Customer asked for a fresher batch", lots: [{ lotId: LOT_B, quantity: 4 }] },
    });
    expect(shopify.toast.show).toHaveBeenCalledWith("Lavender soap now ships from LAV-2409-B.");
  });

  it("shows the app's field message next to the lot it names and stays open", async () => {
    const { root, shopify } = open({
      ...answers(),
      "POST /api/admin/orders/1001/reallocate": [
        {
          status: 422,
          body: {
            ok: false,
            message: "Lot LAV-2409-B is quarantined and cannot be allocated.",
            fields: { [`lots.${LOT_B}`]: "Quarantined since this morning", other: "The order changed meanwhile." },
          },
        },
      ],
    });
    await findText(root, "4 of 4 unshipped units chosen");
    await typeInto(field(root, "s-number-field", "LAV-2403-A"), "");
    await typeInto(field(root, "s-number-field", "LAV-2409-B"), "4");
    await typeInto(field(root, "s-text-field", "Reason"), "Fresher batch");
    save(root, "Save lots");
    await findText(root, "The order changed meanwhile.");
    expect(root.querySelector("s-banner")?.getAttribute("heading")).toBe(
      "Lot LAV-2409-B is quarantined and cannot be allocated.",
    );
    expect(field(root, "s-number-field", "LAV-2409-B").getAttribute("error")).toBe("Quarantined since this morning");
    expect(shopify.close).not.toHaveBeenCalled();
  });
});

describe("order lots action: serial numbers", () => {
  const answers = (post?: Answer) => ({
    [`GET ${ORDER_URL}`]: [{ status: 200, body: orderAnswer({}, [orderLine({ canReallocate: false }), serialLine]) }],
    [`GET ${SERIAL_LOTS_URL}`]: [{ status: 200, body: { ...options, lineId: SERIAL_LINE_ID } }],
    ...(post ? { "POST /api/admin/orders/1001/serials": [post] } : {}),
  });

  it("offers only lines with something to change and starts with the serial numbers a line lacks", async () => {
    const { root } = open(answers());
    await findText(root, "0 entered · 3 still missing");
    const lineOptions = [...root.querySelectorAll("s-select[label='Line'] s-option")].map(
      (option) => option.textContent,
    );
    expect(lineOptions).toEqual(["Candle jar (CANDLE) · 3 unshipped"]);
    expect(field(root, "s-select", "Change").getAttribute("value")).toBe("serials");
  });

  it("counts scanned serial numbers and refuses one entered twice", async () => {
    const { root, calls } = open(answers());
    await findText(root, "0 entered · 3 still missing");
    await typeInto(field(root, "s-text-area", "Serial numbers"), "SN-1\nSN-2\n\nSN-1\n");
    await findText(root, "3 entered · none missing");
    save(root, "Save serial numbers");
    await waitForAttribute(() => field(root, "s-text-area", "Serial numbers"), "error");
    expect(field(root, "s-text-area", "Serial numbers").getAttribute("error")).toBe(
      "SN-1 is entered twice; each unit has its own serial number.",
    );
    expect(calls.filter((call) => call.method === "POST")).toHaveLength(0);
  });

  it("sends the serial numbers and closes with the app's message", async () => {
    const { root, calls, shopify } = open(
      answers({ status: 200, body: { ok: true, message: "2 serial numbers saved for Candle jar.", fields: {} } }),
    );
    await findText(root, "0 entered · 3 still missing");
    await typeInto(field(root, "s-text-area", "Serial numbers"), "SN-1\r\nSN-2");
    await findText(root, "2 entered · 1 still missing");
    save(root, "Save serial numbers");
    await vi.waitFor(() => expect(shopify.close).toHaveBeenCalledTimes(1));
    expect(calls.at(-1)?.body).toEqual({ lineId: SERIAL_LINE_ID, serials: ["SN-1", "SN-2"] });
    expect(shopify.toast.show).toHaveBeenCalledWith("2 serial numbers saved for Candle jar.");
  });

  it("shows the app's refusal on the serial numbers field", async () => {
    const { root, shopify } = open(
      answers({
        status: 422,
        body: {
          ok: false,
          message: "A field needs fixing; nothing was changed.",
          fields: { serials: "SN-9 is already shipped with another order." },
        },
      }),
    );
    await findText(root, "0 entered · 3 still missing");
    await typeInto(field(root, "s-text-area", "Serial numbers"), "SN-9");
    save(root, "Save serial numbers");
    await waitForAttribute(() => field(root, "s-text-area", "Serial numbers"), "error");
    expect(field(root, "s-text-area", "Serial numbers").getAttribute("error")).toBe(
      "SN-9 is already shipped with another order.",
    );
    expect(shopify.close).not.toHaveBeenCalled();
  });

  it("switches the same line to choosing lots", async () => {
    const { root } = open(answers());
    await findText(root, "0 entered · 3 still missing");
    await typeInto(field(root, "s-select", "Change"), "lots", "change");
    await findText(root, "of 3 unshipped units chosen");
    expect(root.querySelector("s-text-area")).toBeNull();
  });
});

describe("order lots action: nothing to change", () => {
  it("says why when Lotline has not processed the order", async () => {
    const { root } = open({
      [`GET ${ORDER_URL}`]: [
        { status: 200, body: orderAnswer({ id: null, appPath: null, status: "not_processed" }, []) },
      ],
    });
    await findText(root, "Lotline has not received this order yet.");
    expect(root.querySelector("s-select")).toBeNull();
  });

  it("shows why the order could not be loaded, with Retry", async () => {
    const { root } = open({
      [`GET ${ORDER_URL}`]: [{ status: 404, body: { message: "This order is not in your shop." } }],
    });
    await findText(root, "This order is not in your shop.");
    expect(byText(root, "s-button", "Retry")).toHaveLength(1);
  });

  it("closes on Cancel", async () => {
    const { root, shopify } = open({ [`GET ${ORDER_URL}`]: [{ status: 200, body: orderAnswer() }] });
    click(byText(root, "s-button", "Cancel")[0]);
    expect(shopify.close).toHaveBeenCalledTimes(1);
  });
});
