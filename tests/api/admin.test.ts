/**
 * The admin API on both backends: authorization for every route (no token, a user's token, no
 * CSRF header, a demoted admin's bearer token), search and keyset pagination (every user exactly
 * once while others sign up during the walk), lock (the same 401 as a wrong password; every
 * session ended at once on a second app sharing the store), sign-out, roles (never your own, never
 * the last admin, even when two admins demote each other at once), delete, and the audit trail:
 * exactly one entry per action, none for a failed one.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";

type Json = Record<string, any>;

for (const spec of BACKENDS) {
  describe(`admin [${spec.name}]`, () => {
    let t: TestApp;
    let admin: { email: string; jar: CookieJar; uid: string };
    const adminEmail = uniqueEmail("admin");
    const secondAdminEmail = uniqueEmail("admin2");

    const uidOf = async (email: string) => {
      const [row] = await t.backend.db.sql<{ stable_id: string }>`select stable_id from users where email = ${email}`;
      return row?.stable_id as string;
    };
    const auditCount = async () => {
      const [row] = await t.backend.db.sql<{ n: number }>`select count(*)::int as n from audit_log`;
      return Number(row?.n);
    };
    const as = (jar: CookieJar, method: string, path: string, body?: unknown, csrf = true) =>
      t.json<Json>(path, { method, body, jar, csrf });

    beforeAll(async () => {
      t = await TestApp.create(await spec.open(), { adminEmails: [adminEmail, secondAdminEmail] });
      const signedIn = await t.signedIn({ email: adminEmail, username: "the_admin" });
      admin = { ...signedIn, uid: await uidOf(adminEmail) };
    });

    test("ADMIN_EMAILS sign up as admins; others as users", async () => {
      expect((await t.json<Json>("/api/users/me", { jar: admin.jar })).body.user.role).toBe("admin");
      const plain = await t.signedIn();
      expect((await t.json<Json>("/api/users/me", { jar: plain.jar })).body.user.role).toBe("user");
    });

    test("every admin route: 401 without a token, 403 for a user, 403 without CSRF on writes", async () => {
      const user = await t.signedIn();
      const uid = await uidOf(user.email);
      const routes: Array<[string, string, unknown, boolean]> = [
        ["GET", "/api/admin/users", undefined, false],
        ["GET", `/api/admin/users/${uid}`, undefined, false],
        ["POST", `/api/admin/users/${uid}/lock`, {}, true],
        ["POST", `/api/admin/users/${uid}/unlock`, undefined, true],
        ["POST", `/api/admin/users/${uid}/signout`, undefined, true],
        ["PUT", `/api/admin/users/${uid}/role`, { role: "admin" }, true],
        ["DELETE", `/api/admin/users/${uid}`, undefined, true],
        ["GET", "/api/admin/audit", undefined, false],
      ];
      const before = await auditCount();
      for (const [method, path, body, write] of routes) {
        const none = await t.request(path, { method, body });
        const asUser = await t.request(path, { method, body, jar: user.jar, csrf: true });
        expect({ path, none: none.status, user: asUser.status }).toEqual({ path, none: 401, user: 403 });
        if (write)
          expect({ path, status: (await as(admin.jar, method, path, body, false)).status }).toEqual({
            path,
            status: 403,
          });
      }
      expect(await auditCount()).toBe(before);
      expect((await t.json<Json>("/api/users/me", { jar: user.jar })).body.user.role).toBe("user");
    });

    test("search by the start of username or e-mail, any case; wildcards are literal; bad input 422", async () => {
      const tag = `srch${crypto.randomUUID().slice(0, 6)}`;
      await t.signup({ username: `${tag}_alice`, email: uniqueEmail("x") });
      await t.signup({ username: "someone_else", email: `${tag}.bob@example.com` });
      await t.signup({ username: `x${tag}`, email: uniqueEmail("y") });
      const found = await as(admin.jar, "GET", `/api/admin/users?q=${tag.toUpperCase()}`);
      expect(found.status).toBe(200);
      expect(found.body.users.map((u: Json) => u.username).sort()).toEqual([`${tag}_alice`, "someone_else"].sort());
      const user = found.body.users[0];
      expect(Object.keys(user).sort()).toEqual(
        [
          "created_at",
          "email",
          "email_verified",
          "last_sign_in_at",
          "locked",
          "mfa",
          "public_id",
          "role",
          "sessions",
          "uid",
          "username",
        ].sort(),
      );
      expect((await as(admin.jar, "GET", `/api/admin/users?q=${encodeURIComponent(`${tag}%`)}`)).body.users).toEqual(
        [],
      );
      expect((await as(admin.jar, "GET", "/api/admin/users?limit=101")).status).toBe(422);
      expect((await as(admin.jar, "GET", "/api/admin/users?limit=0")).status).toBe(422);
      expect((await as(admin.jar, "GET", "/api/admin/users?cursor=not-a-cursor")).status).toBe(422);
      expect((await as(admin.jar, "GET", "/api/admin/audit?cursor=abc")).status).toBe(422);
    });

    for (const order of ["newest", "oldest"] as const) {
      test(`keyset pagination (${order} first) returns every user exactly once while users sign up during the walk`, async () => {
        const tag = `walk${crypto.randomUUID().slice(0, 6)}`;
        const made: string[] = [];
        for (let i = 0; i < 11; i++)
          made.push((await t.signup({ username: `${tag}_${i}`, email: uniqueEmail(tag) })).email);
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const query: string = `/api/admin/users?q=${tag}&limit=3&order=${order}${cursor ? `&cursor=${cursor}` : ""}`;
          const page = await as(admin.jar, "GET", query);
          expect(page.status).toBe(200);
          seen.push(...page.body.users.map((u: Json) => u.email));
          cursor = page.body.next_cursor;
          // Someone signs up between every two pages.
          await t.signup({ username: `${tag}_late${pages}`, email: uniqueEmail(tag) });
          pages++;
        } while (cursor && pages < 30);
        const early = seen.filter((email) => made.includes(email));
        expect([...early].sort()).toEqual([...made].sort());
        expect(new Set(seen).size).toBe(seen.length);
        // By sign-up date: the order of sign-up, or that reversed.
        expect(early).toEqual(order === "oldest" ? made : [...made].reverse());
        if (order === "oldest") {
          // Oldest first, a walk reaches the sign-ups made during it (after the users it began with).
          expect(seen.slice(0, made.length)).toEqual(made);
          expect(seen.length).toBeGreaterThan(made.length);
        }
      });
    }

    test("every search shape in both orders: matches only, sorted by sign-up date across pages", async () => {
      for (let i = 0; i < 3; i++)
        await t.signup({ username: `wa${crypto.randomUUID().slice(0, 8)}`, email: uniqueEmail("wa") });
      for (const q of ["", "w", "WA", "wal"]) {
        for (const order of ["newest", "oldest"] as const) {
          const users: Json[] = [];
          let cursor: string | null = null;
          for (let pages = 0; pages < 3; pages++) {
            const query: string = `/api/admin/users?limit=4&order=${order}&q=${q}${cursor ? `&cursor=${cursor}` : ""}`;
            const page = await as(admin.jar, "GET", query);
            expect(page.status).toBe(200);
            users.push(...page.body.users);
            cursor = page.body.next_cursor;
            if (!cursor) break;
          }
          expect(users.length).toBeGreaterThan(q ? 2 : 4);
          for (const user of users) {
            expect(`${user.username}\n${user.email}`.toLowerCase()).toMatch(new RegExp(`(^|\n)${q.toLowerCase()}`));
          }
          const times = users.map((user) => Date.parse(user.created_at));
          const sorted = [...times].sort((x, y) => (order === "newest" ? y - x : x - y));
          expect({ q, order, times }).toEqual({ q, order, times: sorted });
          expect(new Set(users.map((user) => user.uid)).size).toBe(users.length);
        }
      }
    });

    test("a cursor belongs to the order it was read in; an unknown order is 422", async () => {
      const tag = `ord${crypto.randomUUID().slice(0, 6)}`;
      for (let i = 0; i < 3; i++) await t.signup({ username: `${tag}_${i}`, email: uniqueEmail(tag) });
      const newest = await as(admin.jar, "GET", `/api/admin/users?q=${tag}&limit=1`);
      const oldest = await as(admin.jar, "GET", `/api/admin/users?q=${tag}&limit=1&order=oldest`);
      expect(newest.body.users[0].username).toBe(`${tag}_2`);
      expect(oldest.body.users[0].username).toBe(`${tag}_0`);
      const crossed = await as(
        admin.jar,
        "GET",
        `/api/admin/users?q=${tag}&limit=1&order=oldest&cursor=${newest.body.next_cursor}`,
      );
      expect(crossed.status).toBe(422);
      expect(JSON.stringify(crossed.body)).toContain("cursor");
      const next = await as(
        admin.jar,
        "GET",
        `/api/admin/users?q=${tag}&limit=1&order=oldest&cursor=${oldest.body.next_cursor}`,
      );
      expect(next.body.users[0].username).toBe(`${tag}_1`);
      expect((await as(admin.jar, "GET", "/api/admin/users?order=sideways")).status).toBe(422);
    });

    test("a user's page: the user, live sessions, recent events; 404 for unknown or malformed ids", async () => {
      const user = await t.signedIn();
      const uid = await uidOf(user.email);
      const page = await as(admin.jar, "GET", `/api/admin/users/${uid}`);
      expect(page.status).toBe(200);
      expect(page.body.user.uid).toBe(uid);
      expect(page.body.user.sessions).toBe(1);
      expect(page.body.user.last_sign_in_at).not.toBeNull();
      expect(page.body.sessions).toHaveLength(1);
      expect(page.body.events.map((e: Json) => e.type)).toEqual(["login", "signup"]);
      expect(JSON.stringify(page.body)).not.toContain("password_hash");
      for (const bad of [crypto.randomUUID(), "nope", "1"]) {
        expect((await as(admin.jar, "GET", `/api/admin/users/${bad}`)).status).toBe(404);
      }
    });

    test("lock: the same 401 as a wrong password; every session ends at once, on another app too; unlock", async () => {
      const user = await t.signedIn();
      const uid = await uidOf(user.email);
      const other = await TestApp.create(t.backend);
      const bearer = (
        await other.json<Json>("/api/users/token", { method: "POST", body: { email: user.email, password: PASSWORD } })
      ).body.access_token;
      const before = await auditCount();
      const locked = await as(admin.jar, "POST", `/api/admin/users/${uid}/lock`, { reason: "abuse report 42" });
      expect(locked.status).toBe(200);
      expect(await auditCount()).toBe(before + 1);
      expect((await t.request("/api/users/me", { jar: user.jar })).status).toBe(401);
      expect((await other.request("/api/users/me", { headers: { authorization: `Bearer ${bearer}` } })).status).toBe(
        401,
      );
      const right = await t.json<Json>("/api/users/login", {
        method: "POST",
        body: { email: user.email, password: PASSWORD },
      });
      const wrong = await t.json<Json>("/api/users/login", {
        method: "POST",
        body: { email: user.email, password: "not it at all" },
      });
      expect(right.status).toBe(401);
      expect(right.body).toEqual(wrong.body);
      const seen = await as(admin.jar, "GET", `/api/admin/users/${uid}`);
      expect(seen.status).toBe(200);
      expect(seen.body.user.locked).toBe(true);

      // A lock without a body is fine too; unlocking lets the password in again.
      expect(
        (await t.json(`/api/admin/users/${uid}/lock`, { method: "POST", jar: admin.jar, csrf: true })).status,
      ).toBe(200);
      expect((await as(admin.jar, "POST", `/api/admin/users/${uid}/unlock`)).status).toBe(200);
      const jar = new CookieJar();
      expect(
        (await t.json("/api/users/login", { method: "POST", body: { email: user.email, password: PASSWORD }, jar }))
          .status,
      ).toBe(200);
      const types = (await t.json<Json>("/api/users/activity", { jar })).body.events.map((e: Json) => e.type);
      expect(types).toContain("account_locked");
      expect(types).toContain("account_unlocked");
      expect((await as(admin.jar, "POST", `/api/admin/users/${admin.uid}/lock`, {})).status).toBe(409);
      expect((await as(admin.jar, "POST", `/api/admin/users/${crypto.randomUUID()}/lock`, {})).status).toBe(404);
    });

    test("sign out everywhere: every session of the account ends", async () => {
      const user = await t.signedIn();
      const uid = await uidOf(user.email);
      expect((await as(admin.jar, "POST", `/api/admin/users/${uid}/signout`)).status).toBe(200);
      expect((await t.request("/api/users/me", { jar: user.jar })).status).toBe(401);
      expect((await as(admin.jar, "GET", `/api/admin/users/${uid}`)).body.user.sessions).toBe(0);
      expect(await t.loginStatus(user.email, PASSWORD)).toBe(200);
    });

    test("roles: never your own; a demoted admin's bearer token is refused at once; 422 for a bad role", async () => {
      const second = await t.signedIn({ email: secondAdminEmail });
      const secondUid = await uidOf(secondAdminEmail);
      const bearer = (
        await t.json<Json>("/api/users/token", {
          method: "POST",
          body: { email: secondAdminEmail, password: PASSWORD },
        })
      ).body.access_token;
      const headers = { authorization: `Bearer ${bearer}` };
      expect((await t.request("/api/admin/users", { headers })).status).toBe(200);
      expect((await as(admin.jar, "PUT", `/api/admin/users/${admin.uid}/role`, { role: "user" })).status).toBe(409);
      expect((await as(admin.jar, "PUT", `/api/admin/users/${secondUid}/role`, { role: "superuser" })).status).toBe(
        422,
      );
      expect((await as(admin.jar, "PUT", `/api/admin/users/${secondUid}/role`, { role: "user" })).status).toBe(200);
      expect((await t.request("/api/admin/users", { headers })).status).toBe(403);
      expect((await t.request("/api/admin/users", { jar: second.jar })).status).toBe(403);
      const types = (await t.json<Json>("/api/users/activity", { jar: second.jar })).body.events.map(
        (e: Json) => e.type,
      );
      expect(types).toContain("role_changed");
      expect((await as(admin.jar, "PUT", `/api/admin/users/${secondUid}/role`, { role: "admin" })).status).toBe(200);
      expect((await t.request("/api/admin/users", { headers })).status).toBe(200);
    });

    test("never the last admin: two admins demoting each other at once, one wins, one gets 409", async () => {
      // Only these two are admins for this test (the shared test database holds others' too).
      const a = await t.signedIn({ email: uniqueEmail("duel-a") });
      const b = await t.signedIn({ email: uniqueEmail("duel-b") });
      const [aUid, bUid] = [await uidOf(a.email), await uidOf(b.email)];
      await t.backend.db.sql`update users set role = 'user' where role = 'admin'`;
      await t.backend.db.sql`update users set role = 'admin' where stable_id in (${aUid}, ${bUid})`;
      try {
        const before = await auditCount();
        const answers = await Promise.all([
          as(a.jar, "PUT", `/api/admin/users/${bUid}/role`, { role: "user" }),
          as(b.jar, "PUT", `/api/admin/users/${aUid}/role`, { role: "user" }),
        ]);
        expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
        expect(await auditCount()).toBe(before + 1);
        const [{ n }] = (await t.backend.db.sql<{
          n: number;
        }>`select count(*)::int as n from users where role = 'admin'`) as [{ n: number }];
        expect(Number(n)).toBe(1);
      } finally {
        await t.backend.db.sql`update users set role = 'admin' where email in (${adminEmail}, ${secondAdminEmail})`;
      }
    });

    test("delete: the account and its data gone, one audit entry naming it; never your own", async () => {
      const user = await t.signedIn();
      const uid = await uidOf(user.email);
      const before = await auditCount();
      expect((await as(admin.jar, "DELETE", `/api/admin/users/${admin.uid}`)).status).toBe(409);
      expect((await as(admin.jar, "DELETE", `/api/admin/users/${crypto.randomUUID()}`)).status).toBe(404);
      expect(await auditCount()).toBe(before);
      expect((await as(admin.jar, "DELETE", `/api/admin/users/${uid}`)).status).toBe(200);
      expect(await auditCount()).toBe(before + 1);
      expect((await t.request("/api/users/me", { jar: user.jar })).status).toBe(401);
      expect(await t.loginStatus(user.email, PASSWORD)).toBe(401);
      expect((await as(admin.jar, "GET", `/api/admin/users/${uid}`)).status).toBe(404);
      const audit = await as(admin.jar, "GET", "/api/admin/audit?limit=1");
      expect(audit.body.entries[0]).toMatchObject({
        action: "account_deleted",
        actor: { uid: admin.uid, email: adminEmail },
        target: { uid, email: user.email },
      });
    });

    test("the audit trail: newest first, one entry per action, paged by cursor", async () => {
      const user = await t.signedIn();
      const uid = await uidOf(user.email);
      await as(admin.jar, "POST", `/api/admin/users/${uid}/lock`, { reason: "test" });
      await as(admin.jar, "POST", `/api/admin/users/${uid}/unlock`);
      await as(admin.jar, "POST", `/api/admin/users/${uid}/signout`);
      const first = await as(admin.jar, "GET", "/api/admin/audit?limit=2");
      expect(first.body.entries.map((e: Json) => e.action)).toEqual(["sessions_revoked", "account_unlocked"]);
      expect(first.body.entries[0].ip).toBeNull();
      const next = await as(admin.jar, "GET", `/api/admin/audit?limit=1&cursor=${first.body.next_cursor}`);
      expect(next.body.entries[0]).toMatchObject({ action: "account_locked", detail: { reason: "test" } });
    });
  });
}
