/**
 * Scenario: somebody guesses passwords, for one account or across many from one address. After
 * the limit every attempt is 429 with Retry-After, even the right password; a real sign-in resets
 * the account's count; replicas sharing the store see one count.
 */
import { beforeAll, beforeEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { clientNetwork } from "../../src/platform/rate-limit.ts";
import { createPasswordHasher } from "../../src/users/password.ts";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import { RATE_LIMITS } from "../helpers/limits.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const SMALL = { windowSeconds: 60, maxPerEmail: 3, maxPerIp: 5 };
const limits = { ...RATE_LIMITS, login: SMALL };

for (const spec of BACKENDS) {
  describe(`login rate limits [${spec.name}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open(), { rateLimits: limits, trustProxy: true });
    });

    /**
     * Each test signs in from an address of its own, so the IP limit of one never touches another
     * (numbered, not random: two random picks out of 250 met often enough to fail a run).
     */
    let ip = "";
    let tests = 0;
    beforeEach(() => {
      ip = `192.0.2.${++tests}`;
    });
    const attempt = (email: string, password: string, from = ip, path = "/api/users/login") =>
      t.json<any>(path, { method: "POST", body: { email, password }, headers: { "x-forwarded-for": from } });

    test("past the e-mail's limit: 429 with Retry-After, even for the right password", async () => {
      const { email } = await t.signup();
      for (let i = 0; i < SMALL.maxPerEmail; i++) expect((await attempt(email, "wrong password")).status).toBe(401);
      const blocked = await attempt(email, PASSWORD);
      expect(blocked.status).toBe(429);
      expect(blocked.body).toEqual({ success: false, msg: expect.stringContaining("Try again") });
      const retryAfter = Number(blocked.response.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(SMALL.windowSeconds);
      expect(blocked.response.headers.getSetCookie()).toHaveLength(0);
    });

    test("a successful login resets the e-mail's count", async () => {
      const { email } = await t.signup();
      for (let i = 0; i < SMALL.maxPerEmail - 1; i++) await attempt(email, "wrong password");
      expect((await attempt(email, PASSWORD)).status).toBe(200);
      for (let i = 0; i < SMALL.maxPerEmail; i++) expect((await attempt(email, "wrong password")).status).toBe(401);
      expect((await attempt(email, "wrong password")).status).toBe(429);
    });

    test("past the IP's limit, across different accounts: 429; another IP is unaffected", async () => {
      for (let i = 0; i < SMALL.maxPerIp; i++)
        expect((await attempt(uniqueEmail(), "wrong password", ip)).status).toBe(401);
      expect((await attempt(uniqueEmail(), "wrong password", ip)).status).toBe(429);
      const { email } = await t.signup();
      expect((await attempt(email, PASSWORD, ip)).status).toBe(429);
      expect((await attempt(email, PASSWORD, "198.19.0.1")).status).toBe(200);
    });

    test("the token endpoint shares the count with login", async () => {
      const { email } = await t.signup();
      for (let i = 0; i < SMALL.maxPerEmail; i++) await attempt(email, "wrong password", undefined, "/api/users/token");
      expect((await attempt(email, PASSWORD)).status).toBe(429);
    });

    test("a parallel burst cannot slip past the limit", async () => {
      const { email } = await t.signup();
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          attempt(email, "wrong password", `198.51.100.${Math.floor(Math.random() * 250)}`),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 401)).toHaveLength(SMALL.maxPerEmail);
      expect(statuses.filter((s) => s === 429)).toHaveLength(10 - SMALL.maxPerEmail);
    });

    test("replicas sharing the store see one count", async () => {
      const shared = `test:${crypto.randomUUID()}:`;
      const a = await TestApp.create(t.backend, { rateLimits: limits, counterPrefix: shared });
      const b = await TestApp.create(t.backend, { rateLimits: limits, counterPrefix: shared });
      const { email } = await a.signup();
      const login = (app: TestApp, password: string) =>
        app.json("/api/users/login", { method: "POST", body: { email, password } });
      expect((await login(a, "wrong password")).status).toBe(401);
      expect((await login(b, "wrong password")).status).toBe(401);
      expect((await login(a, "wrong password")).status).toBe(401);
      expect((await login(b, PASSWORD)).status).toBe(429);
    });

    test("the real defaults: 10 per e-mail and 30 per IP in 15 minutes", async () => {
      expect(RATE_LIMITS.login).toEqual({ windowSeconds: 900, maxPerEmail: 10, maxPerIp: 30 });
      const real = await TestApp.create(t.backend, { trustProxy: true });
      const ip = "203.0.113.99";
      const login = (email: string, password: string) =>
        real.json("/api/users/login", {
          method: "POST",
          body: { email, password },
          headers: { "x-forwarded-for": ip },
        });
      const { email } = await real.signup();
      for (let i = 0; i < 10; i++) expect((await login(email, "wrong password")).status).toBe(401);
      const blocked = await login(email, PASSWORD);
      expect(blocked.status).toBe(429);
      const retryAfter = Number(blocked.response.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(850);
      expect(retryAfter).toBeLessThanOrEqual(900);
      // The IP has 10 failures; 20 more on other accounts reach 30, and the 31st is refused.
      for (let i = 0; i < 20; i++) expect((await login(uniqueEmail(), "wrong password")).status).toBe(401);
      expect((await login(uniqueEmail(), "wrong password")).status).toBe(429);
    }, 30_000);

    test("a login that fails for the server's own reason (503: hashing queue full) is not counted", async () => {
      // One hash at a time and no queue: of a burst, one is checked and the rest get 503.
      const busy = await TestApp.create(t.backend, {
        rateLimits: limits,
        trustProxy: true,
        passwords: createPasswordHasher({ concurrency: 1, maxQueue: 0 }),
      });
      const { email } = await busy.signup();
      // As many at once as the e-mail's limit: if the 503s counted, the limit would be reached.
      const burst = await Promise.all(
        Array.from({ length: SMALL.maxPerEmail }, () =>
          busy.json("/api/users/login", {
            method: "POST",
            body: { email, password: "wrong password" },
            headers: { "x-forwarded-for": ip },
          }),
        ),
      );
      const statuses = burst.map((r) => r.status).sort();
      expect(statuses[0]).toBe(401);
      expect(statuses.at(-1)).toBe(503);
      // The 503s counted for nothing: the right password still signs in.
      const ok = await busy.json("/api/users/login", {
        method: "POST",
        body: { email, password: PASSWORD },
        headers: { "x-forwarded-for": ip },
      });
      expect(ok.status).toBe(200);
    });

    test("an IPv6 client is counted by its /64: other addresses of the same network share the limit", async () => {
      const network = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:7`;
      for (let i = 0; i < SMALL.maxPerIp; i++) {
        const from = `${network}::${(i + 1).toString(16)}`;
        expect((await attempt(uniqueEmail(), "wrong password", from)).status).toBe(401);
      }
      expect((await attempt(uniqueEmail(), "wrong password", `${network}:ffff:ffff:ffff:ffff`)).status).toBe(429);
      expect((await attempt(uniqueEmail(), "wrong password", `${network.slice(0, -1)}8::1`)).status).toBe(401);
    });
  });
}

describe("clientNetwork: what a per-IP limit counts", () => {
  test("IPv4 as it is; IPv6 by its /64, however it is written", () => {
    expect(clientNetwork("203.0.113.7")).toBe("203.0.113.7");
    expect(clientNetwork("2001:db8:0:7::1")).toBe("2001:db8:0:7::/64");
    expect(clientNetwork("2001:0DB8:0000:0007:ffff:0:0:1")).toBe("2001:db8:0:7::/64");
    expect(clientNetwork("::1")).toBe("0:0:0:0::/64");
    expect(clientNetwork("fe80::1:2:3:4")).toBe("fe80:0:0:0::/64");
    expect(clientNetwork("::ffff:192.0.2.1")).toBe("::ffff:192.0.2.1");
    expect(clientNetwork("not an address")).toBe("not an address");
  });
});
