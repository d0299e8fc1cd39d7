/**
 * Scenario: a signed-in user edits the profile form (username, e-mail) from the dashboard.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";

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
      const { status, body } = await update(jar, { username: " grace_h ", email: email.toUpperCase() });
      expect(status).toBe(200);
      expect(body.success).toBe(true);
      expect(body.user).toMatchObject({ username: "grace_h", email: email.toLowerCase(), public_id: user.public_id });
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
      const res = await update(jar, { email: other.email.toUpperCase() });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ success: false, msg: expect.any(String) });
    });

    test("keeping one's own e-mail is not a conflict", async () => {
      const { jar, email } = await t.signedIn();
      expect((await update(jar, { email: email.toUpperCase() })).status).toBe(200);
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
