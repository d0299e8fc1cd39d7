/**
 * Scenario: a user changes the password on the profile page while signed in elsewhere too. This
 * tab stays signed in; every other session (tabs, scripts) ends at once.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const NEW_PASSWORD = "a brand new passphrase";

for (const spec of BACKENDS) {
  describe(`PUT /api/users/password [${spec.name}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
    });

    const change = (jar: CookieJar, body: unknown, csrf = true) =>
      t.json<any>("/api/users/password", { method: "PUT", body, jar, csrf });

    test("200: rotates public_id, kills other sessions, re-issues this one's cookies", async () => {
      const { jar, email, user } = await t.signedIn();
      const otherTab = new CookieJar();
      await t.request("/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar: otherTab });
      const oldToken = jar.get("access_token_cookie");

      const res = await change(jar, { current_password: PASSWORD, new_password: NEW_PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body.success).toBe(true);
      expect(res.body.user.public_id).not.toBe(user.public_id);
      expect(
        res.response.headers
          .getSetCookie()
          .map((c) => c.split("=")[0])
          .sort(),
      ).toEqual(["access_token_cookie", "csrf_access_token"]);
      expect(jar.get("access_token_cookie")).not.toBe(oldToken);
      expect(res.body.csrf_token).toBe(jar.get("csrf_access_token"));

      // This tab: still signed in, and can write with the new CSRF value.
      expect((await t.request("/api/users/me", { jar })).status).toBe(200);
      expect(
        (await t.request("/api/users/update", { method: "PUT", body: { username: "still_here" }, jar, csrf: true }))
          .status,
      ).toBe(200);
      // Everyone else: out.
      expect((await t.request("/api/users/me", { jar: otherTab })).status).toBe(401);
      expect((await t.request("/api/users/me", { headers: { authorization: `Bearer ${oldToken}` } })).status).toBe(401);
      // The new password signs in; the old one does not.
      expect(await t.loginStatus(email, PASSWORD)).toBe(401);
      expect(await t.loginStatus(email, NEW_PASSWORD)).toBe(200);
    });

    test("403 for a wrong current password; nothing changes", async () => {
      const { jar, email } = await t.signedIn();
      const res = await change(jar, { current_password: "not my password", new_password: NEW_PASSWORD });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ success: false, msg: expect.any(String) });
      expect((await t.request("/api/users/me", { jar })).status).toBe(200);
      expect(await t.loginStatus(email, PASSWORD)).toBe(200);
    });

    test("422: the new password obeys the sign-up rules, and is never echoed", async () => {
      const { jar, email } = await t.signedIn();
      for (const [body, field] of [
        [{ current_password: PASSWORD, new_password: "short" }, "new_password"],
        [{ current_password: PASSWORD, new_password: "n".repeat(129) }, "new_password"],
        [{ current_password: PASSWORD, new_password: email.toUpperCase() }, "new_password"],
        [{ current_password: "", new_password: NEW_PASSWORD }, "current_password"],
        [{ new_password: NEW_PASSWORD }, "current_password"],
        [{ current_password: PASSWORD, new_password: 12345678 }, "new_password"],
      ] as const) {
        const res = await change(jar, body);
        expect(res.status).toBe(422);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        expect(JSON.stringify(res.body)).not.toContain(PASSWORD);
      }
    });

    test("401 without a token, 403 without CSRF", async () => {
      const { jar } = await t.signedIn();
      expect(
        (
          await t.request("/api/users/password", {
            method: "PUT",
            body: { current_password: PASSWORD, new_password: NEW_PASSWORD },
          })
        ).status,
      ).toBe(401);
      expect((await change(jar, { current_password: PASSWORD, new_password: NEW_PASSWORD }, false)).status).toBe(403);
    });

    test("a bearer caller: 200 and no cookies; its own token is dead afterwards", async () => {
      const { jar } = await t.signedIn();
      const headers = { authorization: `Bearer ${jar.get("access_token_cookie")}` };
      const res = await t.json<any>("/api/users/password", {
        method: "PUT",
        body: { current_password: PASSWORD, new_password: NEW_PASSWORD },
        headers,
      });
      expect(res.status).toBe(200);
      expect(res.response.headers.getSetCookie()).toHaveLength(0);
      expect((await t.request("/api/users/me", { headers })).status).toBe(401);
    });

    test("wrong current passwords: 5 per account in 15 minutes, then 429 with Retry-After, even for the right one", async () => {
      const { jar } = await t.signedIn();
      for (let i = 0; i < 5; i++) {
        expect((await change(jar, { current_password: `wrong guess ${i}`, new_password: NEW_PASSWORD })).status).toBe(
          403,
        );
      }
      const blocked = await change(jar, { current_password: PASSWORD, new_password: NEW_PASSWORD });
      expect(blocked.status).toBe(429);
      expect(blocked.body).toEqual({ success: false, msg: expect.stringContaining("Try again in 15 minutes") });
      const retryAfter = Number(blocked.response.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(850);
      expect(retryAfter).toBeLessThanOrEqual(900);
      // Another account is not affected.
      const other = await t.signedIn();
      expect((await change(other.jar, { current_password: PASSWORD, new_password: NEW_PASSWORD })).status).toBe(200);
    });

    test("the wrong-password count is shared by replicas (one store)", async () => {
      const shared = `test:${crypto.randomUUID()}:`;
      const a = await TestApp.create(t.backend, { counterPrefix: shared });
      const b = await TestApp.create(t.backend, { counterPrefix: shared });
      const { jar } = await a.signedIn();
      const on = (app: TestApp, current: string) =>
        app.json("/api/users/password", {
          method: "PUT",
          body: { current_password: current, new_password: NEW_PASSWORD },
          jar,
          csrf: true,
        });
      for (let i = 0; i < 5; i++) expect((await on(i % 2 ? a : b, "wrong guess")).status).toBe(403);
      expect((await on(a, PASSWORD)).status).toBe(429);
      expect((await on(b, PASSWORD)).status).toBe(429);
    });

    test("two changes racing from the same current password: exactly one wins", async () => {
      const { jar, email } = await t.signedIn();
      const [first, second] = await Promise.all([
        change(jar, { current_password: PASSWORD, new_password: "racer number one" }),
        change(jar.clone(), { current_password: PASSWORD, new_password: "racer number two" }),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 403]);
      const winner = first.status === 200 ? "racer number one" : "racer number two";
      const loser = first.status === 200 ? "racer number two" : "racer number one";
      const login = (password: string) =>
        t.request("/api/users/login", { method: "POST", body: { email, password }, jar: new CookieJar() });
      expect((await login(winner)).status).toBe(200);
      expect((await login(loser)).status).toBe(401);
    });

    test("422: a common password or one of only spaces is refused as the new one", async () => {
      const { jar } = await t.signedIn();
      for (const weak of ["password", "12345678", "Iloveyou", "qwertyuiop", "        "]) {
        const res = await change(jar, { current_password: PASSWORD, new_password: weak });
        expect(res.status).toBe(422);
        expect(res.body.errors).toEqual([{ field: "new_password", message: expect.any(String) }]);
      }
    });
  });
}
