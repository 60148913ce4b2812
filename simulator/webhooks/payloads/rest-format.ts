// Shopify's REST conventions, which webhook bodies use: numeric ids beside the GraphQL id,
// times in the shop's offset, money as two-decimal strings with a `_set` twin, lower-case enums.
import { parseGid } from "../../store/ids";
import type { AddressFields, MailingAddressRecord } from "../../store/types";

/** The numeric (legacy REST) id inside a gid. */
export function restId(gid: string): number {
  const parsed = parseGid(gid);
  if (!parsed) throw new Error(`Not a Shopify global id: ${gid}`);
  return parsed.id;
}

export function restIdOrNull(gid: string | null | undefined): number | null {
  return gid ? restId(gid) : null;
}

/** "2026-03-01T09:00:00Z" in America/New_York becomes "2026-03-01T04:00:00-05:00", as REST writes it. */
export function restTime(iso: string, timeZone: string): string;
export function restTime(iso: string | null, timeZone: string): string | null;
export function restTime(iso: string | null, timeZone: string): string | null {
  if (iso === null) return null;
  const date = new Date(iso);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      timeZoneName: "longOffset",
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  // "GMT" alone means UTC; otherwise "GMT-05:00".
  const offset = parts.timeZoneName === "GMT" ? "+00:00" : parts.timeZoneName.replace("GMT", "");
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** Money in cents, so sums of prices do not pick up floating-point dust. */
export function cents(amount: string): number {
  return Math.round(Number.parseFloat(amount) * 100);
}

export function money(amountInCents: number): string {
  return (amountInCents / 100).toFixed(2);
}

export function moneySet(amountInCents: number, currencyCode: string) {
  const amount = money(amountInCents);
  return {
    shop_money: { amount, currency_code: currencyCode },
    presentment_money: { amount, currency_code: currencyCode },
  };
}

/** GraphQL enum values (`PARTIALLY_REFUNDED`) as REST spells them (`partially_refunded`). */
export function restEnum(value: string): string;
export function restEnum(value: string | null): string | null;
export function restEnum(value: string | null): string | null {
  return value === null ? null : value.toLowerCase();
}

/** REST joins tags into one comma-separated string. */
export function restTags(tags: readonly string[]): string {
  return tags.join(", ");
}

export function restAddress(address: MailingAddressRecord | null) {
  if (!address) return null;
  const name = [address.firstName, address.lastName].filter(Boolean).join(" ");
  return {
    first_name: address.firstName,
    address1: address.address1,
    phone: address.phone,
    city: address.city,
    zip: address.zip,
    province: address.province,
    country: address.country,
    last_name: address.lastName,
    address2: address.address2,
    company: address.company,
    latitude: null,
    longitude: null,
    name,
    country_code: address.countryCodeV2,
    province_code: address.provinceCode,
  };
}

/** A location's or shop's address fields as REST flattens them. */
export function restLocationAddress(address: AddressFields) {
  return {
    address1: address.address1,
    address2: address.address2,
    city: address.city,
    zip: address.zip,
    province: address.province,
    country: address.countryCode,
    phone: address.phone,
    country_code: address.countryCode,
    country_name: address.country,
    province_code: address.provinceCode,
  };
}
