/**
 * Control characters (NUL, a tab, a line break, DEL, C1) in any text a route takes, on both
 * backends: a body field, a query parameter or a path parameter is 422 naming the field, never a 500
 * (Postgres refuses a NUL in text), and nothing is written. Passwords are hashed, never stored: one
 * that holds such a character signs up and in as it was chosen.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import type { CookieJar } from "../helpers/cookie-jar.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

type Json = Record<string, any>;

const CONTROLS = ["\u0000", "\t", "\n", "\u007f", "\u0085"];

for (const spec of BACKENDS) {
  describe(`control characters [${spec.name}]`, () => {
    let t: TestApp;
    let admin: { jar: CookieJar; email: string };
    let target: string;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
      admin = await t.signedInAdmin();
      const user = await t.signup();
      const [row] = await t.backend.db.sql<{ stable_id: string }>`
        select stable_id from users where email = ${user.email}
      `;
      target = row?.stable_id as string;
    });

    const expectRefused = (answer: { status: number; body: Json }, field: string, what: string) => {
      expect({ what, status: answer.status, fields: answer.body?.errors?.map((e: Json) => e.field) }).toEqual({
        what,
        status: 422,
        fields: [field],
      });
      expect(answer.body.errors[0].message).toBe(
        "must not contain control characters (such as a tab, a line break or NUL)",
      );
    };

    test("in a body field: the lock reason, a passkey name, sign-up, the profile, forgot password", async () => {
      const user = await t.signedIn();
      const auditBefore = await t.backend.db.sql<{ n: number }>`select count(*)::int as n from audit_log`;
      for (const c of CONTROLS) {
        const lock = await t.json<Json>(`/api/admin/users/${target}/lock`, {
          method: "POST",
          body: { reason: `spam${c}bot` },
          jar: admin.jar,
          csrf: true,
        });
        expectRefused(lock, "reason", `lock reason ${JSON.stringify(c)}`);
        const rename = await t.json<Json>(`/api/users/passkeys/${crypto.randomUUID()}`, {
          method: "PATCH",
          body: { name: `Laptop${c}` },
          jar: user.jar,
          csrf: true,
        });
        expectRefused(rename, "name", `passkey name ${JSON.stringify(c)}`);
        const signup = await t.json<Json>("/api/users/signup", {
          method: "POST",
          body: { username: `ada${c}x`, email: uniqueEmail(), password: PASSWORD },
        });
        expectRefused(signup, "username", `username ${JSON.stringify(c)}`);
        const profile = await t.json<Json>("/api/users/update", {
          method: "PUT",
          body: { username: `grace${c}` },
          jar: user.jar,
          csrf: true,
        });
        expectRefused(profile, "username", `profile ${JSON.stringify(c)}`);
        const forgot = await t.json<Json>("/api/users/password/forgot", {
          method: "POST",
          body: { email: `a${c}@example.com` },
        });
        expectRefused(forgot, "email", `forgot ${JSON.stringify(c)}`);
      }
      // Nested inside a value (the passkey's answer) it is the field that holds it.
      const nested = await t.json<Json>("/api/users/login/passkey", {
        method: "POST",
        body: { response: { id: "cred\u0000", response: {} } },
      });
      expectRefused(nested, "response", "passkey answer");
      const auditAfter = await t.backend.db.sql<{ n: number }>`select count(*)::int as n from audit_log`;
      expect(Number(auditAfter[0]?.n)).toBe(Number(auditBefore[0]?.n));
      expect((await t.json<Json>("/api/users/me", { jar: user.jar })).body.user.username).toBe("ada_lovelace");
    });

    test("in a query or a path parameter: the admin search, the activity's time zone, a user's id", async () => {
      const user = await t.signedIn();
      for (const c of ["%00", "%09", "%0A", "%7F", "%C2%85"]) {
        expectRefused(await t.json<Json>(`/api/admin/users?q=ad${c}a`, { jar: admin.jar }), "q", `admin search ${c}`);
        expectRefused(await t.json<Json>(`/api/users/activity?tz=UTC${c}`, { jar: user.jar }), "tz", `tz ${c}`);
        expectRefused(await t.json<Json>(`/api/admin/users/${c}${target}`, { jar: admin.jar }), "uid", `uid ${c}`);
        expectRefused(
          await t.json<Json>(`/api/users/sessions/${c}x`, { method: "DELETE", jar: user.jar, csrf: true }),
          "id",
          `session id ${c}`,
        );
      }
    });

    test("a password may hold one: it is hashed, never stored, and signs in as it was chosen", async () => {
      const password = "tab\there and a line\nbreak";
      const account = await t.signup({ password });
      expect(await t.loginStatus(account.email, password)).toBe(200);
      expect(await t.loginStatus(account.email, "tab here and a line break")).toBe(401);
    });

    test("the wrong user, no user, no CSRF header: the same answers as before (the check does not leak past them)", async () => {
      const user = await t.signedIn();
      const path = `/api/admin/users/${target}/lock`;
      expect((await t.request(path, { method: "POST", body: { reason: "x" } })).status).toBe(401);
      // A user's own session reaches the check first: a control character is 422 for anybody, and
      // tells nothing about the route behind it.
      const asUser = await t.json<Json>(path, { method: "POST", body: { reason: "ok" }, jar: user.jar, csrf: true });
      expect(asUser.status).toBe(403);
      expect((await t.request(path, { method: "POST", body: { reason: "ok" }, jar: admin.jar })).status).toBe(403);
    });
  });
}
