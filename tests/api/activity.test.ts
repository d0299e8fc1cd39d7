/**
 * Scenario: a user opens the dashboard's security card: recent sign-ins, failed attempts and
 * account changes, with where they came from.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

for (const spec of BACKENDS) {
  describe(`GET /api/users/activity [${spec.name}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open(), { trustProxy: true });
    });

    const from = (ip: string) => ({ "x-forwarded-for": `198.51.100.7, ${ip}`, "user-agent": `TestBrowser/${ip}` });
    const activity = (jar: CookieJar) => t.json<any>("/api/users/activity", { jar });

    test("every kind of event, newest first, with time, IP and user agent", async () => {
      const email = uniqueEmail();
      await t.request("/api/users/signup", {
        method: "POST",
        body: { username: "logged", email, password: PASSWORD },
        headers: from("203.0.113.1"),
      });
      await t.request("/api/users/login", {
        method: "POST",
        body: { email, password: "wrong password" },
        headers: from("203.0.113.2"),
      });
      const jar = new CookieJar();
      await t.request("/api/users/login", {
        method: "POST",
        body: { email, password: PASSWORD },
        jar,
        headers: from("203.0.113.3"),
      });
      await t.request("/api/users/update", {
        method: "PUT",
        body: { username: "relogged" },
        jar,
        csrf: true,
        headers: from("203.0.113.4"),
      });
      await t.request("/api/users/password", {
        method: "PUT",
        body: { current_password: PASSWORD, new_password: "another good passphrase" },
        jar,
        csrf: true,
        headers: from("203.0.113.5"),
      });
      const res = await activity(jar);
      expect(res.status).toBe(200);
      expect(res.body.success).toBe(true);
      expect(res.body.events.map((e: { type: string }) => e.type)).toEqual([
        "password_changed",
        "profile_updated",
        "login",
        "login_failed",
        "signup",
      ]);
      expect(res.body.events.map((e: { ip: string }) => e.ip)).toEqual([
        "203.0.113.5",
        "203.0.113.4",
        "203.0.113.3",
        "203.0.113.2",
        "203.0.113.1",
      ]);
      expect(res.body.events[0].user_agent).toBe("TestBrowser/203.0.113.5");
      const times = res.body.events.map((e: { at: string }) => Date.parse(e.at));
      expect(times.every((time: number) => !Number.isNaN(time))).toBe(true);
      expect([...times].sort((a, b) => b - a)).toEqual(times);

      await t.request("/api/users/logout", { method: "POST", jar, csrf: true });
      const again = new CookieJar();
      await t.request("/api/users/login", {
        method: "POST",
        body: { email, password: "another good passphrase" },
        jar: again,
      });
      const after = await activity(again);
      expect(after.body.events.slice(0, 2).map((e: { type: string }) => e.type)).toEqual(["login", "logout"]);
    });

    test("daily sign-ins and failures for the last 14 UTC days, oldest first", async () => {
      const { jar, user, email } = await t.signedIn();
      await t.request("/api/users/login", { method: "POST", body: { email, password: "wrong password" } });
      const [row] = await t.backend.db.sql<{ id: string }>`select id from users where public_id = ${user.public_id}`;
      await t.backend.db.sql`
        insert into user_events (user_id, type, at) values
          (${row?.id}, 'login', now() - interval '3 days'),
          (${row?.id}, 'login_failed', now() - interval '3 days'),
          (${row?.id}, 'login_failed', now() - interval '3 days'),
          (${row?.id}, 'login', now() - interval '20 days')
      `;
      const { body } = await activity(jar);
      expect(body.daily).toHaveLength(14);
      const today = new Date().toISOString().slice(0, 10);
      const threeDaysAgo = new Date(Date.now() - 3 * 86400_000).toISOString().slice(0, 10);
      expect(body.daily.at(-1)).toEqual({ date: today, logins: 1, failed: 1 });
      expect(body.daily.find((d: { date: string }) => d.date === threeDaysAgo)).toEqual({
        date: threeDaysAgo,
        logins: 1,
        failed: 2,
      });
      const total = body.daily.reduce((sum: number, d: { logins: number }) => sum + d.logins, 0);
      expect(total).toBe(2);
      expect([...body.daily].map((d: { date: string }) => d.date).sort()).toEqual(
        body.daily.map((d: { date: string }) => d.date),
      );
    });

    test("at most 50 events", async () => {
      const { jar, user } = await t.signedIn();
      const [row] = await t.backend.db.sql<{ id: string }>`select id from users where public_id = ${user.public_id}`;
      await t.backend.db.sql`
        insert into user_events (user_id, type, at)
        select ${row?.id}, 'login_failed', now() - (n || ' minutes')::interval from generate_series(1, 60) as n
      `;
      const res = await activity(jar);
      expect(res.body.events).toHaveLength(50);
    });

    test("a failed login for an unknown e-mail is stored against nobody", async () => {
      const count = async () =>
        (await t.backend.db.sql<{ n: number }>`select count(*)::int as n from user_events`)[0]?.n;
      const before = await count();
      await t.request("/api/users/login", {
        method: "POST",
        body: { email: uniqueEmail("ghost"), password: "whatever123" },
      });
      expect(await count()).toBe(before);
    });

    test("a change that fails writes no event (the event shares its transaction)", async () => {
      const other = await t.signup();
      const { jar } = await t.signedIn();
      expect(
        (
          await t.request("/api/users/update", {
            method: "PUT",
            body: { email: other.email, current_password: PASSWORD },
            jar,
            csrf: true,
          })
        ).status,
      ).toBe(409);
      const types = (await activity(jar)).body.events.map((e: { type: string }) => e.type);
      expect(types).not.toContain("profile_updated");
    });

    test("the token endpoint logs a login too; 401 without a token", async () => {
      const account = await t.signup();
      const token = await t.json<any>("/api/users/token", {
        method: "POST",
        body: { email: account.email, password: PASSWORD },
      });
      const res = await t.json<any>("/api/users/activity", {
        headers: { authorization: `Bearer ${token.body.access_token}` },
      });
      expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(["login", "signup"]);
      expect((await t.request("/api/users/activity")).status).toBe(401);
    });

    test("daily counts by the calendar days of the given time zone (tz), UTC by default; a bad zone is 422", async () => {
      const { jar } = await t.signedIn();
      // Kiritimati (UTC+14) and Pago Pago (UTC-11) are never on the same date.
      for (const tz of ["Pacific/Kiritimati", "Pacific/Pago_Pago", undefined]) {
        const res = await t.json<any>(`/api/users/activity${tz ? `?tz=${encodeURIComponent(tz)}` : ""}`, { jar });
        expect(res.status).toBe(200);
        const today = new Intl.DateTimeFormat("en-CA", { timeZone: tz ?? "UTC" }).format(new Date());
        expect(res.body.daily).toHaveLength(14);
        expect(res.body.daily.at(-1)).toEqual({ date: today, logins: 1, failed: 0 });
      }
      for (const tz of ["Mars/Olympus", "'; drop table users; --", "x".repeat(80)]) {
        const res = await t.json<any>(`/api/users/activity?tz=${encodeURIComponent(tz)}`, { jar });
        expect(res.status).toBe(422);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(["tz"]);
      }
    });

    test("the previous sign-in (not the one that made this session) and the last failed one", async () => {
      const email = uniqueEmail();
      await t.signup({ email });
      const login = (password: string, ip: string, jar = new CookieJar()) =>
        t.request("/api/users/login", { method: "POST", body: { email, password }, jar, headers: from(ip) });
      const first = new CookieJar();
      await login(PASSWORD, "203.0.113.10", first);
      const firstView = await activity(first);
      expect(firstView.body.previous_sign_in).toBeNull();
      expect(firstView.body.last_failed_sign_in).toBeNull();
      await login("wrong password", "203.0.113.11");
      const now = new CookieJar();
      await login(PASSWORD, "203.0.113.12", now);
      const { body } = await activity(now);
      expect(body.previous_sign_in).toEqual({
        type: "login",
        at: expect.any(String),
        ip: "203.0.113.10",
        user_agent: "TestBrowser/203.0.113.10",
        method: "password",
      });
      expect(body.last_failed_sign_in).toMatchObject({ type: "login_failed", ip: "203.0.113.11" });
    });
  });
}
