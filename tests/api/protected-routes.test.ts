/**
 * Scenario: a signed-in browser tab (cookies + X-CSRF-TOKEN), a script with a bearer token,
 * and an attacker holding forged, tampered or stale tokens, all calling protected routes.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { TEST_SECRET, TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

async function sign(header: unknown, payload: unknown, secret = TEST_SECRET, hash = "SHA-256"): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash }, false, [
    "sign",
  ]);
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(input));
  return `${input}.${Buffer.from(signature).toString("base64url")}`;
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString());
}

for (const spec of BACKENDS) {
  describe(`protected routes [${spec.name}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
    });

    const me = (options: Parameters<TestApp["json"]>[1] = {}) => t.json<any>("/api/users/me", options);

    test("GET /me with the session cookie: 200 and the user; no CSRF needed for GET", async () => {
      const { jar, email } = await t.signedIn();
      const { status, body } = await me({ jar });
      expect(status).toBe(200);
      expect(body).toEqual({ success: true, user: expect.objectContaining({ email }) });
    });

    test("GET /me with no token: 401 in the error shape", async () => {
      const { status, body } = await me();
      expect(status).toBe(401);
      expect(body).toEqual({ success: false, msg: expect.any(String) });
    });

    test("a bearer token works without CSRF, and wins over a cookie", async () => {
      const a = await t.signedIn({ username: "alice" });
      const b = await t.signedIn({ username: "bob" });
      const bearer = b.jar.get("access_token_cookie") as string;
      const res = await me({ jar: a.jar, headers: { authorization: `Bearer ${bearer}` } });
      expect(res.status).toBe(200);
      expect(res.body.user.username).toBe("bob");
      const update = await t.json<any>("/api/users/update", {
        method: "PUT",
        body: { username: "bobby" },
        headers: { authorization: `Bearer ${bearer}` },
      });
      expect(update.status).toBe(200);
      expect(update.body.user.username).toBe("bobby");
    });

    test("two access-token cookies (one tossed in from a sibling subdomain): 401, and both cookies cleared", async () => {
      const victim = await t.signedIn({ username: "victim" });
      const attacker = await t.signedIn({ username: "attacker" });
      const mine = victim.jar.get("access_token_cookie") as string;
      const theirs = attacker.jar.get("access_token_cookie") as string;
      for (const cookie of [
        `access_token_cookie=${theirs}; access_token_cookie=${mine}`,
        `access_token_cookie=${mine}; access_token_cookie=${theirs}`,
      ]) {
        const res = await t.request("/api/users/me", { headers: { cookie } });
        expect(res.status).toBe(401);
        const cleared = res.headers.getSetCookie();
        expect(cleared.map((c) => c.split("=")[0]).sort()).toEqual(["access_token_cookie", "csrf_access_token"]);
        for (const c of cleared) expect(c).toContain("Max-Age=0");
      }
      // One cookie alone is still fine.
      expect((await t.request("/api/users/me", { headers: { cookie: `access_token_cookie=${mine}` } })).status).toBe(
        200,
      );
    });

    test("a broken bearer header is 401 even with a good cookie beside it", async () => {
      const { jar } = await t.signedIn();
      expect((await me({ jar, headers: { authorization: "Bearer not.a.jwt" } })).status).toBe(401);
    });

    test("a cookie-authenticated PUT/POST needs X-CSRF-TOKEN equal to the signed claim (403 otherwise)", async () => {
      const { jar } = await t.signedIn();
      const put = (headers: Record<string, string>, j = jar) =>
        t.json<any>("/api/users/update", { method: "PUT", body: { username: "changed" }, jar: j, headers });
      expect((await put({})).status).toBe(403);
      expect((await put({ "x-csrf-token": "wrong" })).status).toBe(403);
      const real = jar.get("csrf_access_token") as string;
      expect((await put({ "x-csrf-token": real.slice(0, -1) + (real.endsWith("A") ? "B" : "A") })).status).toBe(403);
      // A tossed CSRF cookie (attacker-set) matches nothing: the header must equal the signed claim.
      const forged = jar.clone();
      forged.cookies.set("csrf_access_token", { name: "csrf_access_token", value: "attacker", attributes: new Map() });
      expect((await put({ "x-csrf-token": "attacker" }, forged)).status).toBe(403);
      const ok = await put({ "x-csrf-token": real });
      expect(ok.status).toBe(200);
      expect(ok.body.user.username).toBe("changed");
      const logout = await t.json("/api/users/logout", { method: "POST", jar });
      expect(logout.status).toBe(403);
    });

    describe("the rejection list: each of these is 401", () => {
      let good: Record<string, unknown>;
      beforeAll(async () => {
        const { jar } = await t.signedIn();
        good = claimsOf(jar.get("access_token_cookie") as string);
      });
      const now = () => Math.floor(Date.now() / 1000);
      const header = { alg: "HS256", typ: "JWT" };
      const cases: Array<[string, () => Promise<string>]> = [
        ["malformed", async () => "abc.def"],
        ["bad signature (other key)", () => sign(header, good, "another-secret-that-is-32-bytes-long!!")],
        ["alg none", async () => `${b64({ alg: "none", typ: "JWT" })}.${b64(good)}.`],
        [
          "alg none with our signature",
          async () => (await sign(header, good)).replace(b64(header), b64({ alg: "none" })),
        ],
        ["alg HS512", () => sign({ alg: "HS512", typ: "JWT" }, good, TEST_SECRET, "SHA-512")],
        ["alg HS384", () => sign({ alg: "HS384", typ: "JWT" }, good, TEST_SECRET, "SHA-384")],
        ["crit header", () => sign({ ...header, crit: ["exp"] }, good)],
        ["expired", () => sign(header, { ...good, auth_time: now() - 1000, iat: now() - 1000, exp: now() - 10 })],
        ["iat in the future", () => sign(header, { ...good, iat: now() + 120, exp: now() + 900 })],
        ["nbf in the future", () => sign(header, { ...good, nbf: now() + 120 })],
        ["type refresh", () => sign(header, { ...good, type: "refresh" })],
        ["missing jti", () => sign(header, { ...good, jti: undefined })],
        ["missing sub", () => sign(header, { ...good, sub: undefined })],
        ["missing exp", () => sign(header, { ...good, exp: undefined })],
        ["missing csrf", () => sign(header, { ...good, csrf: undefined })],
        ["missing auth_time", () => sign(header, { ...good, auth_time: undefined })],
        ["sub of no user", () => sign(header, { ...good, sub: crypto.randomUUID() })],
        ["sub not a UUID", () => sign(header, { ...good, sub: "1 or 1=1" })],
        ["past the absolute lifetime", () => sign(header, { ...good, auth_time: now() - 13 * 3600 })],
        ["payload not an object", () => sign(header, [good])],
      ];
      for (const [name, make] of cases) {
        test(name, async () => {
          const token = await make();
          expect((await me({ headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
          expect((await me({ headers: { cookie: `access_token_cookie=${token}` } })).status).toBe(401);
        });
      }
      test("the control: the same construction with the real claims is accepted", async () => {
        expect((await me({ headers: { authorization: `Bearer ${await sign(header, good)}` } })).status).toBe(200);
      });
      test("kid/jku/jwk/x5u never pick a key", async () => {
        const token = await sign(
          {
            ...header,
            kid: "../../dev/null",
            jku: "http://evil.example/jwks",
            jwk: { kty: "oct", k: "AA" },
            x5u: "http://evil",
          },
          good,
          "attacker-key-attacker-key-attacker-key!",
        );
        expect((await me({ headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
      });
    });

    test("implicit refresh: past half the TTL a cookie request gets both cookies anew; the old token still works", async () => {
      const { jar } = await t.signedIn();
      const old = jar.get("access_token_cookie") as string;
      const oldClaims = claimsOf(old);

      const early = await t.request("/api/users/me", { jar });
      expect(early.headers.getSetCookie()).toHaveLength(0);

      t.clockOffset = 451; // more than half of 900 s gone
      try {
        const before = jar.clone();
        const res = await t.request("/api/users/me", { jar });
        expect(res.status).toBe(200);
        const names = res.headers
          .getSetCookie()
          .map((c) => c.split("=")[0])
          .sort();
        expect(names).toEqual(["access_token_cookie", "csrf_access_token"]);
        const fresh = claimsOf(jar.get("access_token_cookie") as string);
        expect(fresh.jti).not.toBe(oldClaims.jti);
        expect(fresh.csrf).not.toBe(oldClaims.csrf);
        expect(fresh.auth_time).toBe(oldClaims.auth_time);
        expect(jar.get("csrf_access_token")).toBe(fresh.csrf as string);
        expect(fresh.exp as number).toBeGreaterThan(oldClaims.exp as number);
        // The old token stays valid until its own exp.
        expect((await t.request("/api/users/me", { jar: before })).status).toBe(200);
        // The refreshed pair works for a write.
        const put = await t.request("/api/users/update", {
          method: "PUT",
          body: { username: "fresh" },
          jar,
          csrf: true,
        });
        expect(put.status).toBe(200);
      } finally {
        t.clockOffset = 0;
      }
    });

    test("authenticated answers tell the token's and the session's expiry (no secret), and follow a refresh", async () => {
      const { jar } = await t.signedIn();
      const claims = claimsOf(jar.get("access_token_cookie") as string);
      const res = await t.request("/api/users/me", { jar });
      expect(Number(res.headers.get("x-token-expires-at"))).toBe(claims.exp as number);
      expect(Number(res.headers.get("x-session-expires-at"))).toBe((claims.auth_time as number) + 12 * 3600);
      t.clockOffset = 500;
      try {
        const refreshed = await t.request("/api/users/me", { jar });
        expect(Number(refreshed.headers.get("x-token-expires-at"))).toBe(
          claimsOf(jar.get("access_token_cookie") as string).exp as number,
        );
        expect(Number(refreshed.headers.get("x-token-expires-at"))).toBeGreaterThan(claims.exp as number);
      } finally {
        t.clockOffset = 0;
      }
    });

    test("bearer requests are never refreshed through cookies", async () => {
      const { jar } = await t.signedIn();
      t.clockOffset = 600;
      try {
        const res = await t.request("/api/users/me", {
          headers: { authorization: `Bearer ${jar.get("access_token_cookie")}` },
        });
        expect(res.status).toBe(200);
        expect(res.headers.getSetCookie()).toHaveLength(0);
      } finally {
        t.clockOffset = 0;
      }
    });

    test("expired at exp: 401 after the TTL with no activity", async () => {
      const { jar } = await t.signedIn();
      t.clockOffset = 901;
      try {
        expect((await me({ jar })).status).toBe(401);
      } finally {
        t.clockOffset = 0;
      }
    });

    test("the absolute lifetime: refreshing keeps auth_time, and past SESSION_MAX_AGE the session ends", async () => {
      const short = await TestApp.create(t.backend, { ttlSeconds: 600, sessionMaxAgeSeconds: 1000 });
      const { jar } = await short.signedIn();
      const authTime = claimsOf(jar.get("access_token_cookie") as string).auth_time as number;
      short.clockOffset = 400; // refreshed: exp capped at auth_time + 1000
      expect((await short.request("/api/users/me", { jar })).status).toBe(200);
      const refreshed = claimsOf(jar.get("access_token_cookie") as string);
      expect(refreshed.auth_time).toBe(authTime);
      expect(refreshed.exp).toBe(authTime + 1000);
      short.clockOffset = 950; // no later token can be had: no refresh
      const late = await short.request("/api/users/me", { jar });
      expect(late.status).toBe(200);
      expect(late.headers.getSetCookie()).toHaveLength(0);
      short.clockOffset = 1001;
      expect((await short.request("/api/users/me", { jar })).status).toBe(401);
    });
  });
}
