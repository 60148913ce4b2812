import { describe, expect, it } from "vitest";
import { rateLimitAddress } from "./client-address";

describe("the address a client's requests are counted under", () => {
  it("counts an IPv4 client by its address, however the socket reports it", () => {
    expect(rateLimitAddress("203.0.113.7")).toBe("203.0.113.7");
    expect(rateLimitAddress("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("counts every address of one IPv6 /64 together, so hopping within it does not help", () => {
    const first = rateLimitAddress("2001:db8:85a3:1:aaaa:bbbb:cccc:1");
    expect(rateLimitAddress("2001:db8:85a3:1::42")).toBe(first);
    expect(rateLimitAddress("2001:DB8:85A3:0001:ffff::9")).toBe(first);
    expect(rateLimitAddress("2001:db8:85a3:2::42")).not.toBe(first);
  });

  it("handles compressed IPv6 forms", () => {
    expect(rateLimitAddress("::1")).toBe("0:0:0:0::/64");
    expect(rateLimitAddress("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });

  it("puts a request without a readable address in one shared bucket", () => {
    expect(rateLimitAddress(undefined)).toBe("unknown");
    expect(rateLimitAddress("not an address")).toBe("unknown");
  });
});
