/**
 * The access rules as admins see them (issue 29), on both backends: GET /api/admin/access/rules (the
 * rules in force, as written) and GET /api/admin/access/check ("Who can reach this?": the rule that
 * decides and why, for a user or for nobody); neither for a user who is not an admin, nor for nobody,
 * nor with a forged or expired token; a bad question is a 422, an unknown e-mail a 404.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type WatchedRules, watchRules } from "../../src/access/rules-file.ts";
import { silentLogger } from "../../src/http/log.ts";
import { TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import type { CookieJar } from "../helpers/cookie-jar.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

for (const spec of BACKENDS) {
  describe(`The rules in the admin API [${spec.name}]`, () => {
    let t: TestApp;
    let bare: TestApp;
    let rules: WatchedRules;
    let admin: CookieJar;
    const group = `ops-${crypto.randomUUID().slice(0, 8)}`;
    const member = uniqueEmail("ops-member");
    beforeAll(async () => {
      const path = join(await mkdtemp(join(tmpdir(), "datta-console-")), "rules.json");
      await writeFile(
        path,
        JSON.stringify({
          default_policy: "deny",
          rules: [
            { hosts: ["app.example.com"], paths: ["/public/**"], policy: "bypass" },
            { hosts: ["app.example.com"], paths: ["/ops/**"], groups: [group], policy: "two_factor" },
            { hosts: ["*.example.com"], methods: ["GET"], policy: "signed_in" },
          ],
        }),
      );
      rules = watchRules(path, silentLogger, { watch: false });
      const backend = await spec.open();
      t = await TestApp.create(backend, { accessRules: rules });
      bare = await TestApp.create(backend);
      admin = (await t.signedInAdmin({ email: uniqueEmail("console-admin") })).jar;
      await t.signedIn({ email: member });
      await t.json("/api/admin/groups", { method: "POST", body: { name: group }, jar: admin, csrf: true });
      const found = await t.json<any>(`/api/admin/users?q=${encodeURIComponent(member)}`, { jar: admin });
      const uid = found.body.users[0].uid as string;
      await t.json(`/api/admin/groups/${group}/members/${uid}`, { method: "PUT", jar: admin, csrf: true });
    });
    afterAll(() => rules?.stop());

    const check = (query: Record<string, string>, app: TestApp = t, jar: CookieJar | undefined = admin) =>
      app.json<any>(`/api/admin/access/check?${new URLSearchParams(query)}`, { jar });

    test("the rules in force, as written and in order; without a file, none and signed_in", async () => {
      const res = await t.json<any>("/api/admin/access/rules", { jar: admin });
      expect(res.status).toBe(200);
      expect(res.body.file).toBe(rules.path);
      expect(res.body.default_policy).toBe("deny");
      expect(res.body.rules).toEqual([
        { number: 1, policy: "bypass", hosts: ["app.example.com"], paths: ["/public/**"] },
        { number: 2, policy: "two_factor", hosts: ["app.example.com"], paths: ["/ops/**"], groups: [group] },
        { number: 3, policy: "signed_in", hosts: ["*.example.com"], methods: ["GET"] },
      ]);
      const none = await bare.json<any>("/api/admin/access/rules", { jar: admin });
      expect(none.body).toEqual({ success: true, file: null, default_policy: "signed_in", rules: [] });
    });

    test("who can reach this: each answer with the rule that gives it and why", async () => {
      const answer = async (query: Record<string, string>) => {
        const res = await check(query);
        expect(res.status).toBe(200);
        return [res.body.answer, res.body.rule, res.body.policy];
      };
      expect(await answer({ host: "app.example.com", path: "/public/a.png" })).toEqual(["bypass", 1, "bypass"]);
      expect(await answer({ host: "App.Example.com", path: "/ops/deploy" })).toEqual(["sign_in", 2, "two_factor"]);
      expect(await answer({ host: "app.example.com", path: "/ops/deploy", user: member })).toEqual([
        "step_up",
        2,
        "two_factor",
      ]);
      // Not in the group: rule 2 passes them over, rule 3 lets them in.
      const other = uniqueEmail("not-ops");
      await t.signedIn({ email: other });
      expect(await answer({ host: "app.example.com", path: "/ops/deploy", user: other })).toEqual([
        "allow",
        3,
        "signed_in",
      ]);
      expect(await answer({ host: "app.example.com", path: "/x", method: "post", user: other })).toEqual([
        "deny",
        null,
        "deny",
      ]);
      const why = await check({ host: "app.example.com", path: "/ops/deploy", user: member });
      expect(why.body.reason).toBe(
        `Rule 2 (two_factor) decides. ${member} reaches it with two factors: a session signed in with one is sent to the step-up page first.`,
      );
      expect((await check({ host: "other.test" })).body.reason).toBe(
        "No rule matches, so the default policy (deny) decides. Nobody reaches it: the proxy answers 403.",
      );
    });

    test("a bad question: 422 naming each field; an unknown e-mail: 404", async () => {
      const bad = await check({ host: "https://app.example.com/x", path: "nope", method: "FETCH" });
      expect(bad.status).toBe(422);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(["host", "path", "method"]);
      const missing = await check({});
      expect(missing.status).toBe(422);
      const unknown = await check({ host: "app.example.com", user: uniqueEmail("nobody-here") });
      expect(unknown.status).toBe(404);
      expect(unknown.body.msg).toBe("No account uses that e-mail address.");
    });

    test("not for a user who is not an admin, nor nobody, nor a forged, expired or signed-out token", async () => {
      const user = (await t.signedIn({ email: uniqueEmail("console-user") })).jar;
      const token = admin.get("access_token_cookie") as string;
      const [header, payload] = token.split(".") as [string, string];
      // The admin's own claims, signed with another key.
      const key = await crypto.subtle.importKey(
        "raw",
        new TextEncoder().encode("not the server's secret"),
        {
          name: "HMAC",
          hash: "SHA-256",
        },
        false,
        ["sign"],
      );
      const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${header}.${payload}`));
      const forged = `${header}.${payload}.${Buffer.from(mac).toString("base64url")}`;
      const gone = await t.signedInAdmin({ email: uniqueEmail("console-gone") });
      const goneToken = gone.jar.get("access_token_cookie") as string;
      await t.json("/api/users/logout", { method: "POST", jar: gone.jar, csrf: true });
      const bearer = (value: string) => ({ headers: { authorization: `Bearer ${value}` } });
      for (const path of ["/api/admin/access/rules", "/api/admin/access/check?host=app.example.com"]) {
        expect((await t.request(path, { jar: user })).status).toBe(403);
        expect((await t.request(path)).status).toBe(401);
        expect((await t.request(path, bearer(forged))).status).toBe(401);
        expect((await t.request(path, bearer(goneToken))).status).toBe(401);
        expect((await t.request(path, bearer(token))).status).toBe(200);
        t.clockOffset = 901;
        try {
          expect((await t.request(path, bearer(token))).status).toBe(401);
        } finally {
          t.clockOffset = 0;
        }
      }
    });
  });
}
