// The key a client's requests are counted under for rate limits. An IPv6 client usually holds a
// whole /64 and can pick any address in it, so IPv6 is counted per /64; IPv4-mapped IPv6
// addresses (how Node reports IPv4 on a dual-stack socket) count as the IPv4 address.
import { isIPv4, isIPv6 } from "node:net";

export function rateLimitAddress(ip: string | null | undefined): string {
  const address = (ip ?? "").trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(address)) return address;
  if (isIPv6(address)) return `${expandIPv6(address).slice(0, 4).join(":")}::/64`;
  return "unknown";
}

function expandIPv6(address: string): string[] {
  const withoutZone = address.split("%")[0];
  const [head, tail] = withoutZone.includes("::") ? withoutZone.split("::") : [withoutZone, null];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = tail === null ? headGroups : [...headGroups, ...Array(missing).fill("0"), ...tailGroups];
  return groups.map((group) => Number.parseInt(group || "0", 16).toString(16));
}
