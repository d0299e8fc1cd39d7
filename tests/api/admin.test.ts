/**
 * The admin API on both backends: who is an admin (ADMIN_EMAILS only for a confirmed address, the
 * role going with the address; an explicit grant stays), authorization for every route (no token,
 * a user's token, no CSRF header, a demoted admin's bearer token), search and keyset pagination
 * (every user exactly once while others sign up during the walk), lock (the same 401 as a wrong
 * password; every session ended at once on a second app sharing the store), sign-out, roles (never
 * your own, never the last admin, a body that is not a role is 422), delete, admins racing each
 * other (never both succeed, an admin who can sign in always remains), and the audit trail: exactly
 * one entry per action, none for a failed one.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { adminEmailRoles } from "../../src/admin/admin-emails.ts";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { linkToken, startMailbox, type TestMailbox } from "../helpers/mail.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

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

    const listed = [adminEmail, secondAdminEmail];
    let mailbox: TestMailbox;
    const role = async (jar: CookieJar) => (await t.json<Json>("/api/users/me", { jar })).body.user.role;
    /** Follows the newest confirmation link mailed to `email`, as its owner would. */
    const confirm = async (email: string) => {
      const mails = await mailbox.deliver(email);
      const verified = await t.json<Json>("/api/users/email/verify", {
        method: "POST",
        body: { token: linkToken(mails.at(-1), "verify-email") },
      });
      expect(verified.status).toBe(200);
      return verified.body.user;
    };
    const routesFor = (uid: string): Array<[string, string, unknown, boolean]> => [
      ["GET", "/api/admin/users", undefined, false],
      ["GET", `/api/admin/users/${uid}`, undefined, false],
      ["POST", `/api/admin/users/${uid}/lock`, {}, true],
      ["POST", `/api/admin/users/${uid}/unlock`, undefined, true],
      ["POST", `/api/admin/users/${uid}/signout`, undefined, true],
      ["PUT", `/api/admin/users/${uid}/role`, { role: "admin" }, true],
      ["DELETE", `/api/admin/users/${uid}`, undefined, true],
      ["GET", "/api/admin/audit", undefined, false],
    ];

    beforeAll(async () => {
      t = await TestApp.create(await spec.open(), { adminEmails: listed });
      // The backlog other files left (their sign-ups' mail, with no worker running) is not this
      // file's to send: its worker would spend each test's time on it.
      await t.backend.db.sql`delete from mail_outbox where sent_at is null`;
      mailbox = await startMailbox(t.backend);
      const signedIn = await t.signedIn({ email: adminEmail, username: "the_admin" });
      await confirm(adminEmail);
      admin = { ...signedIn, uid: await uidOf(adminEmail) };
    });
    afterAll(() => mailbox.stop());

    test("ADMIN_EMAILS: an unconfirmed account with a listed address, in any case, is a user (403 everywhere); confirming it makes the admin", async () => {
      // A stranger signs up first with the address the operator listed, in other letters.
      const listedAddress = uniqueEmail("boss");
      const guarded = await TestApp.create(t.backend, { adminEmails: [listedAddress] });
      const stranger = await guarded.signedIn({ email: listedAddress.toUpperCase() });
      const me = await guarded.json<Json>("/api/users/me", { jar: stranger.jar });
      expect(me.body.user).toMatchObject({ role: "user", email_verified: false });
      const target = await t.signedIn();
      const before = await auditCount();
      for (const [method, path, body] of routesFor(await uidOf(target.email))) {
        const answer = await guarded.request(path, { method, body, jar: stranger.jar, csrf: true });
        expect({ path, status: answer.status }).toEqual({ path, status: 403 });
      }
      expect(await auditCount()).toBe(before);
      // A start of the server grants nothing to an unconfirmed address either.
      await adminEmailRoles([listedAddress]).reconcile(t.backend.db.sql);
      expect((await guarded.json<Json>("/api/users/me", { jar: stranger.jar })).body.user.role).toBe("user");
      // Whoever follows the link mailed to the address has proven it: then, and only then, the role.
      const confirmed = await guarded.json<Json>("/api/users/email/verify", {
        method: "POST",
        body: { token: linkToken((await mailbox.deliver(listedAddress)).at(-1), "verify-email") },
      });
      expect(confirmed.body.user).toMatchObject({ role: "admin", email_verified: true });
      expect((await guarded.request("/api/admin/users", { jar: stranger.jar })).status).toBe(200);
      const audit = await as(admin.jar, "GET", "/api/admin/audit?limit=1");
      expect(audit.body.entries[0]).toMatchObject({
        action: "role_changed",
        actor: { uid: null, email: "ADMIN_EMAILS" },
        target: { email: listedAddress },
        detail: { from: "user", to: "admin" },
      });
      const plain = await t.signedIn();
      expect(await role(plain.jar)).toBe("user");
    });

    test("ADMIN_EMAILS: moving an address onto a listed one grants nothing until confirmed; the role goes with the address; an explicit grant stays", async () => {
      const listedAddress = uniqueEmail("chief");
      const app = await TestApp.create(t.backend, { adminEmails: [listedAddress] });
      const mover = await app.signedIn();
      const moved = await app.json<Json>("/api/users/update", {
        method: "PUT",
        body: { email: listedAddress, current_password: PASSWORD },
        jar: mover.jar,
        csrf: true,
      });
      expect(moved.status).toBe(200);
      expect(moved.body.user.role).toBe("user");
      await adminEmailRoles([listedAddress]).reconcile(t.backend.db.sql);
      expect(await role(mover.jar)).toBe("user");
      await app.json("/api/users/email/verify", {
        method: "POST",
        body: { token: linkToken((await mailbox.deliver(listedAddress)).at(-1), "verify-email") },
      });
      expect(await role(mover.jar)).toBe("admin");
      // Its confirmed admin address changes: the grant that came with it goes.
      const away = await app.json<Json>("/api/users/update", {
        method: "PUT",
        body: { email: uniqueEmail("elsewhere"), current_password: PASSWORD },
        jar: mover.jar,
        csrf: true,
      });
      expect(away.body.user.role).toBe("user");
      expect((await app.request("/api/admin/users", { jar: mover.jar })).status).toBe(403);
      // An admin made by an explicit grant keeps the role whatever the address does.
      const granted = await app.signedIn();
      await app.grantAdmin(granted.email);
      const changed = await app.json<Json>("/api/users/update", {
        method: "PUT",
        body: { email: uniqueEmail("granted"), current_password: PASSWORD },
        jar: granted.jar,
        csrf: true,
      });
      expect(changed.body.user.role).toBe("admin");
    });

    test("at start, admins from before roles had a source: an unconfirmed listed address loses the role, a confirmed one gets it", async () => {
      const squatter = await t.signedIn({ email: uniqueEmail("squat") });
      const owner = await t.signedIn({ email: uniqueEmail("owner") });
      const other = await t.signedIn({ email: uniqueEmail("legacy") });
      const { sql } = t.backend.db;
      // As an earlier version left them: the squatter made admin at sign-up, the other by a grant.
      await sql`update users set role = 'admin', admin_source = null where email in (${squatter.email}, ${other.email})`;
      await sql`update users set email_verified = true where email = ${owner.email}`;
      await adminEmailRoles([squatter.email, owner.email]).reconcile(sql);
      expect(await role(squatter.jar)).toBe("user");
      expect(await role(owner.jar)).toBe("admin");
      expect(await role(other.jar)).toBe("admin");
      const [row] = await sql<{ admin_source: string }>`select admin_source from users where email = ${other.email}`;
      expect(row?.admin_source).toBe("explicit");
    });

    test("every admin route: 401 without a token, 403 for a user, 403 without CSRF on writes", async () => {
      const user = await t.signedIn();
      const uid = await uidOf(user.email);
      const routes = routesFor(uid);
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
          "groups",
          "language",
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

    test("lock: the right password told so (403), a wrong one the usual 401; every session ends at once, on another app too; unlock", async () => {
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
      // The right password is told the account is locked; a wrong one gets the one answer.
      expect(right.status).toBe(403);
      expect(right.body.msg).toBe("This account is locked. Contact your administrator.");
      expect(wrong.status).toBe(401);
      expect(wrong.body.msg).toBe("Wrong e-mail or password.");
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
      const second = await t.signedInAdmin({ email: secondAdminEmail });
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

    test("a role body that is not {role: user|admin} is 422 on `role`, and changes nothing", async () => {
      const user = await t.signedIn();
      const uid = await uidOf(user.email);
      const before = await auditCount();
      for (const body of [
        "{}",
        "null",
        "1",
        "[]",
        '"admin"',
        '{"role":null}',
        '{"role":["admin"]}',
        '{"role":"Admin"}',
      ]) {
        const answer = await t.json<Json>(`/api/admin/users/${uid}/role`, {
          method: "PUT",
          body,
          jar: admin.jar,
          csrf: true,
        });
        expect({ body, status: answer.status, fields: answer.body.errors?.map((e: Json) => e.field) }).toEqual({
          body,
          status: 422,
          fields: ["role"],
        });
      }
      expect(await auditCount()).toBe(before);
      expect(await role(user.jar)).toBe("user");
      // Nor is an admin demoted by one.
      const other = await t.signedInAdmin();
      const otherUid = await uidOf(other.email);
      for (const body of ["{}", "null"]) {
        await t.json(`/api/admin/users/${otherUid}/role`, { method: "PUT", body, jar: admin.jar, csrf: true });
      }
      expect(await role(other.jar)).toBe("admin");
    });

    test("never the last admin: an admin who can sign in always remains (the command line cannot demote the last)", async () => {
      const { sql } = t.backend.db;
      const a = await t.signedInAdmin({ email: uniqueEmail("last-a") });
      // Only `a` is an admin for this test (the shared test database holds others' too).
      const others = await sql<{ email: string }>`select email from users where role = 'admin' and email <> ${a.email}`;
      await sql`update users set role = 'user', admin_source = null where role = 'admin' and email <> ${a.email}`;
      try {
        const repo = (await import("../../src/admin/repository.ts")).createAdminRepository(sql);
        const [row] = await sql<{ id: string; stable_id: string; email: string }>`
          select id::text as id, stable_id, email from users where email = ${a.email}
        `;
        const nobody = { ip: null, userAgent: null };
        expect(
          await repo.setRole(
            "command line",
            { ...(row as { id: string; stable_id: string; email: string }), language: null },
            "user",
            nobody,
          ),
        ).toBe("last_admin");
        expect(await role(a.jar)).toBe("admin");
      } finally {
        for (const { email } of others) {
          await sql`update users set role = 'admin', admin_source = 'explicit' where email = ${email}`;
        }
      }
    });

    // Two admins acting on each other at the same moment (G7): without the actor read again under a
    // lock inside the write, both succeed and no admin who can sign in is left. Run enough times to
    // catch it.
    const duels: Array<[string, (uid: string) => [string, string, unknown]]> = [
      ["lock each other", (uid) => ["POST", `/api/admin/users/${uid}/lock`, {}]],
      ["delete each other", (uid) => ["DELETE", `/api/admin/users/${uid}`, undefined]],
      ["demote each other", (uid) => ["PUT", `/api/admin/users/${uid}/role`, { role: "user" }]],
    ];
    for (const [name, action] of duels) {
      test(`two admins ${name} at once, 8 times: never both; the other is refused and changes nothing`, async () => {
        for (let round = 0; round < 8; round++) {
          const a = await t.signedInAdmin({ email: uniqueEmail("duel-a") });
          const b = await t.signedInAdmin({ email: uniqueEmail("duel-b") });
          const [aUid, bUid] = [await uidOf(a.email), await uidOf(b.email)];
          const before = await auditCount();
          const [first, second] = [action(bUid), action(aUid)];
          const answers = await Promise.all([
            as(a.jar, first[0], first[1], first[2]),
            as(b.jar, second[0], second[1], second[2]),
          ]);
          const statuses = answers.map((r) => r.status);
          expect(statuses.filter((status) => status === 200)).toHaveLength(1);
          // The loser was refused: its own session already ended (401) or, inside the write, it was
          // found no longer an unlocked admin (403).
          expect(statuses.every((status) => status === 200 || status === 401 || status === 403)).toBe(true);
          expect(await auditCount()).toBe(before + 1);
          const [{ n }] = (await t.backend.db.sql<{ n: number }>`
            select count(*)::int as n from users
            where stable_id in (${aUid}, ${bUid}) and role = 'admin' and locked_at is null
          `) as [{ n: number }];
          expect(Number(n)).toBe(1);
        }
      });
    }

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
