/**
 * Scenario: a script or another service signs in for a bearer token (no cookies) and uses it.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

for (const spec of BACKENDS) {
  describe(`POST /api/users/token [${spec.name}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
    });

    const token = (body: unknown) => t.json<any>("/api/users/token", { method: "POST", body });

    test("200 {access_token, token_type: Bearer, expires_in}, and no cookie", async () => {
      const account = await t.signup();
      const res = await token({ email: account.email, password: PASSWORD });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(["access_token", "expires_in", "token_type"]);
      expect(res.body.token_type).toBe("Bearer");
      expect(res.body.expires_in).toBeGreaterThan(890);
      expect(res.body.expires_in).toBeLessThanOrEqual(900);
      expect(res.response.headers.getSetCookie()).toHaveLength(0);
      const me = await t.json<any>("/api/users/me", { headers: { authorization: `Bearer ${res.body.access_token}` } });
      expect(me.body.user.email).toBe(account.email);
    });

    test("revoked exactly like a cookie token", async () => {
      const account = await t.signup();
      const headers = {
        authorization: `Bearer ${(await token({ email: account.email, password: PASSWORD })).body.access_token}`,
      };
      expect((await t.request("/api/users/logout", { method: "POST", headers })).status).toBe(200);
      expect((await t.request("/api/users/me", { headers })).status).toBe(401);
    });

    test("the same failures as login: one 401 for both, 422 for bad input", async () => {
      const account = await t.signup();
      const wrong = await token({ email: account.email, password: "wrong password" });
      const unknown = await token({ email: uniqueEmail(), password: "wrong password" });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body).toEqual(unknown.body);
      expect((await token({ email: "nope", password: PASSWORD })).status).toBe(422);
      expect((await token({ email: account.email })).status).toBe(422);
    });
  });
}
