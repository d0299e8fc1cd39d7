/**
 * Scenario: a user signs out in one tab while other tabs, a script with a bearer token, and a
 * thief who copied the cookie still hold tokens. Every one of them is dead afterwards.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { REVOKED_PREFIX } from "../../src/platform/store/store.ts";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

for (const spec of BACKENDS) {
  describe(`POST /api/users/logout [${spec.name}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
    });

    test("200, both cookies cleared with Max-Age=0, and the old token is refused afterwards", async () => {
      const { jar, email } = await t.signedIn();
      const stolen = jar.clone();
      const res = await t.json<any>("/api/users/logout", { method: "POST", jar, csrf: true });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ success: true, user: { email } });
      const cleared = res.response.headers.getSetCookie();
      expect(cleared.map((c) => c.split("=")[0]).sort()).toEqual(["access_token_cookie", "csrf_access_token"]);
      for (const cookie of cleared) {
        expect(cookie).toContain("Max-Age=0");
        expect(cookie).toContain("Path=/");
      }
      expect(jar.cookies.size).toBe(0);
      expect((await t.request("/api/users/me", { jar: stolen })).status).toBe(401);
      expect((await t.request("/api/users/logout", { method: "POST", jar: stolen, csrf: true })).status).toBe(401);
    });

    test("the jti is in the blocklist until the token's own exp", async () => {
      const { jar } = await t.signedIn();
      const claims = JSON.parse(
        Buffer.from((jar.get("access_token_cookie") as string).split(".")[1] as string, "base64url").toString(),
      );
      expect(await t.backend.store.isRevoked(claims.jti, crypto.randomUUID())).toBe(false);
      await t.request("/api/users/logout", { method: "POST", jar, csrf: true });
      expect(await t.backend.store.isRevoked(claims.jti, crypto.randomUUID())).toBe(true);
      expect(REVOKED_PREFIX).toBe("datta:revoked:");
    });

    test("public_id rotates, so every other token of the user (other tabs, bearer) dies at once", async () => {
      const { jar, email, user } = await t.signedIn();
      const otherTab = new CookieJar();
      await t.request("/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar: otherTab });
      const bearer = otherTab.get("access_token_cookie") as string;
      expect((await t.request("/api/users/me", { jar: otherTab })).status).toBe(200);

      const res = await t.json<any>("/api/users/logout", { method: "POST", jar, csrf: true });
      expect(res.body.user.public_id).not.toBe(user.public_id);
      expect((await t.request("/api/users/me", { jar: otherTab })).status).toBe(401);
      expect((await t.request("/api/users/me", { headers: { authorization: `Bearer ${bearer}` } })).status).toBe(401);

      // Signing in again works, with the new public_id as subject.
      const again = new CookieJar();
      const login = await t.json<any>("/api/users/login", {
        method: "POST",
        body: { email, password: PASSWORD },
        jar: again,
      });
      expect(login.body.user.public_id).toBe(res.body.user.public_id);
      expect((await t.request("/api/users/me", { jar: again })).status).toBe(200);
    });

    test("a bearer token can log itself out without CSRF", async () => {
      const { jar } = await t.signedIn();
      const bearer = jar.get("access_token_cookie") as string;
      const headers = { authorization: `Bearer ${bearer}` };
      expect((await t.request("/api/users/logout", { method: "POST", headers })).status).toBe(200);
      expect((await t.request("/api/users/me", { headers })).status).toBe(401);
    });

    test("401 without a token, 403 without the CSRF header (and the session survives)", async () => {
      const { jar } = await t.signedIn();
      expect((await t.request("/api/users/logout", { method: "POST" })).status).toBe(401);
      expect((await t.request("/api/users/logout", { method: "POST", jar })).status).toBe(403);
      expect((await t.request("/api/users/me", { jar })).status).toBe(200);
    });
  });
}
