// Which of the shop's expiry warning windows a lot is in: the trigger fires once per window.

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `today` (midnight UTC of the shop's calendar day) to the expiry date. */
export function daysUntil(expiresAt: Date, today: Date): number {
  return Math.round((expiresAt.getTime() - today.getTime()) / DAY_MS);
}

/**
 * The narrowest window (in days) the lot is within, or null when it is outside all of them or
 * already past its date. Only the narrowest: a lot received 10 days before expiry with windows
 * 30/60/90 is announced once, not three times.
 */
export function narrowestWarningWindow(daysLeft: number, windows: readonly number[]): number | null {
  if (daysLeft < 0) return null;
  const within = windows.filter((days) => daysLeft <= days);
  return within.length > 0 ? Math.min(...within) : null;
}

export function warningOccasion(windowDays: number): string {
  return `d${windowDays}`;
}
