// How a lot's dates and state read to a merchant in the admin extensions: one wording for the
// order block, the order action and the product block, matching the app's own pages.
import type { ProductLotsResponse } from "../../app/extension-api/types";

export type LotStatus = ProductLotsResponse["variants"][number]["locations"][number]["lots"][number]["status"];
export type Tone = "auto" | "neutral" | "info" | "success" | "caution" | "warning" | "critical";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * "2026-03-09" → "Mar 9, 2026". The API sends calendar dates in the shop's time zone, so they are
 * formatted as text, never through Date (which would shift them into the browser's zone).
 */
export function formatCalendarDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || !month) return date;
  return `${month} ${Number(match[3])}, ${match[1]}`;
}

export function expiryText(expiresAt: string | null): string {
  return expiresAt === null ? "No expiry date" : `Expires ${formatCalendarDate(expiresAt)}`;
}

/** How long a lot has left, when the API says how many days: "Expires today", "Expired 3 days ago". */
export function daysLeftText(daysLeft: number): string {
  if (daysLeft === 0) return "Expires today";
  if (daysLeft === 1) return "Expires tomorrow";
  if (daysLeft > 1) return `Expires in ${daysLeft} days`;
  if (daysLeft === -1) return "Expired yesterday";
  return `Expired ${-daysLeft} days ago`;
}

const LOT_STATUS: Record<LotStatus, { label: string; tone: Tone }> = {
  active: { label: "Active", tone: "success" },
  quarantined: { label: "Quarantined", tone: "warning" },
  recalled: { label: "Recalled", tone: "critical" },
  expired: { label: "Expired", tone: "critical" },
  depleted: { label: "Depleted", tone: "neutral" },
};

/** The badge of a lot's status; an unknown status (a newer app) still reads as itself. */
export function lotStatusBadge(status: string): { label: string; tone: Tone } {
  return (
    LOT_STATUS[status as LotStatus] ?? { label: status.charAt(0).toUpperCase() + status.slice(1), tone: "neutral" }
  );
}

export function unitsText(count: number): string {
  return count === 1 ? "1 unit" : `${count} units`;
}
