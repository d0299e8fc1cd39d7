/**
 * Two-factor sign-in through the API, on both backends, with codes computed here from the secret
 * the enrolment answered (RFC 6238, as an authenticator app does): enrolment behind the password,
 * confirmation, the two-step login, replay, drift, recovery codes, the mfa_token's life and its
 * five wrong codes, the per-e-mail limit shared by a second app, the token route's `code`, and
 * every route with no user, no CSRF header and the wrong user. Passkeys' ceremonies run in
 * Chromium (tests/browser/passkeys.test.ts); here, what needs no authenticator.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { createSealer } from "../../src/platform/sealed.ts";
import { totpCode } from "../../src/two-factor/codes.ts";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS, TEST_DATA_KEY } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { RATE_LIMITS } from "../helpers/limits.ts";
import { mailParts, startMailbox } from "../helpers/mail.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

type Json = Record<string, any>;

for (const spec of BACKENDS) {
  describe(`two-factor [${spec.name}]`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
    });

    /** The app's clock, which the test moves. */
    const appNow = (app: TestApp = t) => Date.now() + app.appClockOffset * 1000;
    const post = (path: string, body?: unknown, jar?: CookieJar, app: TestApp = t) =>
      app.json<Json>(path, { method: "POST", body, jar, csrf: true });

    /** A signed-in user with an authenticator app set up: its secret and recovery codes. */
    async function enrolled(app: TestApp = t) {
      const account = await app.signedIn();
      const started = await post("/api/users/2fa/totp", { password: PASSWORD }, account.jar, app);
      expect(started.status).toBe(200);
      const secret = started.body.secret as string;
      const confirmed = await post(
        "/api/users/2fa/totp/confirm",
        { code: totpCode(secret, appNow(app)) },
        account.jar,
        app,
      );
      expect(confirmed.status).toBe(200);
      return { ...account, secret, codes: confirmed.body.recovery_codes as string[] };
    }

    const login = (email: string, app: TestApp = t) =>
      app.json<Json>("/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar: new CookieJar() });
    const second = (body: Json, jar = new CookieJar(), app: TestApp = t) =>
      app.json<Json>("/api/users/login/2fa", { method: "POST", body, jar });
    /** Moves the app's clock on by whole 30-second steps (a code can be used once per step). */
    const nextStep = (steps = 1, app: TestApp = t) => {
      app.appClockOffset += 30 * steps;
    };

    describe("setting up the authenticator app", () => {
      test("behind the password; a first code confirms it; ten recovery codes once; the secret never again", async () => {
        const { jar } = await t.signedIn();
        expect((await post("/api/users/2fa/totp", { password: "not the password" }, jar)).status).toBe(403);
        const started = await post("/api/users/2fa/totp", { password: PASSWORD }, jar);
        expect(started.status).toBe(200);
        expect(Object.keys(started.body).sort()).toEqual(["otpauth_uri", "secret"]);
        const secret = started.body.secret as string;
        expect(secret).toMatch(/^[A-Z2-7]{32}$/);
        const uri = new URL(started.body.otpauth_uri);
        expect(uri.protocol).toBe("otpauth:");
        expect(uri.searchParams.get("secret")).toBe(secret);
        expect(uri.searchParams.get("issuer")).toBe("Datta Dashboard");
        expect(uri.searchParams.get("digits")).toBe("6");
        expect(uri.searchParams.get("period")).toBe("30");

        // Pending: sign-in is not two-step yet; a wrong code does not confirm.
        expect((await t.json<Json>("/api/users/me", { jar })).body.user.mfa).toEqual({
          totp: false,
          recovery_codes: 0,
          passkeys: 0,
        });
        const wrong = await post("/api/users/2fa/totp/confirm", { code: "000000" }, jar);
        expect(wrong.status).toBe(400);
        const confirmed = await post("/api/users/2fa/totp/confirm", { code: totpCode(secret, appNow()) }, jar);
        expect(confirmed.status).toBe(200);
        const codes = confirmed.body.recovery_codes as string[];
        expect(codes).toHaveLength(10);
        expect(new Set(codes).size).toBe(10);
        for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);

        const me = await t.json<Json>("/api/users/me", { jar });
        expect(me.body.user.mfa).toEqual({ totp: true, recovery_codes: 10, passkeys: 0 });
        expect(JSON.stringify(me.body)).not.toContain(secret);
        const activity = await t.json<Json>("/api/users/activity", { jar });
        expect(activity.body.events.map((e: Json) => e.type)).toContain("totp_enabled");
        expect((await post("/api/users/2fa/totp", { password: PASSWORD }, jar)).status).toBe(409);
        expect((await post("/api/users/2fa/totp/confirm", { code: totpCode(secret, appNow()) }, jar)).status).toBe(400);
      });

      test("the database holds the secret sealed (with its key's id beside it) and the codes hashed", async () => {
        const { email, secret, codes } = await enrolled();
        const [row] = await t.backend.db.sql<Json>`
          select s.secret_sealed, s.key_id from totp_secrets s join users u on u.id = s.user_id where u.email = ${email}
        `;
        expect(row?.secret_sealed).not.toContain(secret);
        expect(row?.secret_sealed.split(".")[1]).toBe(row?.key_id);
        const stored = await t.backend.db.sql<Json>`
          select r.code_hash from recovery_codes r join users u on u.id = r.user_id where u.email = ${email}
        `;
        expect(stored).toHaveLength(10);
        const dump = JSON.stringify(stored);
        for (const code of codes) {
          expect(dump).not.toContain(code);
          expect(dump).not.toContain(code.replaceAll("-", ""));
        }
      });

      test("DATA_ENCRYPTION_KEY rotates: a new key first, the old one kept, every secret still opens", async () => {
        const { email, secret } = await enrolled();
        const rotated = await TestApp.create(t.backend, {
          sealer: createSealer(["a-newer-data-encryption-key-of-32-bytes-or-more", TEST_DATA_KEY]),
        });
        rotated.appClockOffset = t.appClockOffset + 30;
        const token = (await login(email, rotated)).body.mfa_token;
        expect(
          (await second({ mfa_token: token, code: totpCode(secret, appNow(rotated)) }, undefined, rotated)).status,
        ).toBe(200);
        // New secrets are sealed with the new key, its id beside them; the old rows keep theirs.
        const fresh = await enrolled(rotated);
        const ids = await t.backend.db.sql<{ email: string; key_id: string }>`
          select u.email, s.key_id from totp_secrets s join users u on u.id = s.user_id where u.email in (${email}, ${fresh.email})
        `;
        const byEmail = new Map(ids.map((row) => [row.email, row.key_id]));
        expect(byEmail.get(email)).not.toBe(byEmail.get(fresh.email));
        // Without the old key, the old secret does not open: 503 (logged for the operator), never a pass.
        const newOnly = await TestApp.create(t.backend, {
          sealer: createSealer(["a-newer-data-encryption-key-of-32-bytes-or-more"]),
        });
        newOnly.appClockOffset = t.appClockOffset + 60;
        const refused = await second(
          { mfa_token: (await login(email, newOnly)).body.mfa_token, code: totpCode(secret, appNow(newOnly)) },
          undefined,
          newOnly,
        );
        expect(refused.status).toBe(503);
        expect(refused.body.msg).toBe("The server cannot open a secret it keeps; its administrator has been told.");
      });

      test("no user 401, no CSRF header 403, on every two-factor route", async () => {
        const { jar } = await t.signedIn();
        const routes: Array<[string, string, unknown]> = [
          ["POST", "/api/users/2fa/totp", { password: PASSWORD }],
          ["POST", "/api/users/2fa/totp/confirm", { code: "123456" }],
          ["DELETE", "/api/users/2fa/totp", { password: PASSWORD }],
          ["POST", "/api/users/2fa/recovery-codes", { password: PASSWORD }],
          ["POST", "/api/users/passkeys/options", undefined],
          ["POST", "/api/users/passkeys", { response: {} }],
          ["PATCH", `/api/users/passkeys/${crypto.randomUUID()}`, { name: "x" }],
          ["DELETE", `/api/users/passkeys/${crypto.randomUUID()}`, undefined],
        ];
        for (const [method, path, body] of routes) {
          expect({ path, status: (await t.request(path, { method, body })).status }).toEqual({ path, status: 401 });
          expect({ path, status: (await t.request(path, { method, body, jar, csrf: false })).status }).toEqual({
            path,
            status: 403,
          });
        }
        expect((await t.request("/api/users/passkeys")).status).toBe(401);
      });

      test("the wrong user: another account's settings are never reached", async () => {
        const a = await enrolled();
        const b = await t.signedIn();
        expect(
          (
            await t.json("/api/users/2fa/totp", {
              method: "DELETE",
              body: { password: PASSWORD },
              jar: b.jar,
              csrf: true,
            })
          ).status,
        ).toBe(404);
        expect((await post("/api/users/2fa/recovery-codes", { password: PASSWORD }, b.jar)).status).toBe(404);
        expect((await login(a.email)).body.mfa_required).toBe(true);
        // B's password does not unlock A's settings, nor does A's code confirm B's.
        expect((await post("/api/users/2fa/totp", { password: PASSWORD }, b.jar)).status).toBe(200);
        expect((await post("/api/users/2fa/totp/confirm", { code: totpCode(a.secret, appNow()) }, b.jar)).status).toBe(
          400,
        );
      });
    });

    describe("signing in with the second step", () => {
      test("login answers mfa_required and no cookies; the right code signs in, exactly as a login", async () => {
        const { email, secret } = await enrolled();
        nextStep();
        const first = await login(email);
        expect(first.status).toBe(200);
        expect(Object.keys(first.body).sort()).toEqual(["methods", "mfa_required", "mfa_token", "success"]);
        expect(first.body.methods).toEqual(["totp", "recovery_code"]);
        expect(first.response.headers.getSetCookie()).toEqual([]);
        const mfaToken = first.body.mfa_token as string;

        // Not an access token: every protected route refuses it.
        for (const path of ["/api/users/me", "/api/users/sessions", "/api/auth/verify"]) {
          expect((await t.request(path, { headers: { authorization: `Bearer ${mfaToken}` } })).status).toBe(401);
        }

        const jar = new CookieJar();
        const done = await second({ mfa_token: mfaToken, code: totpCode(secret, appNow()) }, jar);
        expect(done.status).toBe(200);
        expect(Object.keys(done.body).sort()).toEqual(["csrf_token", "msg", "success", "user"]);
        expect(done.body.user.email).toBe(email);
        expect(done.body.csrf_token).toBe(jar.get("csrf_access_token"));
        expect((await t.json<Json>("/api/users/me", { jar })).status).toBe(200);

        // Used once, even with another right code.
        nextStep();
        expect((await second({ mfa_token: mfaToken, code: totpCode(secret, appNow()) })).status).toBe(401);
      });

      test("a code is accepted once (no replay); ±1 step of drift; 2 steps away refused", async () => {
        const { email, secret } = await enrolled();
        nextStep(3);
        const code = totpCode(secret, appNow());
        expect((await second({ mfa_token: (await login(email)).body.mfa_token, code })).status).toBe(200);
        const replay = await second({ mfa_token: (await login(email)).body.mfa_token, code });
        expect(replay.status).toBe(401);
        expect(replay.body.msg).toBe("That code is not right.");

        nextStep(3);
        expect(
          (await second({ mfa_token: (await login(email)).body.mfa_token, code: totpCode(secret, appNow() - 60_000) }))
            .status,
        ).toBe(401);
        expect(
          (await second({ mfa_token: (await login(email)).body.mfa_token, code: totpCode(secret, appNow() + 60_000) }))
            .status,
        ).toBe(401);
        expect(
          (await second({ mfa_token: (await login(email)).body.mfa_token, code: totpCode(secret, appNow() - 30_000) }))
            .status,
        ).toBe(200);
        nextStep(3);
        expect(
          (await second({ mfa_token: (await login(email)).body.mfa_token, code: totpCode(secret, appNow() + 30_000) }))
            .status,
        ).toBe(200);
        const events = await t.json<Json>("/api/users/activity", { jar: (await t.signedIn()).jar });
        expect(events.status).toBe(200);
      });

      test("a recovery code signs in once; its use is recorded and a notice mailed", async () => {
        const { email, codes, jar } = await enrolled();
        const code = codes[3] as string;
        const typed = ` ${code.toUpperCase().replaceAll("-", " ")} `;
        const done = await second({ mfa_token: (await login(email)).body.mfa_token, recovery_code: typed });
        expect(done.status).toBe(200);
        expect((await second({ mfa_token: (await login(email)).body.mfa_token, recovery_code: code })).status).toBe(
          401,
        );
        const log = (await t.json<Json>("/api/users/activity", { jar: new CookieJar() })).status;
        expect(log).toBe(401);
        const signedIn = new CookieJar();
        nextStep();
        await second({ mfa_token: (await login(email)).body.mfa_token, recovery_code: codes[4] }, signedIn);
        const events = (await t.json<Json>("/api/users/activity", { jar: signedIn })).body.events.map(
          (e: Json) => e.type,
        );
        expect(events.filter((type: string) => type === "recovery_code_used")).toHaveLength(2);
        expect(events).toContain("mfa_failed");
        const [mail] = await t.backend.db.sql<Json>`
          select count(*)::int as n from mail_outbox where to_address = ${email} and subject like 'A recovery code was used%'
        `;
        expect(Number(mail?.n)).toBe(2);
        expect(jar.cookies.size).toBeGreaterThan(0);
      });

      test("the mfa_token dies after 5 minutes (the clock moves) and after 5 wrong codes", async () => {
        const { email, secret } = await enrolled();
        const late = (await login(email)).body.mfa_token;
        t.appClockOffset += 5 * 60 + 1;
        expect((await second({ mfa_token: late, code: totpCode(secret, appNow()) })).status).toBe(401);

        nextStep();
        const guessed = (await login(email)).body.mfa_token;
        for (let i = 0; i < 5; i++) {
          const wrong = await second({ mfa_token: guessed, code: String(100000 + i) });
          expect(wrong.status).toBe(401);
        }
        const dead = await second({ mfa_token: guessed, code: totpCode(secret, appNow()) });
        expect(dead.status).toBe(401);
        expect(dead.body.msg).toBe("This sign-in has expired or was already used; sign in again.");
        expect((await second({ mfa_token: "not-a-token", code: "123456" })).status).toBe(401);
        expect((await second({ mfa_token: (await login(email)).body.mfa_token })).status).toBe(422);
      });

      test("codes sent at once cannot get past the cap: each is counted before it is judged", async () => {
        const { email, secret } = await enrolled();
        nextStep();
        const token = (await login(email)).body.mfa_token;
        const answers = await Promise.all(
          Array.from({ length: 12 }, (_, i) => second({ mfa_token: token, code: String(200000 + i) })),
        );
        expect(answers.map((a) => a.status)).toEqual(Array(12).fill(401));
        const [{ n }] = (await t.backend.db.sql<{ n: number }>`
          select count(*)::int as n from user_events e join users u on u.id = e.user_id
          where u.email = ${email} and e.type = 'mfa_failed'
        `) as [{ n: number }];
        expect(Number(n)).toBe(5);
        // The token is dead: even the right code no longer signs in with it.
        expect((await second({ mfa_token: token, code: totpCode(secret, appNow()) })).status).toBe(401);
      });

      test("wrong codes count in the e-mail's sign-in limit, which a second app sharing the store sees", async () => {
        const limits = { ...RATE_LIMITS, login: { windowSeconds: 900, maxPerEmail: 3, maxPerIp: 100 } };
        const shared = `test:${crypto.randomUUID()}:`;
        const a = await TestApp.create(t.backend, { rateLimits: limits, counterPrefix: shared });
        const b = await TestApp.create(t.backend, { rateLimits: limits, counterPrefix: shared });
        const { email, secret } = await enrolled(a);
        const token = (await login(email, a)).body.mfa_token;
        for (let i = 0; i < 3; i++)
          expect((await second({ mfa_token: token, code: String(200000 + i) }, undefined, b)).status).toBe(401);
        const limited = await second(
          { mfa_token: (await login(email, b)).body?.mfa_token ?? token, code: totpCode(secret, appNow(a)) },
          undefined,
          a,
        );
        expect(limited.status).toBe(429);
        expect(Number(limited.response.headers.get("retry-after"))).toBeGreaterThan(0);
        expect((await login(email, a)).status).toBe(429);
      });

      test("POST /api/users/token: a code is required, and must be right", async () => {
        const { email, secret, codes } = await enrolled();
        const token = (body: Json) =>
          t.json<Json>("/api/users/token", { method: "POST", body: { email, password: PASSWORD, ...body } });
        const missing = await token({});
        expect(missing.status).toBe(401);
        expect(missing.body.msg).toBe("Two-factor code required.");
        expect((await token({ code: "000000" })).status).toBe(401);
        nextStep();
        const issued = await token({ code: totpCode(secret, appNow()) });
        expect(issued.status).toBe(200);
        expect(
          (await t.request("/api/users/me", { headers: { authorization: `Bearer ${issued.body.access_token}` } }))
            .status,
        ).toBe(200);
        expect((await token({ code: codes[0] })).status).toBe(200);
        expect((await token({ code: codes[0] })).status).toBe(401);
        expect(
          (
            await t.json("/api/users/token", {
              method: "POST",
              body: { email, password: "wrong password", code: "123456" },
            })
          ).status,
        ).toBe(401);
      });
    });

    describe("turning it off, new recovery codes", () => {
      test("disable behind the password: sign-in is one step again, the codes are gone", async () => {
        const { email, jar, codes } = await enrolled();
        const del = (password: string) =>
          t.json<Json>("/api/users/2fa/totp", { method: "DELETE", body: { password }, jar, csrf: true });
        expect((await del("not the password")).status).toBe(403);
        expect((await del(PASSWORD)).status).toBe(200);
        expect((await del(PASSWORD)).status).toBe(404);
        // The notices go out over SMTP, as a user receives them (a real server started here). The
        // backlog other files left unsent is not this test's to send.
        await t.backend.db.sql`delete from mail_outbox where sent_at is null and to_address <> ${email}`;
        const mailbox = await startMailbox(t.backend);
        try {
          const received = await mailbox.deliver(email, 3);
          const subjects = received.map((m) => m.subject.split(" · ")[0] ?? "");
          expect(subjects.filter((subject) => subject.startsWith("A second factor")).sort()).toEqual([
            "A second factor was added",
            "A second factor was removed",
          ]);
          const removed = received.find((m) => m.subject.startsWith("A second factor was removed"));
          expect(mailParts(removed?.raw ?? "").text).toContain("IP address:");
        } finally {
          await mailbox.stop();
        }
        expect((await t.json<Json>("/api/users/me", { jar })).body.user.mfa.totp).toBe(false);
        const plain = await login(email);
        expect(plain.body.mfa_required).toBeUndefined();
        expect(plain.body.user.email).toBe(email);
        expect(
          (await t.json("/api/users/token", { method: "POST", body: { email, password: PASSWORD, code: codes[0] } }))
            .status,
        ).toBe(200);
        const left = await t.backend.db.sql<Json>`
          select count(*)::int as n from recovery_codes r join users u on u.id = r.user_id where u.email = ${email}
        `;
        expect(Number(left[0]?.n)).toBe(0);
      }, 15_000);

      test("new recovery codes void the old ones", async () => {
        const { email, jar, codes } = await enrolled();
        const fresh = await post("/api/users/2fa/recovery-codes", { password: PASSWORD }, jar);
        expect(fresh.status).toBe(200);
        expect(fresh.body.recovery_codes).toHaveLength(10);
        expect((await second({ mfa_token: (await login(email)).body.mfa_token, recovery_code: codes[0] })).status).toBe(
          401,
        );
        expect(
          (
            await second({
              mfa_token: (await login(email)).body.mfa_token,
              recovery_code: fresh.body.recovery_codes[0],
            })
          ).status,
        ).toBe(200);
        const none = await t.signedIn();
        expect((await post("/api/users/2fa/recovery-codes", { password: PASSWORD }, none.jar)).status).toBe(404);
      });
    });

    describe("passkeys, without an authenticator", () => {
      test("the creation options: resident key and user verification required, RP the host of PUBLIC_URL", async () => {
        const { jar, email } = await t.signedIn();
        const options = await post("/api/users/passkeys/options", undefined, jar);
        expect(options.status).toBe(200);
        expect(options.body.rp).toEqual({ name: "Datta Dashboard", id: "localhost" });
        expect(options.body.user.name).toBe(email);
        expect(options.body.authenticatorSelection).toMatchObject({
          residentKey: "required",
          userVerification: "required",
        });
        expect(options.body.excludeCredentials).toEqual([]);
        expect(options.body.challenge).toMatch(/^[A-Za-z0-9_-]{32,}$/);
        expect((await t.json<Json>("/api/users/passkeys", { jar })).body).toEqual({ success: true, passkeys: [] });
      });

      test("an answer that does not verify: 400; unknown ids: 404; a bad name: 422", async () => {
        const { jar } = await t.signedIn();
        await post("/api/users/passkeys/options", undefined, jar);
        for (const response of [{}, null, "x", { id: "abc", rawId: "abc", type: "public-key", response: {} }]) {
          expect((await post("/api/users/passkeys", { response }, jar)).status).toBe(400);
        }
        const id = crypto.randomUUID();
        expect((await t.json(`/api/users/passkeys/${id}`, { method: "DELETE", jar, csrf: true })).status).toBe(404);
        expect((await t.json(`/api/users/passkeys/not-a-uuid`, { method: "DELETE", jar, csrf: true })).status).toBe(
          404,
        );
        expect(
          (await t.json(`/api/users/passkeys/${id}`, { method: "PATCH", body: { name: "Laptop" }, jar, csrf: true }))
            .status,
        ).toBe(404);
        expect(
          (
            await t.json(`/api/users/passkeys/${id}`, {
              method: "PATCH",
              body: { name: "x".repeat(65) },
              jar,
              csrf: true,
            })
          ).status,
        ).toBe(422);
      });

      test("adding a passkey takes a fresh proof: the password, or a sign-in under 10 minutes old (403 otherwise)", async () => {
        const { jar, email } = await t.signedIn();
        const bearer = (await t.json<Json>("/api/users/token", { method: "POST", body: { email, password: PASSWORD } }))
          .body.access_token;
        const headers = { authorization: `Bearer ${bearer}` };
        t.clockOffset += 11 * 60; // the sign-ins are 11 minutes old now (their tokens still valid)
        try {
          for (const [path, body] of [
            ["/api/users/passkeys/options", {}],
            ["/api/users/passkeys", { response: {} }],
          ] as const) {
            const refused = await post(path, body, jar);
            expect({ path, status: refused.status, msg: refused.body.msg }).toEqual({
              path,
              status: 403,
              msg: "Enter your password to add a passkey.",
            });
            const byBearer = await t.json<Json>(path, { method: "POST", body, headers });
            expect({ path, status: byBearer.status }).toEqual({ path, status: 403 });
            const wrong = await post(path, { ...body, password: "not the password" }, jar);
            expect({ path, status: wrong.status, msg: wrong.body.msg }).toEqual({
              path,
              status: 403,
              msg: "The password is wrong.",
            });
          }
          const options = await post("/api/users/passkeys/options", { password: PASSWORD }, jar);
          expect(options.status).toBe(200);
          expect(options.body.challenge).toMatch(/^[A-Za-z0-9_-]{32,}$/);
          // With the password, the registration is judged on its merits (this answer does not verify).
          expect((await post("/api/users/passkeys", { response: {}, password: PASSWORD }, jar)).status).toBe(400);
          // Wrong passwords count with every other of the account: past 5 in 15 minutes, 429.
          for (let i = 2; i < RATE_LIMITS.passwordChecks.maxPerAccount; i++) {
            expect((await post("/api/users/passkeys/options", { password: `wrong ${i}` }, jar)).status).toBe(403);
          }
          const limited = await post("/api/users/passkeys/options", { password: PASSWORD }, jar);
          expect(limited.status).toBe(429);
        } finally {
          t.clockOffset -= 11 * 60;
        }
      });

      test("the reset page's passkey list takes a live reset link: 400 for anything else, one message", async () => {
        const messages = new Set<string>();
        for (const token of ["", "x".repeat(43), "not a token", Buffer.alloc(32).toString("base64url")]) {
          const refused = await t.json<Json>("/api/users/password/reset/passkeys", { method: "POST", body: { token } });
          expect(refused.status).toBe(400);
          messages.add(refused.body.msg);
        }
        expect(messages.size).toBe(1);
        expect((await t.json("/api/users/password/reset/passkeys", { method: "POST", body: {} })).status).toBe(422);
      });

      test("sign-in options need nobody; answers that do not verify get one 401; 429 per IP", async () => {
        const options = await t.json<Json>("/api/users/login/passkey/options", { method: "POST" });
        expect(options.status).toBe(200);
        expect(options.body.rpId).toBe("localhost");
        expect(options.body.allowCredentials).toEqual([]);
        expect(options.body.userVerification).toBe("required");
        const messages = new Set<string>();
        for (const response of [{}, { id: "unknown-credential", response: {} }, null]) {
          const res = await t.json<Json>("/api/users/login/passkey", { method: "POST", body: { response } });
          expect(res.status).toBe(401);
          messages.add(res.body.msg);
        }
        expect(messages.size).toBe(1);

        const limited = await TestApp.create(t.backend, { trustProxy: true });
        const headers = { "x-forwarded-for": "198.51.100.9" };
        for (let i = 0; i < RATE_LIMITS.passkeyChallenges.maxPerIp; i++) {
          expect((await limited.request("/api/users/login/passkey/options", { method: "POST", headers })).status).toBe(
            200,
          );
        }
        expect((await limited.request("/api/users/login/passkey/options", { method: "POST", headers })).status).toBe(
          429,
        );
      });
    });
  });
}
