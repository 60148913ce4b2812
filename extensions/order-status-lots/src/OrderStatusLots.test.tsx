import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CustomerOrderRecallsResponse } from "../../../app/extension-api/types";
import { ApiError } from "../../shared/fetch-json";
import type { RecallsApi } from "./lotline-api";
import { OrderStatusLots } from "./OrderStatusLots";

type Recall = CustomerOrderRecallsResponse["recalls"][number];

const LINE = "gid://shopify/LineItem/11";
const METAFIELD = JSON.stringify({
  [LINE]: {
    lots: [{ code: "LAV-7", quantity: 2, shipped: 2, returned: 0, expiresAt: "2027-10-01", bestBefore: null }],
    serials: [],
  },
});

function recall(overrides: Partial<Recall> = {}): Recall {
  return {
    recallId: "r-1",
    number: 3,
    title: "Lavender Soap — possible contamination",
    notice: ["Product safety recall", "Stop using the soap and return it for a refund."],
    lotCodes: ["LAV-7"],
    acknowledgedAt: null,
    canAcknowledge: true,
    ...overrides,
  };
}

function fakeApi(recalls: Recall[] | Error): RecallsApi & { acknowledge: ReturnType<typeof vi.fn> } {
  return {
    loadRecalls: () => (recalls instanceof Error ? Promise.reject(recalls) : Promise.resolve(recalls)),
    acknowledge: vi.fn(async () => ({ ok: true, acknowledgedAt: "2026-11-21T12:00:00.000Z", message: "Thank you." })),
  };
}

let root: HTMLElement | null = null;

async function mount(props: { metafieldValue?: unknown; api: RecallsApi; titles?: Map<string, string> }) {
  root = document.createElement("div");
  document.body.append(root);
  const titles = props.titles ?? new Map([[LINE, "Lavender Soap"]]);
  await act(async () => {
    render(
      <OrderStatusLots
        metafieldValue={props.metafieldValue}
        loadLineTitles={async () => titles}
        api={props.api}
        locale="en-US"
      />,
      root as HTMLElement,
    );
  });
  await act(async () => {});
  return root;
}

function button(container: HTMLElement): HTMLElement | null {
  return container.querySelector("s-button");
}

afterEach(() => {
  if (root) render(null, root);
  root?.remove();
  root = null;
});

describe("the order status block", () => {
  it("shows each line's lot codes, quantities and expiry dates under the line's title", async () => {
    const view = await mount({ metafieldValue: METAFIELD, api: fakeApi([]) });
    expect(view.textContent).toContain("Lavender Soap");
    expect(view.textContent).toContain("Lot LAV-7 (2 units)");
    expect(view.textContent).toContain("Expires Oct 1, 2027");
    expect(view.querySelector("s-banner")).toBeNull();
  });

  it("says lot codes are still to come when the order has no allocations yet", async () => {
    const view = await mount({ metafieldValue: undefined, api: fakeApi([]) });
    expect(view.textContent).toContain("Lot codes appear here once the shop has assigned stock to your order.");
  });

  it("shows a recall notice of the customer's lots with the button to confirm reading it", async () => {
    const view = await mount({ metafieldValue: METAFIELD, api: fakeApi([recall()]) });
    const banner = view.querySelector("s-banner");
    expect(banner?.getAttribute("heading")).toBe("Product recall 3: Lavender Soap — possible contamination");
    expect(banner?.textContent).toContain("Stop using the soap and return it for a refund.");
    expect(banner?.textContent).toContain("Affected lots on this order: LAV-7");
    expect(button(view)?.textContent).toBe("I have read this notice");
  });

  it("records the confirmation and then shows when it was given instead of the button", async () => {
    const api = fakeApi([recall()]);
    const view = await mount({ metafieldValue: METAFIELD, api });
    await act(async () => {
      button(view)?.click();
    });
    expect(api.acknowledge).toHaveBeenCalledWith("r-1");
    expect(button(view)).toBeNull();
    expect(view.textContent).toContain("You confirmed reading this notice on Nov 21, 2026");
  });

  it("shows an earlier confirmation's time without asking again", async () => {
    const view = await mount({
      metafieldValue: METAFIELD,
      api: fakeApi([recall({ acknowledgedAt: "2026-11-20T12:00:00.000Z" })]),
    });
    expect(button(view)).toBeNull();
    expect(view.textContent).toContain("You confirmed reading this notice on Nov 20, 2026");
  });

  it("shows a closed recall's notice without a button", async () => {
    const view = await mount({ metafieldValue: METAFIELD, api: fakeApi([recall({ canAcknowledge: false })]) });
    expect(view.querySelector("s-banner")?.textContent).toContain("Stop using the soap");
    expect(button(view)).toBeNull();
  });

  it("keeps the button and shows Lotline's message when the confirmation is refused", async () => {
    const api = fakeApi([recall()]);
    api.acknowledge.mockRejectedValueOnce(
      new ApiError("Recall 3 is closed, so there is nothing left to confirm.", 409),
    );
    const view = await mount({ metafieldValue: METAFIELD, api });
    await act(async () => {
      button(view)?.click();
    });
    expect(view.textContent).toContain("Recall 3 is closed, so there is nothing left to confirm.");
    expect(button(view)).not.toBeNull();
  });

  it("still shows the lots, with a warning, when the recall information cannot be loaded", async () => {
    const view = await mount({
      metafieldValue: METAFIELD,
      api: fakeApi(new ApiError("Lotline could not be reached. Check your connection and try again.", 0)),
    });
    const banner = view.querySelector("s-banner");
    expect(banner?.getAttribute("tone")).toBe("warning");
    expect(banner?.textContent).toContain("Lotline could not be reached");
    expect(view.textContent).toContain("Lot LAV-7");
  });
});
