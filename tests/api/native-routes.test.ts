/**
 * Scenario: the hottest reads (GET /api/users/me, GET /api/auth/verify) are served by Bun's own
 * router, outside Elysia's hooks (src/http/native.ts). Whoever asks, and however, they must answer
 * exactly as the documented Elysia route of the same path does: the same request, asked over real
 * HTTP of a listening server, through app.handle, and of the Elysia app itself (app.fetch, which
 * the native routes do not reach), gives the same status, body and headers.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { decodeJwt } from "jose";
import { createLogger } from "../../src/http/log.ts";
import { TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import type { CookieJar } from "../helpers/cookie-jar.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

/** What may differ between two answers to the same request: the time, the request id, a token's own id. */
async function comparable(response: Response) {
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) {
    if (name === "date" || name === "x-request-id" || name === "set-cookie") continue;
    if (name === "x-auth-assertion") {
      const { iat: _, exp: __, jti: ___, ...claims } = decodeJwt(value);
      headers[name] = JSON.stringify(claims);
    } else headers[name] = value;
  }
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.replace(/=[^;]*/, "=…"));
  // Parsed: the same members (a member the documented schema does not name would differ), in any order.
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : text, headers, cookies };
}

for (const spec of BACKENDS) {
  describe(`hot routes on Bun's router [${spec.name}]`, () => {
    let t: TestApp;
    let base: string;
    const lines: string[] = [];
    beforeAll(async () => {
      t = await TestApp.create(await spec.open(), { logger: createLogger((line) => lines.push(line)) });
      t.app.listen({ hostname: "127.0.0.1", port: 0 });
      base = `http://127.0.0.1:${t.app.server?.port}`;
    });
    afterAll(async () => {
      await t.app.stop(true);
    });

    /** One request, three ways: over HTTP (Bun's router), app.handle, and Elysia's own route. */
    async function threeWays(path: string, headers: Record<string, string> = {}, jar?: CookieJar) {
      const asked = { ...headers, ...(jar ? { cookie: jar.header() } : {}) };
      const overHttp = await fetch(base + path, { headers: asked });
      const handled = await t.app.handle(new Request(`http://localhost${path}`, { headers: asked }));
      const elysia = await t.app.fetch(new Request(`http://localhost${path}`, { headers: asked }));
      return Promise.all([overHttp, handled, elysia].map(comparable));
    }

    const expectSame = async (path: string, headers: Record<string, string> = {}, jar?: CookieJar) => {
      const [overHttp, handled, elysia] = await threeWays(path, headers, jar);
      expect(handled).toEqual(elysia);
      // Over HTTP, Bun adds the length of the body; otherwise the same.
      const { "content-length": _, ...httpHeaders } = overHttp?.headers ?? {};
      expect({ ...overHttp, headers: httpHeaders }).toEqual({ ...elysia, headers: elysia?.headers } as never);
      return elysia;
    };

    test("GET /api/users/me: signed in, by cookie or bearer token; nobody; a forged, an expired token", async () => {
      const { jar, email, password } = await t.signedIn({ username: "ada_native" });
      const me = await expectSame("/api/users/me", {}, jar);
      expect(me?.status).toBe(200);
      expect(me?.body).toMatchObject({ success: true, user: { username: "ada_native", email } });
      expect(me?.headers["cache-control"]).toBe("no-store");
      expect(me?.headers["x-content-type-options"]).toBe("nosniff");
      expect(me?.headers["x-token-expires-at"]).toMatch(/^\d+$/);
      // A query string does not change the route.
      expect((await expectSame("/api/users/me?x=1", {}, jar))?.status).toBe(200);

      const token = (
        await t.json<{ access_token: string }>("/api/users/token", {
          method: "POST",
          body: { email, password },
        })
      ).body.access_token;
      expect((await expectSame("/api/users/me", { authorization: `Bearer ${token}` }))?.status).toBe(200);

      const nobody = await expectSame("/api/users/me");
      expect(nobody?.status).toBe(401);
      expect(nobody?.body).toEqual({ success: false, msg: expect.any(String) });
      expect(nobody?.headers["cache-control"]).toBe("no-store");

      // The signature's last characters changed: the same 401 as nobody.
      const forged = `${token.slice(0, -4)}${token.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
      const refused = await expectSame("/api/users/me", { authorization: `Bearer ${forged}` });
      expect(refused).toEqual(nobody);

      t.clockOffset = 3600;
      try {
        expect((await expectSame("/api/users/me", { authorization: `Bearer ${token}` }))?.status).toBe(401);
      } finally {
        t.clockOffset = 0;
      }
    });

    test("in the asker's language: Accept-Language, then the user's own choice", async () => {
      const german = await expectSame("/api/users/me", { "accept-language": "de" });
      expect(german?.headers["content-language"]).toBe("de");
      const { jar } = await t.signedIn();
      const saved = await t.request("/api/users/update", {
        method: "PUT",
        body: { language: "fr" },
        jar,
        csrf: true,
      });
      expect(saved.status).toBe(200);
      const me = await expectSame("/api/users/me", { "accept-language": "de" }, jar);
      expect(me?.body.user.language).toBe("fr");
    });

    test("GET /api/auth/verify: the identity; nobody; an unsafe forwarded method without, then with, CSRF", async () => {
      const { jar } = await t.signedIn({ username: "grace_native" });
      const verified = await expectSame("/api/auth/verify", {}, jar);
      expect(verified?.status).toBe(200);
      expect(verified?.body).toBe("");
      expect(verified?.headers["x-auth-user-name"]).toBe("grace_native");
      expect(JSON.parse(verified?.headers["x-auth-assertion"] ?? "{}").name).toBe("grace_native");

      expect((await expectSame("/api/auth/verify"))?.status).toBe(401);
      const unsafe = { "x-forwarded-method": "POST" };
      expect((await expectSame("/api/auth/verify", unsafe, jar))?.status).toBe(403);
      const withCsrf = { ...unsafe, "x-csrf-token": jar.get("csrf_access_token") ?? "" };
      expect((await expectSame("/api/auth/verify", withCsrf, jar))?.status).toBe(200);
    });

    test("each answer is one log line and one observation under its route, as any other", async () => {
      // The earlier tests' lines, written after their answers, are in before this one's is asked.
      await Bun.sleep(20);
      lines.length = 0;
      const fresh = await fetch(`${base}/api/users/me?token=not-logged`);
      const kept = await fetch(`${base}/api/auth/verify`, { headers: { "x-request-id": "nginx-abc.123" } });
      expect(kept.headers.get("x-request-id")).toBe("nginx-abc.123");
      await Bun.sleep(20);
      const logged = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === "request");
      expect(logged).toEqual([
        expect.objectContaining({ path: "/api/users/me", status: 401, rid: fresh.headers.get("x-request-id") }),
        expect.objectContaining({ path: "/api/auth/verify", status: 401, rid: "nginx-abc.123" }),
      ]);
      expect(lines.join("\n")).not.toContain("not-logged");
      const metrics = await t.app.metrics.registry.metrics();
      expect(metrics).toMatch(
        /http_request_duration_seconds_count\{[^}]*route="\/api\/users\/me"[^}]*status="401"[^}]*\} [1-9]/,
      );
    });
  });
}
