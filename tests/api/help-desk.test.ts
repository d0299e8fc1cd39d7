/**
 * The admin's help desk on both backends, with mail over a real SMTP server: reset a user's second
 * factor (the lost-phone path: the app, the codes and optionally the passkeys gone, every session
 * ended, a notice mailed, audited, and the password alone signs in again), send a reset link, send
 * the confirmation again or mark the address confirmed, end one session; the user page's events a
 * page at a time; the audit log filtered and exported as CSV; the number of users. Every route with
 * no user, a user's token, no CSRF header, and an admin acting on a user who is gone.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { totpCode } from "../../src/two-factor/codes.ts";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { linkToken, mailParts, startMailbox, type TestMailbox } from "../helpers/mail.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

type Json = Record<string, any>;

for (const spec of BACKENDS) {
  describe(`the admin's help desk [${spec.name}]`, () => {
    let t: TestApp;
    let mailbox: TestMailbox;
    let admin: { email: string; jar: CookieJar };

    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
      await t.backend.db.sql`delete from mail_outbox where sent_at is null`;
      mailbox = await startMailbox(t.backend);
      admin = await t.signedInAdmin({ email: uniqueEmail("desk-admin") });
    });
    afterAll(() => mailbox.stop());

    const uidOf = async (email: string) => {
      const [row] = await t.backend.db.sql<{ stable_id: string }>`select stable_id from users where email = ${email}`;
      return row?.stable_id as string;
    };
    const as = (jar: CookieJar, method: string, path: string, body?: unknown, csrf = true) =>
      t.json<Json>(path, { method, body, jar, csrf });
    const lastAudit = async () => (await as(admin.jar, "GET", "/api/admin/audit?limit=1")).body.entries[0];

    /** A user with an authenticator app set up, signed in on two devices. */
    async function withApp() {
      const user = await t.signedIn();
      const started = await as(user.jar, "POST", "/api/users/2fa/totp", { password: PASSWORD });
      const secret = started.body.secret as string;
      const confirmed = await as(user.jar, "POST", "/api/users/2fa/totp/confirm", {
        code: totpCode(secret, Date.now()),
      });
      expect(confirmed.status).toBe(200);
      return { ...user, uid: await uidOf(user.email), secret };
    }

    test("every help-desk route: 401 without a token, 403 for a user, 403 without CSRF; nothing audited", async () => {
      const user = await t.signedIn();
      const uid = await uidOf(user.email);
      const routes: Array<[string, string, unknown]> = [
        ["POST", `/api/admin/users/${uid}/reset-two-factor`, {}],
        ["POST", `/api/admin/users/${uid}/send-reset`, undefined],
        ["POST", `/api/admin/users/${uid}/send-confirmation`, undefined],
        ["POST", `/api/admin/users/${uid}/confirm-email`, undefined],
        ["DELETE", `/api/admin/users/${uid}/sessions/${crypto.randomUUID()}`, undefined],
      ];
      const before = (await as(admin.jar, "GET", "/api/admin/audit?limit=100")).body.entries.length;
      for (const [method, path, body] of routes) {
        expect({ path, status: (await t.request(path, { method, body })).status }).toEqual({ path, status: 401 });
        const asUser = await t.request(path, { method, body, jar: user.jar, csrf: true });
        expect({ path, status: asUser.status }).toEqual({ path, status: 403 });
        expect({ path, status: (await as(admin.jar, method, path, body, false)).status }).toEqual({
          path,
          status: 403,
        });
        const gone = path.replace(uid, crypto.randomUUID());
        expect({ path, status: (await as(admin.jar, method, gone, body)).status }).toEqual({ path, status: 404 });
      }
      expect((await as(admin.jar, "GET", "/api/admin/audit?limit=100")).body.entries.length).toBe(before);
      for (const path of [`/api/admin/users/${uid}/events`, "/api/admin/audit.csv"]) {
        expect((await t.request(path)).status).toBe(401);
        expect((await t.request(path, { jar: user.jar })).status).toBe(403);
      }
    });

    test("lost phone, lost codes: reset two-factor; every session ends, a notice is mailed, the password alone signs in, a new app can be set up", async () => {
      const user = await withApp();
      const phone = new CookieJar();
      const step = await t.json<Json>("/api/users/login", {
        method: "POST",
        body: { email: user.email, password: PASSWORD },
        jar: phone,
      });
      expect(step.body.mfa_required).toBe(true);

      const reset = await as(admin.jar, "POST", `/api/admin/users/${user.uid}/reset-two-factor`, {});
      expect(reset.status).toBe(200);
      expect((await t.request("/api/users/me", { jar: user.jar })).status).toBe(401);
      expect(await lastAudit()).toMatchObject({
        action: "two_factor_reset",
        actor: { email: admin.email },
        target: { uid: user.uid, email: user.email },
        detail: { app: true, passkeys_removed: 0 },
      });
      const notice = (await mailbox.deliver(user.email, 3)).find((m) => m.subject.startsWith("Your two-factor"));
      expect(mailParts(notice?.raw ?? "").text).toContain("set up a new second factor");

      // The password alone now: no second step; then the app again.
      const jar = new CookieJar();
      const signedIn = await t.json<Json>("/api/users/login", {
        method: "POST",
        body: { email: user.email, password: PASSWORD },
        jar,
      });
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.user.mfa).toEqual({ totp: false, recovery_codes: 0, passkeys: 0 });
      expect((await as(jar, "POST", "/api/users/2fa/totp", { password: PASSWORD })).status).toBe(200);
      const types = (await t.json<Json>("/api/users/activity", { jar })).body.events.map((e: Json) => e.type);
      expect(types).toContain("two_factor_reset");
    });

    test("send a reset link: 202, mailed, audited; it resets the password", async () => {
      const user = await t.signedIn();
      const uid = await uidOf(user.email);
      const sent = await as(admin.jar, "POST", `/api/admin/users/${uid}/send-reset`);
      expect(sent.status).toBe(202);
      expect(await lastAudit()).toMatchObject({ action: "reset_link_sent", target: { uid } });
      const mail = (await mailbox.deliver(user.email, 2)).find((m) => m.subject.startsWith("Reset your password"));
      const done = await t.json("/api/users/password/reset", {
        method: "POST",
        body: { token: linkToken(mail, "reset-password"), new_password: "a help desk passphrase" },
      });
      expect(done.status).toBe(200);
      expect(await t.loginStatus(user.email, "a help desk passphrase")).toBe(200);
    });

    test("the confirmation again, or the address marked confirmed; 409 once it is", async () => {
      const user = await t.signedIn();
      const uid = await uidOf(user.email);
      expect((await as(admin.jar, "POST", `/api/admin/users/${uid}/send-confirmation`)).status).toBe(202);
      expect(await lastAudit()).toMatchObject({ action: "confirmation_sent", target: { uid } });
      expect((await mailbox.deliver(user.email, 2)).filter((m) => m.subject.startsWith("Confirm"))).toHaveLength(2);
      const marked = await as(admin.jar, "POST", `/api/admin/users/${uid}/confirm-email`);
      expect(marked.status).toBe(200);
      expect(await lastAudit()).toMatchObject({ action: "email_confirmed", target: { uid } });
      expect((await t.json<Json>("/api/users/me", { jar: user.jar })).body.user.email_verified).toBe(true);
      expect((await as(admin.jar, "POST", `/api/admin/users/${uid}/confirm-email`)).status).toBe(409);
      expect((await as(admin.jar, "POST", `/api/admin/users/${uid}/send-confirmation`)).status).toBe(409);
    });

    test("end one session: that device is told it was signed out elsewhere, the others go on; 404 for another user's or an ended one", async () => {
      const user = await t.signedIn();
      const uid = await uidOf(user.email);
      const laptop = new CookieJar();
      await t.json("/api/users/login", {
        method: "POST",
        body: { email: user.email, password: PASSWORD },
        jar: laptop,
      });
      const page = await as(admin.jar, "GET", `/api/admin/users/${uid}`);
      expect(page.body.sessions).toHaveLength(2);
      expect(page.body.sessions.every((s: Json) => s.method === "password")).toBe(true);
      const laptopSid = (await t.json<Json>("/api/users/sessions", { jar: laptop })).body.sessions.find(
        (s: Json) => s.current,
      ).id;
      const ended = await as(admin.jar, "DELETE", `/api/admin/users/${uid}/sessions/${laptopSid}`);
      expect(ended.status).toBe(200);
      expect(await lastAudit()).toMatchObject({
        action: "session_revoked",
        target: { uid },
        detail: { session: laptopSid },
      });
      const refused = await t.json<Json>("/api/users/me", { jar: laptop });
      expect(refused.status).toBe(401);
      expect(refused.body.reason).toBe("signed_out_elsewhere");
      expect((await t.request("/api/users/me", { jar: user.jar })).status).toBe(200);
      expect((await as(admin.jar, "DELETE", `/api/admin/users/${uid}/sessions/${laptopSid}`)).status).toBe(404);
      const other = await t.signedIn();
      const otherSid = (await t.json<Json>("/api/users/sessions", { jar: other.jar })).body.sessions[0].id;
      expect((await as(admin.jar, "DELETE", `/api/admin/users/${uid}/sessions/${otherSid}`)).status).toBe(404);
      expect((await as(admin.jar, "DELETE", `/api/admin/users/${uid}/sessions/not-a-uuid`)).status).toBe(404);
      expect((await t.request("/api/users/me", { jar: other.jar })).status).toBe(200);
    });

    test("a user's events a page at a time, each event once; the number of users", async () => {
      const user = await t.signedIn();
      const uid = await uidOf(user.email);
      for (let i = 0; i < 23; i++) await as(user.jar, "PUT", "/api/users/update", { username: `paged_${i}` });
      const first = await as(admin.jar, "GET", `/api/admin/users/${uid}`);
      expect(first.body.events).toHaveLength(20);
      const seen = [...first.body.events];
      let cursor = first.body.events_next_cursor;
      while (cursor) {
        const next = await as(admin.jar, "GET", `/api/admin/users/${uid}/events?limit=3&cursor=${cursor}`);
        expect(next.status).toBe(200);
        seen.push(...next.body.events);
        cursor = next.body.next_cursor;
      }
      // signup, login, 23 profile updates: newest first, none twice, none missing.
      expect(seen).toHaveLength(25);
      expect(seen.at(-1).type).toBe("signup");
      expect(seen.at(-2)).toMatchObject({ type: "login", method: "password" });
      expect((await as(admin.jar, "GET", `/api/admin/users/${uid}/events?cursor=abc`)).status).toBe(422);
      const list = await as(admin.jar, "GET", "/api/admin/users?limit=1");
      const [{ n }] = (await t.backend.db.sql<{ n: number }>`select count(*)::int as n from users`) as [{ n: number }];
      expect(list.body.total).toEqual({ count: Number(n), exact: Number(n) <= 10_000 });
    });

    test("the audit log filtered by actor, action and time; the CSV of the same, formulas defused", async () => {
      // An address may begin with "=" (it is a valid one): a spreadsheet would run it as a formula.
      const user = await t.signedIn({
        username: "csv_target",
        email: `=1+2.${crypto.randomUUID().slice(0, 8)}@example.com`,
      });
      const uid = await uidOf(user.email);
      // An admin of its own, so that the filters select exactly what this test did.
      const other = await t.signedInAdmin({ email: uniqueEmail("auditor") });
      const since = new Date().toISOString();
      await as(other.jar, "POST", `/api/admin/users/${uid}/lock`, { reason: '=HYPERLINK("http://evil")' });
      await Bun.sleep(5);
      const between = new Date().toISOString();
      await as(other.jar, "POST", `/api/admin/users/${uid}/unlock`);
      const locks = await as(admin.jar, "GET", `/api/admin/audit?action=account_locked&from=${since}`);
      expect(locks.body.entries.map((e: Json) => e.target.uid)).toEqual([uid]);
      const byActor = await as(admin.jar, "GET", `/api/admin/audit?actor=${other.email.toUpperCase()}`);
      expect(byActor.body.entries.map((e: Json) => e.action)).toEqual(["account_unlocked", "account_locked"]);
      const before = await as(admin.jar, "GET", `/api/admin/audit?actor=${other.email}&to=${between}`);
      expect(before.body.entries.map((e: Json) => e.action)).toEqual(["account_locked"]);
      const uidActor = await as(
        admin.jar,
        "GET",
        `/api/admin/audit?actor=${await uidOf(other.email)}&action=account_unlocked`,
      );
      expect(uidActor.body.entries).toHaveLength(1);
      expect((await as(admin.jar, "GET", "/api/admin/audit?from=yesterday")).status).toBe(422);
      expect((await as(admin.jar, "GET", "/api/admin/audit?action=everything")).status).toBe(422);

      const csv = await t.request(`/api/admin/audit.csv?actor=${encodeURIComponent(other.email)}`, {
        jar: admin.jar,
      });
      expect(csv.status).toBe(200);
      expect(csv.headers.get("content-type")).toContain("text/csv");
      expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-\d{4}-\d{2}-\d{2}\.csv"$/);
      const lines = (await csv.text()).trim().split("\r\n");
      expect(lines[0]).toBe('"at","actor_uid","actor_email","action","target_uid","target_email","ip","detail"');
      expect(lines).toHaveLength(3);
      expect(lines[1]).toContain('"account_unlocked"');
      // Somebody's input (the address, the lock reason): never a cell that starts with "=".
      expect(lines[2]).toContain('"account_locked"');
      expect(lines[2]).toContain(`,"'${user.email}",`);
      expect(lines.every((line) => !line.includes(',"='))).toBe(true);
    });
  });
}
