/**
 * Groups (API.md part 3, "Changes to parts 1 and 2"), on both backends: made, renamed and deleted
 * by an admin, members added and removed by their stable id, each change audited; a user's groups in
 * `admin_user`, seen by a second app (another replica) at once; and the wrong user, no user and no
 * CSRF header refused on every route.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import type { CookieJar } from "../helpers/cookie-jar.ts";
import { client, codeFlow, registerClient } from "../helpers/oidc.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

type Json = any;

for (const spec of BACKENDS) {
  describe(`Groups [${spec.name}]`, () => {
    let t: TestApp;
    let admin: CookieJar;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
      admin = (await t.signedInAdmin({ email: uniqueEmail("groups-admin") })).jar;
    });
    const as = (jar: CookieJar | undefined, method: string, path: string, body?: unknown, csrf = true) =>
      t.json<Json>(path, { method, body, jar, csrf });
    const uidOf = async (email: string): Promise<string> =>
      (await as(admin, "GET", `/api/admin/users?q=${encodeURIComponent(email)}`)).body.users[0].uid;
    const unique = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}`;

    test("made, named as the contract says, and listed", async () => {
      const name = unique("ops");
      const made = await as(admin, "POST", "/api/admin/groups", { name });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({ success: true, group: { name, members: [], member_count: 0 } });
      expect((await as(admin, "POST", "/api/admin/groups", { name })).status).toBe(409);
      for (const bad of ["Ops", "-ops", "", "a".repeat(65), "ops team", "ops/1"]) {
        const refused = await as(admin, "POST", "/api/admin/groups", { name: bad });
        expect([bad, refused.status, refused.body.errors?.[0]?.field]).toEqual([bad, 422, "name"]);
      }
      const listed = await as(admin, "GET", "/api/admin/groups");
      expect(listed.body.groups.map((g: { name: string }) => g.name)).toContain(name);
    });

    test("members by stable id: on their admin_user at once, on another replica too; renamed and deleted with the group", async () => {
      const name = unique("admins");
      await as(admin, "POST", "/api/admin/groups", { name });
      const member = await t.signup({ email: uniqueEmail("member") });
      const uid = await uidOf(member.email);
      const added = await as(admin, "PUT", `/api/admin/groups/${name}/members/${uid}`);
      expect(added.status).toBe(200);
      // Again: nothing changes.
      expect((await as(admin, "PUT", `/api/admin/groups/${name}/members/${uid}`)).status).toBe(200);
      const group = (await as(admin, "GET", "/api/admin/groups")).body.groups.find(
        (g: { name: string }) => g.name === name,
      );
      expect(group).toMatchObject({ member_count: 1, members: [{ uid, email: member.email.toLowerCase() }] });

      const replica = await TestApp.create(t.backend, { counterPrefix: "groups-replica:" });
      const seen = async () => (await replica.json<Json>(`/api/admin/users/${uid}`, { jar: admin })).body.user.groups;
      expect(await seen()).toEqual([name]);

      const renamed = `${name}-2`;
      const rename = await as(admin, "PATCH", `/api/admin/groups/${name}`, { name: renamed });
      expect(rename.status).toBe(200);
      expect(rename.body.group).toMatchObject({ name: renamed, member_count: 1 });
      expect(await seen()).toEqual([renamed]);

      const other = unique("billing");
      await as(admin, "POST", "/api/admin/groups", { name: other });
      await as(admin, "PUT", `/api/admin/groups/${other}/members/${uid}`);
      expect(await seen()).toEqual([other, renamed].sort());
      expect((await as(admin, "DELETE", `/api/admin/groups/${other}/members/${uid}`)).status).toBe(200);
      expect((await as(admin, "DELETE", `/api/admin/groups/${other}/members/${uid}`)).status).toBe(404);
      expect(await seen()).toEqual([renamed]);
      expect((await as(admin, "DELETE", `/api/admin/groups/${renamed}`)).status).toBe(200);
      expect(await seen()).toEqual([]);

      const audit = await as(admin, "GET", "/api/admin/audit?limit=20");
      const actions = audit.body.entries.map((e: { action: string }) => e.action);
      for (const action of [
        "group_created",
        "group_member_added",
        "group_renamed",
        "group_member_removed",
        "group_deleted",
      ]) {
        expect(actions).toContain(action);
      }
      const addedEntry = audit.body.entries.find(
        (e: { action: string; detail: { group?: string } }) => e.action === "group_member_added",
      );
      expect(addedEntry.target.uid).toBe(uid);
    });

    test("the OpenID provider's `groups` scope: the groups claim at userinfo", async () => {
      const name = unique("oidc");
      await as(admin, "POST", "/api/admin/groups", { name });
      const user = await t.signedIn({ email: uniqueEmail("oidc-groups") });
      await as(admin, "PUT", `/api/admin/groups/${name}/members/${await uidOf(user.email)}`);
      const callback = "https://groups-app.example.com/cb";
      const app = await registerClient(t, admin, {
        name: "Groups app",
        type: "confidential",
        redirect_uris: [callback],
        first_party: true,
        scopes: "openid groups",
      });
      const { config, tokens } = await codeFlow(t, user.jar, app, { redirect_uri: callback, scope: "openid groups" });
      const claims = tokens.claims() as Json;
      const info = (await client.fetchUserInfo(config, tokens.access_token, claims.sub)) as Json;
      expect(info.groups).toEqual([name]);
    });

    test("404 for an unknown group or user; 409 for a rename onto a taken name", async () => {
      const name = unique("known");
      const taken = unique("taken");
      await as(admin, "POST", "/api/admin/groups", { name });
      await as(admin, "POST", "/api/admin/groups", { name: taken });
      const uid = await uidOf((await t.signup({ email: uniqueEmail("someone") })).email);
      expect((await as(admin, "PUT", `/api/admin/groups/nope-${name}/members/${uid}`)).status).toBe(404);
      expect((await as(admin, "PUT", `/api/admin/groups/${name}/members/${crypto.randomUUID()}`)).status).toBe(404);
      expect((await as(admin, "PUT", `/api/admin/groups/${name}/members/not-a-uuid`)).status).toBe(404);
      expect((await as(admin, "DELETE", `/api/admin/groups/nope-${name}`)).status).toBe(404);
      expect((await as(admin, "PATCH", `/api/admin/groups/nope-${name}`, { name: unique("x") })).status).toBe(404);
      expect((await as(admin, "PATCH", `/api/admin/groups/${name}`, { name: taken })).status).toBe(409);
    });

    test("the wrong user, no user, no CSRF header: refused on every route", async () => {
      const name = unique("guarded");
      await as(admin, "POST", "/api/admin/groups", { name });
      const someone = await t.signedIn({ email: uniqueEmail("not-admin") });
      const uid = await uidOf(someone.email);
      const routes: Array<[string, string, unknown?]> = [
        ["GET", "/api/admin/groups"],
        ["POST", "/api/admin/groups", { name: unique("x") }],
        ["PATCH", `/api/admin/groups/${name}`, { name: unique("y") }],
        ["DELETE", `/api/admin/groups/${name}`],
        ["PUT", `/api/admin/groups/${name}/members/${uid}`],
        ["DELETE", `/api/admin/groups/${name}/members/${uid}`],
      ];
      for (const [method, path, body] of routes) {
        expect([method, path, (await as(someone.jar, method, path, body)).status]).toEqual([method, path, 403]);
        expect([method, path, (await as(undefined, method, path, body)).status]).toEqual([method, path, 401]);
        if (method !== "GET") {
          expect([method, path, (await as(admin, method, path, body, false)).status]).toEqual([method, path, 403]);
        }
      }
      expect(
        (await as(admin, "GET", "/api/admin/groups")).body.groups.find((g: { name: string }) => g.name === name),
      ).toMatchObject({
        member_count: 0,
      });
    });
  });
}
