// The Lots page's filters, as the dashboard links to them: `?expiring=N` (stock expiring within
// N days) and `?status=expired|quarantined|…`. Pure: parsed from the URL, described for the
// merchant; a bad value is named and ignored rather than guessed at.

export const LOT_STATUSES = ["active", "quarantined", "recalled", "expired", "depleted"] as const;
export type LotStatusFilter = (typeof LOT_STATUSES)[number];

export type LotFilter = { kind: "expiring"; days: number } | { kind: "status"; status: LotStatusFilter };

export const MAX_EXPIRING_DAYS = 3650;

export function parseLotFilter(params: URLSearchParams): { filter: LotFilter | null; error: string | null } {
  const expiring = params.get("expiring");
  const status = params.get("status");
  if (expiring !== null && expiring !== "") {
    const days = Number(expiring);
    if (!/^\d+$/.test(expiring.trim()) || days < 1 || days > MAX_EXPIRING_DAYS) {
      return {
        filter: null,
        error: `The "expiring" filter takes a number of days from 1 to ${MAX_EXPIRING_DAYS}, such as expiring=30; showing all lots instead.`,
      };
    }
    return { filter: { kind: "expiring", days }, error: null };
  }
  if (status !== null && status !== "") {
    const wanted = status.trim().toLowerCase();
    if (!(LOT_STATUSES as readonly string[]).includes(wanted)) {
      return {
        filter: null,
        error: `The "status" filter takes one of ${LOT_STATUSES.join(", ")}; showing all lots instead.`,
      };
    }
    return { filter: { kind: "status", status: wanted as LotStatusFilter }, error: null };
  }
  return { filter: null, error: null };
}

/** What the filter shows, in the words the dashboard card used. */
export function describeLotFilter(filter: LotFilter): string {
  if (filter.kind === "expiring") {
    return `Lots with stock expiring within ${filter.days} ${filter.days === 1 ? "day" : "days"}`;
  }
  if (filter.status === "expired") return "Expired lots that still hold stock";
  if (filter.status === "quarantined") return "Lots with stock in quarantine";
  return `${filter.status[0].toUpperCase()}${filter.status.slice(1)} lots`;
}
