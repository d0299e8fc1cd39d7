/**
 * Scenario: a user deletes the account from the profile page, confirming with the password.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { connectRedisStore } from "../../src/platform/store/redis.ts";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import type { CookieJar } from "../helpers/cookie-jar.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

for (const spec of BACKENDS) {
  describe(`DELETE /api/users/me [${spec.name}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
    });

    const remove = (jar: CookieJar, body: unknown, csrf = true) =>
      t.json<any>("/api/users/me", { method: "DELETE", body, jar, csrf });
    const rowsOf = async (email: string) => {
      const sql = t.backend.db.sql;
      const [users] = await sql<{ n: number }>`select count(*)::int as n from users where email = ${email}`;
      const [events] = await sql<{ n: number }>`
        select count(*)::int as n from user_events e join users u on u.id = e.user_id where u.email = ${email}
      `;
      return { users: users?.n, events: events?.n };
    };

    test("200: the account and its activity are gone, the token is revoked, the cookies cleared", async () => {
      const { jar, email } = await t.signedIn();
      const stolen = jar.clone();
      const jti = JSON.parse(
        Buffer.from((jar.get("access_token_cookie") as string).split(".")[1] as string, "base64url").toString(),
      ).jti;
      expect(await rowsOf(email)).toEqual({ users: 1, events: 2 });

      const res = await remove(jar, { password: PASSWORD });
      expect(res.status).toBe(200);
      expect(res.body.success).toBe(true);
      for (const cookie of res.response.headers.getSetCookie()) expect(cookie).toContain("Max-Age=0");
      expect(jar.cookies.size).toBe(0);

      expect(await rowsOf(email)).toEqual({ users: 0, events: 0 });
      const [orphans] = await t.backend.db.sql<{ n: number }>`
        select count(*)::int as n from user_events e left join users u on u.id = e.user_id where u.id is null
      `;
      expect(orphans?.n).toBe(0);
      expect(await t.backend.store.isRevoked(jti, crypto.randomUUID())).toBe(true);
      expect((await t.request("/api/users/me", { jar: stolen })).status).toBe(401);
      expect(await t.loginStatus(email, PASSWORD)).toBe(401);
      // The address is free again.
      expect(
        (
          await t.request("/api/users/signup", {
            method: "POST",
            body: { username: "again", email, password: PASSWORD },
          })
        ).status,
      ).toBe(201);
    });

    test("403 for a wrong password; the account stays", async () => {
      const { jar, email } = await t.signedIn();
      const res = await remove(jar, { password: "definitely wrong" });
      expect(res.status).toBe(403);
      expect((await rowsOf(email)).users).toBe(1);
      expect((await t.request("/api/users/me", { jar })).status).toBe(200);
    });

    test("422 without a password; 401 without a token; 403 without CSRF", async () => {
      const { jar } = await t.signedIn();
      expect((await remove(jar, {})).status).toBe(422);
      expect((await remove(jar, { password: "x".repeat(129) })).status).toBe(422);
      expect((await t.request("/api/users/me", { method: "DELETE", body: { password: PASSWORD } })).status).toBe(401);
      expect((await remove(jar, { password: PASSWORD }, false)).status).toBe(403);
    });

    test("with the store down: 503 and nothing is deleted", async () => {
      const deadStore = await connectRedisStore("redis://127.0.0.1:1", { firstConnectTimeoutMs: 50 });
      try {
        const broken = await TestApp.create(t.backend, { store: deadStore });
        const { jar, email } = await t.signedIn();
        const res = await broken.json("/api/users/me", {
          method: "DELETE",
          body: { password: PASSWORD },
          jar,
          csrf: true,
        });
        expect(res.status).toBe(503);
        expect((await rowsOf(email)).users).toBe(1);
      } finally {
        await deadStore.close();
      }
    });

    test("wrong passwords: 5 per account in 15 minutes, then 429 with Retry-After; the account stays", async () => {
      const { jar } = await t.signedIn();
      for (let i = 0; i < 5; i++) expect((await remove(jar, { password: `wrong guess ${i}` })).status).toBe(403);
      const blocked = await remove(jar, { password: PASSWORD });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.response.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await t.request("/api/users/me", { jar })).status).toBe(200);
    });
  });
}
