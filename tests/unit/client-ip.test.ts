/** Which address a request comes from: X-Forwarded-For only behind our own proxy. */
import { describe, expect, test } from "bun:test";
import { clientIp } from "../../src/http/client-ip.ts";

const request = (xff?: string) => new Request("http://localhost/", { headers: xff ? { "x-forwarded-for": xff } : {} });

describe("clientIp", () => {
  test("without TRUST_PROXY the header is ignored (a client could write anything there)", () => {
    expect(clientIp(request("1.2.3.4"), "10.0.0.1", false)).toBe("10.0.0.1");
  });

  test("with TRUST_PROXY the last entry, the one our proxy appended, is the client", () => {
    expect(clientIp(request("6.6.6.6, 203.0.113.5"), "10.0.0.1", true)).toBe("203.0.113.5");
    expect(clientIp(request("2001:db8::1"), "10.0.0.1", true)).toBe("2001:db8::1");
  });

  test("an IPv4 client on a dual-stack socket is shown as plain IPv4", () => {
    expect(clientIp(request(), "::ffff:127.0.0.1", false)).toBe("127.0.0.1");
    expect(clientIp(request("::ffff:203.0.113.9"), null, true)).toBe("203.0.113.9");
    expect(clientIp(request(), "::1", false)).toBe("::1");
  });

  test("a missing or malformed header falls back to the socket", () => {
    expect(clientIp(request(), "10.0.0.1", true)).toBe("10.0.0.1");
    expect(clientIp(request("not an ip; drop table"), "10.0.0.1", true)).toBe("10.0.0.1");
    expect(clientIp(request(), null, true)).toBeNull();
  });
});
