/**
 * Scenario: somebody guesses passwords, for one account or across many from one address. After
 * the limit every attempt is 429 with Retry-After, even the right password; a real sign-in resets
 * the account's count; replicas sharing the store see one count.
 */
import { beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { LOGIN_LIMITS } from "../../src/platform/rate-limit.ts";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";

const SMALL = { windowSeconds: 60, maxPerEmail: 3, maxPerIp: 5 };

for (const spec of BACKENDS) {
  describe(`login rate limits [${spec.name}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open(), { loginLimits: SMALL, trustProxy: true });
    });

    /** Each test signs in from an address of its own, so the IP limit of one never touches another. */
    let ip = "";
    beforeEach(() => {
      ip = `192.0.2.${Math.floor(Math.random() * 250) + 1}`;
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
      const a = await TestApp.create(t.backend, { loginLimits: SMALL, counterPrefix: shared });
      const b = await TestApp.create(t.backend, { loginLimits: SMALL, counterPrefix: shared });
      const { email } = await a.signup();
      const login = (app: TestApp, password: string) =>
        app.json("/api/users/login", { method: "POST", body: { email, password } });
      expect((await login(a, "wrong password")).status).toBe(401);
      expect((await login(b, "wrong password")).status).toBe(401);
      expect((await login(a, "wrong password")).status).toBe(401);
      expect((await login(b, PASSWORD)).status).toBe(429);
    });

    test("the real defaults: 10 per e-mail and 30 per IP in 15 minutes", async () => {
      expect(LOGIN_LIMITS).toEqual({ windowSeconds: 900, maxPerEmail: 10, maxPerIp: 30 });
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
  });
}
