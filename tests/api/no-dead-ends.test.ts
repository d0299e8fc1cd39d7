/**
 * No dead ends, on both backends: a locked account told so once the password is right (a wrong one
 * still gets the one answer, after the same work); a device that was signed out told why (the 401's
 * `reason`), and nothing told to a token that was never valid; "remember this device" skipping the
 * code on that device alone, for 30 days, until it is forgotten or the password changes; the
 * recovery codes left; how each sign-in was proven; signing out this device alone.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { totpCode } from "../../src/two-factor/codes.ts";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

type Json = Record<string, any>;

for (const spec of BACKENDS) {
  describe(`no dead ends [${spec.name}]`, () => {
    let t: TestApp;
    let admin: { jar: CookieJar };
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
      admin = await t.signedInAdmin();
    });

    const post = (path: string, body: unknown, jar?: CookieJar) =>
      t.json<Json>(path, { method: "POST", body, jar, csrf: true });
    const login = (email: string, password = PASSWORD, jar = new CookieJar()) =>
      t.json<Json>("/api/users/login", { method: "POST", body: { email, password }, jar });
    const uidOf = async (email: string) => {
      const [row] = await t.backend.db.sql<{ stable_id: string }>`select stable_id from users where email = ${email}`;
      return row?.stable_id as string;
    };
    const appNow = () => Date.now() + t.appClockOffset * 1000;

    async function withApp() {
      const user = await t.signedIn();
      const secret = (await post("/api/users/2fa/totp", { password: PASSWORD }, user.jar)).body.secret as string;
      const confirmed = await post("/api/users/2fa/totp/confirm", { code: totpCode(secret, appNow()) }, user.jar);
      t.appClockOffset += 30; // the next code is a new step's
      return { ...user, secret, codes: confirmed.body.recovery_codes as string[] };
    }

    describe("a locked account", () => {
      test("the right password: 403 with the locked sentence; a wrong one: the usual 401; the same work for both", async () => {
        const user = await t.signedIn();
        await post(`/api/admin/users/${await uidOf(user.email)}/lock`, {}, admin.jar);
        const right = await login(user.email);
        expect(right.status).toBe(403);
        expect(right.body).toEqual({ success: false, msg: "This account is locked. Contact your administrator." });
        expect(right.response.headers.get("set-cookie")).toBeNull();
        const wrong = await login(user.email, "not the password");
        expect(wrong.status).toBe(401);
        expect(wrong.body).toEqual({ success: false, msg: "Wrong e-mail or password." });
        // The same hashing either way: medians of alternating attempts within a few milliseconds.
        const times: Record<"right" | "wrong", number[]> = { right: [], wrong: [] };
        for (let i = 0; i < 8; i++) {
          for (const which of ["right", "wrong"] as const) {
            const started = performance.now();
            await login(user.email, which === "right" ? PASSWORD : `wrong ${i}`);
            times[which].push(performance.now() - started);
          }
          // Stay under the e-mail's failure limit: unlock counts nothing, a success starts it over.
          if (i % 3 === 2) {
            await post(`/api/admin/users/${await uidOf(user.email)}/unlock`, undefined, admin.jar);
            expect((await login(user.email)).status).toBe(200);
            await post(`/api/admin/users/${await uidOf(user.email)}/lock`, {}, admin.jar);
          }
        }
        const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number;
        console.log(
          `locked sign-in medians [${spec.name}]: right ${median(times.right).toFixed(1)} ms, wrong ${median(times.wrong).toFixed(1)} ms`,
        );
        expect(Math.abs(median(times.right) - median(times.wrong))).toBeLessThan(
          Math.max(15, median(times.wrong) * 0.3),
        );
      });

      test("locked between the password and the code: the code step says so", async () => {
        const user = await withApp();
        const step = await login(user.email);
        await post(`/api/admin/users/${await uidOf(user.email)}/lock`, {}, admin.jar);
        const code = await t.json<Json>("/api/users/login/2fa", {
          method: "POST",
          body: { mfa_token: step.body.mfa_token, code: totpCode(user.secret, appNow()) },
        });
        expect(code.status).toBe(403);
        expect(code.body.msg).toBe("This account is locked. Contact your administrator.");
      });
    });

    describe("why a device was signed out (the 401's reason)", () => {
      test("from another device, by a lock, by a new password, by time; never for a token that was never valid", async () => {
        const user = await t.signedIn();
        const second = async () => {
          const jar = new CookieJar();
          expect((await login(user.email, user.password, jar)).status).toBe(200);
          return jar;
        };
        const reasonOf = async (jar: CookieJar) => {
          const answer = await t.json<Json>("/api/users/me", { jar });
          expect(answer.status).toBe(401);
          return { reason: answer.body.reason ?? null, msg: answer.body.msg };
        };

        const elsewhere = await second();
        const sid = (await t.json<Json>("/api/users/sessions", { jar: elsewhere })).body.sessions.find(
          (s: Json) => s.current,
        ).id;
        expect(
          (await t.request(`/api/users/sessions/${sid}`, { method: "DELETE", jar: user.jar, csrf: true })).status,
        ).toBe(200);
        expect(await reasonOf(elsewhere)).toEqual({
          reason: "signed_out_elsewhere",
          msg: "You were signed out from another device.",
        });

        const beforeNewPassword = await second();
        const changed = await t.json("/api/users/password", {
          method: "PUT",
          body: { current_password: user.password, new_password: "another good passphrase" },
          jar: user.jar,
          csrf: true,
        });
        expect(changed.status).toBe(200);
        expect((await reasonOf(beforeNewPassword)).reason).toBe("password_changed");

        const beforeLock = user.jar.clone();
        await post(`/api/admin/users/${await uidOf(user.email)}/lock`, {}, admin.jar);
        expect(await reasonOf(beforeLock)).toEqual({ reason: "locked", msg: "Your account was locked." });
        await post(`/api/admin/users/${await uidOf(user.email)}/unlock`, undefined, admin.jar);

        const other = await t.signedIn();
        t.clockOffset += 901;
        try {
          expect((await reasonOf(other.jar)).reason).toBe("expired");
        } finally {
          t.clockOffset -= 901;
        }

        // Never valid: no token, a forged signature, garbage. The same answer, no reason.
        const mine = (await t.signedIn()).jar.get("access_token_cookie") as string;
        const forged = `${mine.slice(0, -4)}${mine.endsWith("AAAA") ? "BBBB" : "AAAA"}`;
        for (const headers of [
          {},
          { authorization: `Bearer ${forged}` },
          { authorization: "Bearer not.a.token" },
        ] as Record<string, string>[]) {
          const answer = await t.json<Json>("/api/users/me", { headers });
          expect(answer.status).toBe(401);
          expect(answer.body).toEqual({ success: false, msg: "Authentication required." });
        }
      });
    });

    describe("remember this device for 30 days", () => {
      test("skips the code on that device, for that account, never the password; listed, forgotten, and gone after 30 days", async () => {
        const user = await withApp();
        const device = new CookieJar();
        const step = await login(user.email, PASSWORD, device);
        const done = await t.json<Json>("/api/users/login/2fa", {
          method: "POST",
          body: { mfa_token: step.body.mfa_token, code: totpCode(user.secret, appNow()), remember_device: true },
          jar: device,
        });
        expect(done.status).toBe(200);
        const cookie = done.response.headers.getSetCookie().find((c) => c.startsWith("datta_device="));
        expect(cookie).toMatch(
          /^datta_device=[A-Za-z0-9_-]{43}; Max-Age=2592000; Path=\/api\/users\/login; HttpOnly; SameSite=Strict$/,
        );
        const onDevice = () => {
          const jar = new CookieJar();
          jar.cookies.set("datta_device", {
            name: "datta_device",
            value: device.get("datta_device") as string,
            attributes: new Map(),
          });
          return jar;
        };

        const again = await login(user.email, PASSWORD, onDevice());
        expect(again.status).toBe(200);
        expect(again.body.mfa_required).toBeUndefined();
        expect(again.body.csrf_token).toBeString();
        // Never the password, never another account, never another device.
        expect((await login(user.email, "not the password", onDevice())).status).toBe(401);
        const someoneElse = await withApp();
        expect((await login(someoneElse.email, PASSWORD, onDevice())).body.mfa_required).toBe(true);
        expect((await login(user.email)).body.mfa_required).toBe(true);
        // Listed; how each sign-in was proven is in the sessions and the events.
        const devices = (await t.json<Json>("/api/users/remembered-devices", { jar: user.jar })).body.devices;
        expect(devices).toHaveLength(1);
        expect(devices[0].last_used_at).not.toBeNull();
        const sessions = (await t.json<Json>("/api/users/sessions", { jar: user.jar })).body.sessions as Json[];
        // The first, from before the app was set up, with the password alone.
        expect(sessions.map((s) => s.method).sort()).toEqual([
          "password",
          "password+remembered_device",
          "password+totp",
        ]);
        // Forgotten from the Sessions page: the code again. Another user cannot forget it.
        const path = `/api/users/remembered-devices/${devices[0].id}`;
        expect((await t.request(path, { method: "DELETE", jar: someoneElse.jar, csrf: true })).status).toBe(404);
        expect((await t.request(path, { method: "DELETE", jar: user.jar })).status).toBe(403);
        expect((await t.request(path, { method: "DELETE" })).status).toBe(401);
        expect((await t.request(path, { method: "DELETE", jar: user.jar, csrf: true })).status).toBe(200);
        expect((await login(user.email, PASSWORD, onDevice())).body.mfa_required).toBe(true);
      });

      test("forgotten with a new password, with the admin's reset of two-factor, and after 30 days", async () => {
        const remembered = async (user: Awaited<ReturnType<typeof withApp>>, password = PASSWORD) => {
          const device = new CookieJar();
          const step = await login(user.email, password, device);
          await t.json("/api/users/login/2fa", {
            method: "POST",
            body: { mfa_token: step.body.mfa_token, code: totpCode(user.secret, appNow()), remember_device: true },
            jar: device,
          });
          t.appClockOffset += 30;
          const jar = new CookieJar();
          jar.cookies.set("datta_device", {
            name: "datta_device",
            value: device.get("datta_device") as string,
            attributes: new Map(),
          });
          expect((await login(user.email, password, jar.clone())).body.mfa_required).toBeUndefined();
          return jar;
        };
        const user = await withApp();
        let device = await remembered(user);
        await t.json("/api/users/password", {
          method: "PUT",
          body: { current_password: PASSWORD, new_password: "a changed passphrase" },
          jar: user.jar,
          csrf: true,
        });
        expect((await login(user.email, "a changed passphrase", device.clone())).body.mfa_required).toBe(true);

        device = await remembered(user, "a changed passphrase");
        await post(`/api/admin/users/${await uidOf(user.email)}/reset-two-factor`, {}, admin.jar);
        // With no factor left the password alone signs in; the device is not what let it.
        const after = await login(user.email, "a changed passphrase", device.clone());
        expect(after.status).toBe(200);
        expect(
          (
            await t.backend.db
              .sql`select 1 from remembered_devices d join users u on u.id = d.user_id where u.email = ${user.email}`
          ).length,
        ).toBe(0);

        const later = await withApp();
        const kept = await remembered(later);
        t.appClockOffset += 30 * 86_400 + 1;
        try {
          expect((await login(later.email, PASSWORD, kept.clone())).body.mfa_required).toBe(true);
        } finally {
          t.appClockOffset -= 30 * 86_400 + 1;
        }
      });
    });

    test("a recovery code: how many are left, in the answer and on the user", async () => {
      const user = await withApp();
      const step = await login(user.email);
      const used = await t.json<Json>("/api/users/login/2fa", {
        method: "POST",
        body: { mfa_token: step.body.mfa_token, recovery_code: user.codes[0] },
      });
      expect(used.status).toBe(200);
      expect(used.body.recovery_codes_left).toBe(9);
      expect(used.body.user.mfa.recovery_codes).toBe(9);
      expect((await t.json<Json>("/api/users/me", { jar: user.jar })).body.user.mfa).toEqual({
        totp: true,
        recovery_codes: 9,
        passkeys: 0,
      });
      const events = (await t.json<Json>("/api/users/activity", { jar: user.jar })).body.events as Json[];
      expect(events.find((e) => e.type === "login" && e.method === "password+recovery_code")).toBeDefined();
      const fresh = await post("/api/users/2fa/recovery-codes", { password: PASSWORD }, user.jar);
      expect(fresh.status).toBe(200);
      expect((await t.json<Json>("/api/users/me", { jar: user.jar })).body.user.mfa.recovery_codes).toBe(10);
    });

    test("sign out this device alone: DELETE /api/users/sessions/current ends it and clears the cookies; the others go on", async () => {
      const user = await t.signedIn();
      const phone = new CookieJar();
      await login(user.email, PASSWORD, phone);
      const out = await t.json<Json>("/api/users/sessions/current", { method: "DELETE", jar: user.jar, csrf: true });
      expect(out.status).toBe(200);
      expect(out.body.msg).toBe("Signed out on this device.");
      expect(user.jar.get("access_token_cookie")).toBeUndefined();
      expect((await t.request("/api/users/me", { jar: phone })).status).toBe(200);
      expect((await t.request("/api/users/sessions/current", { method: "DELETE" })).status).toBe(401);
      expect((await t.request("/api/users/sessions/current", { method: "DELETE", jar: phone })).status).toBe(403);
    });
  });
}
