/**
 * Forward auth under ACCESS_RULES (API.md part 3), on both backends, through GET /api/auth/verify as
 * nginx asks it: each policy's answer for nobody, the right user and the wrong one; a group given on
 * another replica counting at once; two_factor asking a one-factor session to step up (401 with
 * X-Auth-Step-Up) and passing a two-factor one; a bad reload keeping the rules in force; a spoofed
 * X-Forwarded-Host ignored without TRUST_PROXY.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type WatchedRules, watchRules } from "../../src/access/rules-file.ts";
import { silentLogger } from "../../src/http/log.ts";
import { totpCode } from "../../src/two-factor/codes.ts";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const rulesText = (group: string) => `default_policy: signed_in
rules:
  - hosts: [public.example.com]
    policy: bypass
  - hosts: [app.example.com]
    paths: ["/public/**"]
    policy: bypass
  - hosts: [app.example.com]
    paths: ["/admin/**"]
    groups: [${group}]
    policy: signed_in
  - hosts: [app.example.com]
    paths: ["/admin/**"]
    policy: deny
  - hosts: [app.example.com]
    paths: ["/vault/**"]
    policy: two_factor
  - hosts: ["blocked.example.com"]
    policy: deny
`;

for (const spec of BACKENDS) {
  describe(`Access rules at forward auth [${spec.name}]`, () => {
    let t: TestApp;
    let replica: TestApp;
    let rules: WatchedRules;
    let path: string;
    let admin: CookieJar;
    const group = `admins-${crypto.randomUUID().slice(0, 8)}`;
    beforeAll(async () => {
      path = join(await mkdtemp(join(tmpdir(), "datta-access-")), "rules.yaml");
      await writeFile(path, rulesText(group));
      rules = watchRules(path, silentLogger, { watch: false });
      const backend = await spec.open();
      t = await TestApp.create(backend, { accessRules: rules, trustProxy: true });
      replica = await TestApp.create(backend, { accessRules: rules, trustProxy: true });
      admin = (await t.signedInAdmin({ email: uniqueEmail("rules-admin") })).jar;
      await t.json("/api/admin/groups", { method: "POST", body: { name: group }, jar: admin, csrf: true });
    });
    afterAll(() => rules?.stop());

    const verify = (host: string, uri: string, jar?: CookieJar, app: TestApp = t) =>
      app.request("/api/auth/verify", { jar, headers: { "x-forwarded-host": host, "x-forwarded-uri": uri } });
    const statusOf = async (host: string, uri: string, jar?: CookieJar) => (await verify(host, uri, jar)).status;

    test("bypass: 200 with no identity, signed in or not", async () => {
      const { jar } = await t.signedIn({ email: uniqueEmail("bypass") });
      for (const who of [undefined, jar]) {
        for (const [host, uri] of [
          ["public.example.com", "/anything"],
          ["app.example.com", "/public/logo.png?v=2"],
        ] as const) {
          const res = await verify(host, uri, who);
          expect([host, uri, res.status]).toEqual([host, uri, 200]);
          expect(res.headers.get("x-auth-user-id")).toBeNull();
          expect(res.headers.get("x-auth-assertion")).toBeNull();
        }
      }
    });

    test("signed_in (the default): 401 for nobody, 200 with the identity and the groups for a user", async () => {
      const { jar } = await t.signedIn({ email: uniqueEmail("default") });
      expect(await statusOf("app.example.com", "/home")).toBe(401);
      const res = await verify("app.example.com", "/home", jar);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-auth-user-id")).toBeTruthy();
      expect(res.headers.get("x-auth-user-groups")).toBe("");
    });

    test("deny: 403 for nobody and for anybody", async () => {
      const { jar } = await t.signedIn({ email: uniqueEmail("denied") });
      expect(await statusOf("blocked.example.com", "/")).toBe(403);
      const res = await verify("blocked.example.com", "/", jar);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ success: false, msg: "You may not reach this page." });
      expect(res.headers.get("x-auth-user-id")).toBeNull();
      // The page nginx's error_page shows for it.
      const page = await t.request("/api/auth/forbidden");
      expect(page.status).toBe(403);
      expect(page.headers.get("content-type")).toContain("text/html");
      expect(await page.text()).toContain("You may not reach this page");
    });

    test("a group's path: nobody signs in, the wrong user 403, the group given on another replica counts at once", async () => {
      const member = await t.signedIn({ email: uniqueEmail("member") });
      expect(await statusOf("app.example.com", "/admin/panel")).toBe(401);
      expect(await statusOf("app.example.com", "/admin/panel", member.jar)).toBe(403);
      const users = await replica.json<any>(`/api/admin/users?q=${encodeURIComponent(member.email)}`, { jar: admin });
      const uid = users.body.users[0].uid as string;
      const added = await replica.json(`/api/admin/groups/${group}/members/${uid}`, {
        method: "PUT",
        jar: admin,
        csrf: true,
      });
      expect(added.status).toBe(200);
      const res = await verify("app.example.com", "/admin/panel", member.jar);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-auth-user-groups")).toBe(group);
      // Taken away on this one: refused on the other at once.
      await t.json(`/api/admin/groups/${group}/members/${uid}`, { method: "DELETE", jar: admin, csrf: true });
      expect((await verify("app.example.com", "/admin/panel", member.jar, replica)).status).toBe(403);
    });

    test("two_factor: a password's session steps up with the app's code, and the same session then passes", async () => {
      const account = await t.signedIn({ email: uniqueEmail("vault") });
      const stepUp = await verify("app.example.com", "/vault/secrets", account.jar);
      expect(stepUp.status).toBe(401);
      expect(stepUp.headers.get("x-auth-step-up")).toBe("1");
      expect(stepUp.headers.get("x-auth-user-id")).toBeNull();
      expect(await statusOf("app.example.com", "/vault/secrets")).toBe(401);
      const raise = (body: unknown, jar: CookieJar | undefined = account.jar, csrf = true) =>
        t.json<any>("/api/users/login/step-up", { method: "POST", body, jar, csrf });
      // No second factor yet: nothing to give.
      expect((await raise({ code: "123456" })).status).toBe(409);

      const appNow = () => Date.now() + t.appClockOffset * 1000;
      const post = (url: string, body: unknown) =>
        t.json<any>(url, { method: "POST", body, jar: account.jar, csrf: true });
      const secret = (await post("/api/users/2fa/totp", { password: PASSWORD })).body.secret as string;
      expect((await post("/api/users/2fa/totp/confirm", { code: totpCode(secret, appNow()) })).status).toBe(200);
      // Setting the app up proved it once, but this session was signed in by the password alone.
      expect((await verify("app.example.com", "/vault/secrets", account.jar)).status).toBe(401);
      t.appClockOffset += 30;
      const code = totpCode(secret, appNow());
      expect((await raise({ code }, new CookieJar())).status).toBe(401);
      expect((await raise({ code }, account.jar, false)).status).toBe(403);
      expect((await raise({ code: "000000" === code ? "111111" : "000000" })).status).toBe(401);
      const sidBefore = (await t.json<any>("/api/users/sessions", { jar: account.jar })).body.sessions.find(
        (x: { current: boolean }) => x.current,
      ).id;
      const raised = await raise({ code });
      expect(raised.status).toBe(200);
      // Used once: the same code again is refused.
      expect((await raise({ code })).status).toBe(401);
      const passed = await verify("app.example.com", "/vault/secrets", account.jar);
      expect(passed.status).toBe(200);
      expect(passed.headers.get("x-auth-step-up")).toBeNull();
      const current = (await t.json<any>("/api/users/sessions", { jar: account.jar })).body.sessions.find(
        (x: { current: boolean }) => x.current,
      );
      expect(current).toMatchObject({ id: sidBefore, method: "password+totp" });

      // A sign-in with the code counts two from the start.
      t.appClockOffset += 30;
      const jar = new CookieJar();
      const first = await t.json<any>("/api/users/login", {
        method: "POST",
        body: { email: account.email, password: PASSWORD },
        jar,
      });
      const second = await t.json("/api/users/login/2fa", {
        method: "POST",
        body: { mfa_token: first.body.mfa_token, code: totpCode(secret, appNow()) },
        jar,
      });
      expect(second.status).toBe(200);
      expect((await verify("app.example.com", "/vault/secrets", jar)).status).toBe(200);
    });

    test("a bad reload keeps the rules in force", async () => {
      await writeFile(path, "rules:\n  - hosts: ['*']\n    policy: whatever\n");
      expect(rules.reload()).toBe(false);
      expect(await statusOf("public.example.com", "/")).toBe(200);
      expect(await statusOf("blocked.example.com", "/")).toBe(403);
      await writeFile(path, rulesText(group));
      expect(rules.reload()).toBe(true);
    });

    test("without TRUST_PROXY a spoofed X-Forwarded-Host is not believed: the request's own Host decides", async () => {
      const direct = await TestApp.create(t.backend, { accessRules: rules, trustProxy: false });
      // "localhost" (this request's Host) falls to the default: a sign-in is needed.
      expect((await verify("public.example.com", "/", undefined, direct)).status).toBe(401);
      expect(
        (await direct.request("/api/auth/verify", { headers: { host: "public.example.com", "x-forwarded-uri": "/" } }))
          .status,
      ).toBe(200);
    });
  });
}
