// How the recall pages word numbers: durations, shares and the names of steps and choices.
// Pure, so the server-rendered text and the browser's agree.

/** "3 min 12 s", "45 s", "2 h 5 min": the time from "send" to "all notices sent". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A progress fraction as the whole percent shown on the bar; 100 only when everything is done. */
export function progressPercent(progress: number): number {
  if (progress >= 1) return 100;
  return Math.min(99, Math.max(0, Math.floor(progress * 100)));
}

export function countWithShare(count: number, percent: number): string {
  return `${count} (${percent.toLocaleString("en-US", { maximumFractionDigits: 1 })} %)`;
}

/**
 * The per-hour figures with the running totals as shares of the targeted customers: how the
 * recall's reach grew over time, the figure an authority asks for.
 */
export function withRunningShares(timeline: { at: string; sent: number; acknowledged: number }[], targeted: number) {
  let sent = 0;
  let acknowledged = 0;
  const share = (count: number) => (targeted === 0 ? 0 : Math.round((count / targeted) * 1000) / 10);
  return timeline.map((hour) => {
    sent += hour.sent;
    acknowledged += hour.acknowledged;
    return { ...hour, sentShare: share(sent), acknowledgedShare: share(acknowledged) };
  });
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export const STOCK_STEPS = {
  quarantine_stock: {
    title: "Quarantine remaining stock",
    help: "Moves the lots' units still on the shelf out of sale in Shopify (to quality control).",
    apply: "Quarantine stock",
    revert: "Release stock",
  },
  hold_orders: {
    title: "Hold unshipped orders",
    help: "Puts a fulfillment hold on orders not yet shipped with these lots and tags them recall-hold.",
    apply: "Hold orders",
    revert: "Release holds",
  },
  tag_orders: {
    title: "Tag affected orders",
    help: "Tags every order with these lots recall:<number>, so staff and Flow can find them.",
    apply: "Tag orders",
    revert: "Remove tags",
  },
} as const;

export const ACTION_STATUS_LABEL = {
  applying: "Working",
  applied: "In effect",
  reverting: "Undoing",
  reverted: "Undone",
  failed: "Failed",
} as const;

export const CUSTOMER_ACTION_LABEL = { stop_using: "Stop using", return: "Return", dispose: "Dispose" } as const;
export const REMEDY_LABEL = { refund: "Refund", replacement: "Replacement", repair: "Repair" } as const;
export const JURISDICTION_LABEL = {
  eu_gpsr: "EU General Product Safety Regulation",
  us_fda_food: "US FDA (food)",
  us_cpsc: "US CPSC (consumer products)",
  generic: "Generic notice",
} as const;
export const STATUS_LABEL = { draft: "Draft", sent: "Sent", closed: "Closed" } as const;
