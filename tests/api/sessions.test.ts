/**
 * Scenario: a user signed in on a laptop, a phone and a script sees those sessions and ends them,
 * one at a time or all but this one; a second replica sharing the store refuses an ended session
 * at once. Every route also with no user, the wrong user and no CSRF header.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const LAPTOP = { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", "x-forwarded-for": "203.0.113.10" };
const PHONE = { "user-agent": "Mozilla/5.0 (iPhone) Mobile Safari/604.1", "x-forwarded-for": "203.0.113.20" };

interface Listed {
  id: string;
  kind: string;
  created_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
  current: boolean;
}

for (const spec of BACKENDS) {
  describe(`sessions [${spec.name}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open(), { trustProxy: true });
    });

    const login = async (email: string, headers: Record<string, string> = {}) => {
      const jar = new CookieJar();
      const res = await t.request("/api/users/login", {
        method: "POST",
        body: { email, password: PASSWORD },
        jar,
        headers,
      });
      expect(res.status).toBe(200);
      return jar;
    };
    const bearer = async (email: string) => {
      const res = await t.json<any>("/api/users/token", { method: "POST", body: { email, password: PASSWORD } });
      return { authorization: `Bearer ${res.body.access_token as string}` };
    };
    const list = async (jar: CookieJar) => {
      const res = await t.json<{ sessions: Listed[] }>("/api/users/sessions", { jar });
      expect(res.status).toBe(200);
      return res.body.sessions;
    };
    const events = async (jar: CookieJar) =>
      ((await t.json<any>("/api/users/activity", { jar })).body.events as Array<{ type: string }>).map((e) => e.type);

    test("GET lists live sessions newest first: kind, times, IP, user agent, and which is this one", async () => {
      const { email } = await t.signup();
      const laptop = await login(email, LAPTOP);
      await bearer(email);
      const phone = await login(email, PHONE);

      const res = await t.json<any>("/api/users/sessions", { jar: phone });
      expect(res.status).toBe(200);
      expect(res.response.headers.get("cache-control")).toBe("no-store");
      expect(res.body.success).toBe(true);
      const sessions = res.body.sessions as Listed[];
      expect(sessions.map((s) => s.kind)).toEqual(["browser", "token", "browser"]);
      expect(sessions.map((s) => s.current)).toEqual([true, false, false]);
      expect(sessions[0]).toMatchObject({ ip: "203.0.113.20", user_agent: PHONE["user-agent"] });
      expect(sessions[2]).toMatchObject({ ip: "203.0.113.10", user_agent: LAPTOP["user-agent"] });
      for (const s of sessions) {
        expect(Object.keys(s).sort()).toEqual(
          ["created_at", "current", "id", "ip", "kind", "last_seen_at", "method", "user_agent"].sort(),
        );
        expect(s.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(Date.parse(s.last_seen_at)).toBeGreaterThanOrEqual(Date.parse(s.created_at));
      }
      const times = sessions.map((s) => Date.parse(s.created_at));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      // The laptop sees the same sessions, with itself as the current one.
      expect((await list(laptop)).map((s) => [s.id, s.current])).toEqual(sessions.map((s, i) => [s.id, i === 2]));
    });

    test("no user: 401 on all three routes", async () => {
      expect((await t.request("/api/users/sessions")).status).toBe(401);
      expect((await t.request(`/api/users/sessions/${crypto.randomUUID()}`, { method: "DELETE" })).status).toBe(401);
      expect((await t.request("/api/users/sessions", { method: "DELETE" })).status).toBe(401);
    });

    test("no CSRF header with the cookie: 403 on both DELETEs, and nothing ends", async () => {
      const { email, jar } = await t.signedIn();
      const phone = await login(email, PHONE);
      const phoneId = (await list(phone)).find((s) => s.current)?.id as string;
      expect((await t.request(`/api/users/sessions/${phoneId}`, { method: "DELETE", jar })).status).toBe(403);
      expect((await t.request("/api/users/sessions", { method: "DELETE", jar })).status).toBe(403);
      expect((await t.request("/api/users/me", { jar: phone })).status).toBe(200);
      expect(await list(jar)).toHaveLength(2);
    });

    test("DELETE one: that device is signed out at once, on this app and on another sharing the store", async () => {
      const { email, jar } = await t.signedIn();
      const phone = await login(email, PHONE);
      const replica = await TestApp.create(t.backend, { trustProxy: true });
      expect((await replica.request("/api/users/me", { jar: phone })).status).toBe(200);
      const phoneId = (await list(phone)).find((s) => s.current)?.id as string;

      const res = await t.json<any>(`/api/users/sessions/${phoneId}`, { method: "DELETE", jar, csrf: true });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ success: true, msg: "That device is signed out." });
      // Not this device: its cookies are left alone.
      expect(res.response.headers.getSetCookie()).toEqual([]);
      expect((await t.request("/api/users/me", { jar: phone })).status).toBe(401);
      expect((await replica.request("/api/users/me", { jar: phone })).status).toBe(401);
      expect((await t.request("/api/users/me", { jar })).status).toBe(200);
      expect((await list(jar)).map((s) => s.id)).not.toContain(phoneId);
      expect(await events(jar)).toContain("session_revoked");
      // Ended is now the same as unknown.
      expect((await t.request(`/api/users/sessions/${phoneId}`, { method: "DELETE", jar, csrf: true })).status).toBe(
        404,
      );
    });

    test("DELETE one: another user's session, an unknown id and a malformed one are one 404", async () => {
      const mallory = await t.signedIn();
      const alice = await t.signedIn();
      const aliceId = (await list(alice.jar))[0]?.id as string;
      const answers = await Promise.all(
        [aliceId, crypto.randomUUID(), "not-a-session", aliceId.toUpperCase()].map((id) =>
          t.json<any>(`/api/users/sessions/${id}`, { method: "DELETE", jar: mallory.jar, csrf: true }),
        ),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(404);
        expect(answer.body).toEqual({ success: false, msg: "No such session." });
      }
      expect((await t.request("/api/users/me", { jar: alice.jar })).status).toBe(200);
    });

    test("DELETE one that is the current session: it ends and both cookies are cleared", async () => {
      const { jar } = await t.signedIn();
      const stolen = jar.clone();
      const currentId = (await list(jar))[0]?.id as string;
      const res = await t.request(`/api/users/sessions/${currentId}`, { method: "DELETE", jar, csrf: true });
      expect(res.status).toBe(200);
      const cleared = res.headers.getSetCookie();
      expect(cleared.map((c) => c.split("=")[0]).sort()).toEqual(["access_token_cookie", "csrf_access_token"]);
      for (const cookie of cleared) expect(cookie).toContain("Max-Age=0");
      expect((await t.request("/api/users/me", { jar: stolen })).status).toBe(401);
    });

    test("a bearer token's session can be listed and ended like a browser's", async () => {
      const { email, jar } = await t.signedIn();
      const auth = await bearer(email);
      expect((await t.request("/api/users/me", { headers: auth })).status).toBe(200);
      const tokenSession = (await list(jar)).find((s) => s.kind === "token") as Listed;
      // A bearer caller needs no CSRF header and sees its own session as current.
      const own = await t.json<{ sessions: Listed[] }>("/api/users/sessions", { headers: auth });
      expect(own.body.sessions.find((s) => s.current)?.id).toBe(tokenSession.id);
      await t.request(`/api/users/sessions/${tokenSession.id}`, { method: "DELETE", jar, csrf: true });
      expect((await t.request("/api/users/me", { headers: auth })).status).toBe(401);
    });

    test("DELETE all: every other session ends, this one stays, and the count is returned", async () => {
      const { email, jar } = await t.signedIn();
      const phone = await login(email, PHONE);
      const auth = await bearer(email);
      const replica = await TestApp.create(t.backend);

      const res = await t.json<any>("/api/users/sessions", { method: "DELETE", jar, csrf: true });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ success: true, msg: "Signed out 2 other devices.", revoked: 2 });
      expect((await replica.request("/api/users/me", { jar: phone })).status).toBe(401);
      expect((await t.request("/api/users/me", { headers: auth })).status).toBe(401);
      expect((await t.request("/api/users/me", { jar })).status).toBe(200);
      expect((await list(jar)).map((s) => s.current)).toEqual([true]);
      expect(await events(jar)).toContain("sessions_revoked");

      const again = await t.json<any>("/api/users/sessions", { method: "DELETE", jar, csrf: true });
      expect(again.body).toEqual({ success: true, msg: "No other device was signed in.", revoked: 0 });
    });

    test("DELETE all never reaches another user's sessions", async () => {
      const alice = await t.signedIn();
      const mallory = await t.signedIn();
      await t.request("/api/users/sessions", { method: "DELETE", jar: mallory.jar, csrf: true });
      expect((await t.request("/api/users/me", { jar: alice.jar })).status).toBe(200);
      expect(await list(alice.jar)).toHaveLength(1);
    });

    test("the sid is kept across implicit refreshes, and last_seen_at moves at each", async () => {
      const { jar } = await t.signedIn();
      const [before] = await list(jar);
      const oldToken = jar.get("access_token_cookie");
      t.clockOffset = 451;
      try {
        const res = await t.request("/api/users/me", { jar });
        expect(res.headers.getSetCookie().length).toBe(2);
        expect(jar.get("access_token_cookie")).not.toBe(oldToken);
        const after = await list(jar);
        expect(after).toHaveLength(1);
        expect(after[0]?.id).toBe(before?.id as string);
        expect(Date.parse(after[0]?.last_seen_at as string)).toBeGreaterThan(
          Date.parse(before?.last_seen_at as string),
        );
      } finally {
        t.clockOffset = 0;
      }
    });

    test("a session whose last token has expired is not listed", async () => {
      const { email, jar } = await t.signedIn();
      t.clockOffset = -1000;
      try {
        await login(email, PHONE);
      } finally {
        t.clockOffset = 0;
      }
      expect((await list(jar)).map((s) => s.current)).toEqual([true]);
    });

    test("logout ends every session; a password change ends the others and starts a new one here", async () => {
      const { email, jar } = await t.signedIn();
      const phone = await login(email, PHONE);
      const laptop = await login(email, LAPTOP);
      await t.request("/api/users/logout", { method: "POST", jar, csrf: true });
      const fresh = await login(email);
      expect((await list(fresh)).map((s) => s.current)).toEqual([true]);
      expect((await t.request("/api/users/me", { jar: phone })).status).toBe(401);
      expect((await t.request("/api/users/me", { jar: laptop })).status).toBe(401);

      const other = await login(email, PHONE);
      const before = (await list(fresh)).find((s) => s.current)?.id;
      const changed = await t.request("/api/users/password", {
        method: "PUT",
        jar: fresh,
        csrf: true,
        body: { current_password: PASSWORD, new_password: "a new and longer passphrase" },
      });
      expect(changed.status).toBe(200);
      const after = await list(fresh);
      expect(after.map((s) => s.current)).toEqual([true]);
      expect(after[0]?.id).not.toBe(before as string);
      expect((await t.request("/api/users/me", { jar: other })).status).toBe(401);
    });
  });
}
