// Dates as merchants read them. Pages format on the server (in the shop's time zone) so the
// browser renders exactly the text the server did.

/** An instant, e.g. "Nov 20, 2026, 10:00 AM", in a time zone; UTC if the zone is unknown here. */
export function formatInstant(at: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone }).format(at);
  } catch {
    return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  }
}

/** A calendar date column (PostgreSQL DATE, travelling as UTC midnight or its ISO text) as YYYY-MM-DD. */
export function calendarDate(value: Date | string | null | undefined): string | null {
  if (value == null) return null;
  const text = typeof value === "string" ? value : value.toISOString();
  return text.slice(0, 10);
}

/** The calendar day of an instant in a time zone, e.g. "Nov 20, 2026"; UTC if the zone is unknown here. */
export function formatDay(at: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone }).format(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
}
