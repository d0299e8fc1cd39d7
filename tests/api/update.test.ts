/**
 * Scenario: a signed-in user edits the profile form (username, e-mail) from the dashboard. A new
 * address is a way into the account (a reset link goes there), so it takes the password and ends
 * every other session, as a new password does.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { RATE_LIMITS } from "../helpers/limits.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

for (const spec of BACKENDS) {
  describe(`PUT /api/users/update [${spec.name}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
    });

    const update = (jar: CookieJar, body: unknown) =>
      t.json<any>("/api/users/update", { method: "PUT", body, jar, csrf: true });

    test("changes username and e-mail; /me and login see the new values", async () => {
      const { jar, user } = await t.signedIn();
      const email = uniqueEmail("New");
      const { status, body } = await update(jar, {
        username: " grace_h ",
        email: email.toUpperCase(),
        current_password: PASSWORD,
      });
      expect(status).toBe(200);
      expect(body.success).toBe(true);
      expect(body.user).toMatchObject({ username: "grace_h", email: email.toLowerCase() });
      // public_id rotated (every other token of the user died); this session goes on.
      expect(body.user.public_id).not.toBe(user.public_id);
      expect(body.csrf_token).toBe(jar.get("csrf_access_token"));
      expect((await t.json<any>("/api/users/me", { jar })).body.user.email).toBe(email.toLowerCase());
      const login = await t.json("/api/users/login", {
        method: "POST",
        body: { email, password: PASSWORD },
        jar: new CookieJar(),
      });
      expect(login.status).toBe(200);
    });

    test("a partial change keeps the other field; an empty body changes nothing", async () => {
      const { jar, email } = await t.signedIn({ username: "keep_me" });
      expect((await update(jar, { username: "renamed" })).body.user).toMatchObject({ username: "renamed", email });
      expect((await update(jar, {})).body.user).toMatchObject({ username: "renamed", email });
    });

    test("409 when the new e-mail belongs to somebody else (in any case)", async () => {
      const other = await t.signup();
      const { jar } = await t.signedIn();
      const res = await update(jar, { email: other.email.toUpperCase(), current_password: PASSWORD });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ success: false, msg: expect.any(String) });
    });

    test("keeping one's own e-mail is not a conflict, and needs no password", async () => {
      const { jar, email } = await t.signedIn();
      expect((await update(jar, { email: email.toUpperCase() })).status).toBe(200);
      expect((await t.json<any>("/api/users/me", { jar })).status).toBe(200);
    });

    test("a new address needs the current password: 403 without it or when wrong, nothing changed; wrong ones count (429)", async () => {
      const { jar, email } = await t.signedIn();
      const moved = uniqueEmail("moved");
      const missing = await update(jar, { email: moved });
      expect(missing.status).toBe(403);
      expect(missing.body).toEqual({
        success: false,
        msg: "Enter your current password to change the e-mail address.",
      });
      const wrong = await update(jar, { email: moved, current_password: "not the password" });
      expect(wrong.status).toBe(403);
      expect(wrong.body).toEqual({ success: false, msg: "The current password is wrong." });
      expect(JSON.stringify(wrong.body)).not.toContain("not the password");
      expect((await t.json<any>("/api/users/me", { jar })).body.user.email).toBe(email);
      // Counted with every other wrong password of the account (5 in 15 minutes), then 429.
      for (let i = 1; i < RATE_LIMITS.passwordChecks.maxPerAccount; i++) {
        expect((await update(jar, { email: moved, current_password: `wrong ${i}` })).status).toBe(403);
      }
      const limited = await update(jar, { email: moved, current_password: PASSWORD });
      expect(limited.status).toBe(429);
      expect(limited.response.headers.get("retry-after")).toMatch(/^\d+$/);
      expect((await t.json<any>("/api/users/me", { jar })).body.user.email).toBe(email);
    });

    test("a new address ends every other session (cookie and bearer); this one goes on with fresh cookies", async () => {
      const { jar, email } = await t.signedIn();
      const other = new CookieJar();
      expect(
        (await t.json("/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar: other })).status,
      ).toBe(200);
      const bearer = (await t.json<any>("/api/users/token", { method: "POST", body: { email, password: PASSWORD } }))
        .body.access_token;
      const stale = new CookieJar();
      for (const [name, cookie] of jar.cookies) stale.cookies.set(name, { ...cookie });
      expect((await update(jar, { email: uniqueEmail("ends"), current_password: PASSWORD })).status).toBe(200);
      expect((await t.request("/api/users/me", { jar: other })).status).toBe(401);
      expect((await t.request("/api/users/me", { headers: { authorization: `Bearer ${bearer}` } })).status).toBe(401);
      expect((await t.request("/api/users/me", { jar: stale })).status).toBe(401);
      expect((await t.request("/api/users/me", { jar })).status).toBe(200);
      const sessions = (await t.json<any>("/api/users/sessions", { jar })).body.sessions;
      expect(sessions).toHaveLength(1);
      // A bearer token may change the address too (with the password); it dies with the change.
      const { email: second } = await t.signedIn();
      const token = (
        await t.json<any>("/api/users/token", { method: "POST", body: { email: second, password: PASSWORD } })
      ).body.access_token;
      const headers = { authorization: `Bearer ${token}` };
      const byBearer = await t.json<any>("/api/users/update", {
        method: "PUT",
        body: { email: uniqueEmail("bearer"), current_password: PASSWORD },
        headers,
      });
      expect(byBearer.status).toBe(200);
      expect(byBearer.body.csrf_token).toBeUndefined();
      expect((await t.request("/api/users/me", { headers })).status).toBe(401);
    });

    test("422 per field for bad values and wrong types; role is ignored", async () => {
      const { jar } = await t.signedIn();
      const bad = await update(jar, { username: "x", email: "nope" });
      expect(bad.status).toBe(422);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(["email", "username"]);
      expect((await update(jar, { username: 12 })).status).toBe(422);
      const role = await update(jar, { role: "admin", username: "still_user" });
      expect(role.status).toBe(200);
      expect(role.body.user.role).toBe("user");
    });

    test("401 without a token, 403 without the CSRF header", async () => {
      const { jar } = await t.signedIn();
      expect((await t.json("/api/users/update", { method: "PUT", body: { username: "nobody" } })).status).toBe(401);
      expect((await t.json("/api/users/update", { method: "PUT", body: { username: "nocsrf" }, jar })).status).toBe(
        403,
      );
    });
  });
}
