/**
 * E-mail, as a user lives it, on both backends: the outbox worker sends over SMTP to a real server
 * started here, and every link is read from the message that arrived. Forgot → mail → reset → old
 * sessions refused → the new password signs in; sign-up confirmation; an address change; each
 * notice; links refused when used twice, expired (the clock moves), voided by a newer link or a
 * password change; the database holding only hashes; every route with no user, the wrong user and
 * no CSRF header.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { silentLogger } from "../../src/http/log.ts";
import { createMailWorker } from "../../src/mail/outbox.ts";
import { smtpTransport } from "../../src/mail/transport.ts";
import { PASSWORD, TEST_SEALER, TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { RATE_LIMITS } from "../helpers/limits.ts";
import { linkToken, mailParts, startMailbox, type TestMailbox } from "../helpers/mail.ts";
import { startSmtp } from "../helpers/smtp.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const NEW_PASSWORD = "a brand new passphrase";
const sha256 = (value: string) => new Bun.CryptoHasher("sha256").update(value).digest("hex");

for (const spec of BACKENDS) {
  describe(`e-mail: confirmation, reset, notices [${spec.name}]`, () => {
    let t: TestApp;
    let mail: TestMailbox;

    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
      // The backlog other files left (their sign-ups' mail, with no worker running) is not this
      // file's to send: its worker would spend each test's time on it.
      await t.backend.db.sql`delete from mail_outbox where sent_at is null`;
      mail = await startMailbox(t.backend, () => Date.now() + t.appClockOffset * 1000);
    });
    afterAll(async () => {
      await mail.stop();
    });

    const post = (path: string, body?: unknown, options: { jar?: CookieJar; csrf?: boolean } = {}) =>
      t.json<any>(path, { method: "POST", body, ...options });
    /** Asks for a reset link; the write the answer did not wait for is done when this resolves. */
    const forgot = async (email: string) => {
      const answer = await post("/api/users/password/forgot", { email });
      await t.app.settled();
      return answer;
    };
    const reset = (token: string, new_password = NEW_PASSWORD) =>
      post("/api/users/password/reset", { token, new_password });
    const verify = (token: string) => post("/api/users/email/verify", { token });
    const events = async (jar: CookieJar) =>
      ((await t.json<any>("/api/users/activity", { jar })).body.events as Array<{ type: string }>).map((e) => e.type);
    /** The reset link just mailed to `email` (the newest of `count` reset messages). */
    const resetLink = async (email: string, count = 1) => {
      const messages = (await mail.deliver(email, count)).filter((m) => m.subject.startsWith("Reset your password"));
      return linkToken(messages.at(-1), "reset-password");
    };
    const confirmationLink = async (email: string, count = 1) => {
      const all = await mail.deliver(email, count);
      return linkToken(all.filter((m) => m.subject.startsWith("Confirm your e-mail")).at(-1), "verify-email");
    };

    describe("password reset", () => {
      test("the journey: forgot → mail → reset → every old session refused → the new password signs in", async () => {
        const { email, jar } = await t.signedIn();
        const token = new CookieJar();
        const bearer = (
          await t.json<any>("/api/users/token", { method: "POST", body: { email, password: PASSWORD }, jar: token })
        ).body.access_token as string;

        const asked = await forgot(email.toUpperCase());
        expect(asked.status).toBe(202);
        expect(asked.body).toEqual({ success: true, msg: expect.any(String) });

        const [message] = (await mail.deliver(email, 2)).filter((m) => m.subject.startsWith("Reset your password"));
        expect(message?.subject).toBe("Reset your password · Datta Dashboard");
        const { text, html } = mailParts(message?.raw ?? "");
        expect(text).toContain("http://localhost/reset-password#token=");
        expect(text).toContain("30 minutes");
        expect(html).toContain('href="http://localhost/reset-password#token=');
        const link = linkToken(message, "reset-password");
        expect(link).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits

        const done = await reset(link);
        expect(done.status).toBe(200);
        expect(done.body).toEqual({ success: true, msg: expect.any(String) });

        expect((await t.request("/api/users/me", { jar })).status).toBe(401);
        expect((await t.request("/api/users/me", { headers: { authorization: `Bearer ${bearer}` } })).status).toBe(401);
        expect(await t.loginStatus(email, PASSWORD)).toBe(401);
        const fresh = new CookieJar();
        expect((await post("/api/users/login", { email, password: NEW_PASSWORD }, { jar: fresh })).status).toBe(200);
        const log = await events(fresh);
        expect(log).toContain("password_reset");
        expect(log).toContain("password_reset_requested");
        // The reset proved the address: it is confirmed now.
        expect((await t.json<any>("/api/users/me", { jar: fresh })).body.user.email_verified).toBe(true);

        // The notice: what happened, when, from where; no link that signs in.
        const notices = await mail.deliver(email, 3);
        const notice = notices.find((m) => m.subject.startsWith("Your password was reset"));
        expect(notice).toBeDefined();
        const body = mailParts(notice?.raw ?? "");
        expect(body.text).toContain("When:");
        expect(body.text).toContain("IP address:");
        expect(body.text).not.toContain("#token=");
        expect(body.html).not.toContain("href=");

        // Used once: the same link again is refused, with the one message for every bad link.
        const again = await reset(link, "yet another passphrase");
        expect(again.status).toBe(400);
        expect(again.body).toEqual({
          success: false,
          msg: "This link is invalid, already used or expired. Ask for a new one.",
        });
      });

      test("an unknown and a known address get the same 202 body; only the known one gets mail", async () => {
        const { email } = await t.signup();
        const unknown = uniqueEmail("nobody");
        const known = await forgot(email);
        const stranger = await forgot(unknown);
        expect(known.status).toBe(202);
        expect(stranger.status).toBe(202);
        expect(stranger.body).toEqual(known.body);
        expect([...known.response.headers.keys()].sort()).toEqual([...stranger.response.headers.keys()].sort());
        await mail.deliver(email, 2);
        expect(await mail.receivedBy(unknown)).toEqual([]);
        const [row] = await t.backend.db.sql<{ n: number }>`
          select count(*)::int as n from mail_outbox where to_address = ${unknown}
        `;
        expect(Number(row?.n)).toBe(0);
      });

      test("a link expires after 30 minutes (the clock moves; nothing sleeps)", async () => {
        const { email } = await t.signup();
        await forgot(email);
        const link = await resetLink(email, 2);
        t.appClockOffset = 30 * 60 + 1;
        try {
          expect((await reset(link)).status).toBe(400);
        } finally {
          t.appClockOffset = 0;
        }
        await forgot(email);
        const second = await resetLink(email, 3);
        t.appClockOffset = 29 * 60;
        try {
          expect((await reset(second)).status).toBe(200);
        } finally {
          t.appClockOffset = 0;
        }
      });

      test("a newer link voids the older one", async () => {
        const { email } = await t.signup();
        await forgot(email);
        const older = await resetLink(email, 2);
        await forgot(email);
        const newer = await resetLink(email, 3);
        expect(newer).not.toBe(older);
        expect((await reset(older)).status).toBe(400);
        expect((await reset(newer)).status).toBe(200);
      });

      test("a password change voids the links, and mails a notice", async () => {
        const { email, jar } = await t.signedIn();
        await forgot(email);
        const link = await resetLink(email, 2);
        const changed = await t.json("/api/users/password", {
          method: "PUT",
          body: { current_password: PASSWORD, new_password: NEW_PASSWORD },
          jar,
          csrf: true,
        });
        expect(changed.status).toBe(200);
        expect((await reset(link, "yet another passphrase")).status).toBe(400);
        expect(await t.loginStatus(email, NEW_PASSWORD)).toBe(200);
        const received = await mail.deliver(email, 3);
        expect(received.map((m) => m.subject)).toContain("Your password was changed · Datta Dashboard");
      });

      test("422 for a password that breaks the sign-up rules; the link stays good", async () => {
        const { email } = await t.signup();
        await forgot(email);
        const link = await resetLink(email, 2);
        for (const bad of ["short", email, "password123"]) {
          const res = await reset(link, bad);
          expect(res.status).toBe(422);
          expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(["new_password"]);
        }
        expect((await reset(link)).status).toBe(200);
      });

      test("400, one message, for a malformed, unknown or other-purpose token; 422 for a bad body", async () => {
        const { email } = await t.signup();
        const confirmation = await confirmationLink(email);
        const bodies = ["", "x", "a".repeat(43), "a".repeat(5000), confirmation];
        const answers = await Promise.all(bodies.map((token) => reset(token)));
        expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400]);
        expect(new Set(answers.map((a) => a.body.msg)).size).toBe(1);
        expect((await post("/api/users/password/reset", { token: 5, new_password: NEW_PASSWORD })).status).toBe(422);
        expect((await post("/api/users/password/forgot", { email: "not an address" })).status).toBe(422);
        expect((await post("/api/users/password/forgot", {})).status).toBe(422);
      });

      test("a link mailed to an address the account no longer has is void", async () => {
        const { email, jar } = await t.signedIn();
        await forgot(email);
        const link = await resetLink(email, 2);
        const moved = uniqueEmail("moved");
        expect(
          (
            await t.request("/api/users/update", {
              method: "PUT",
              body: { email: moved, current_password: PASSWORD },
              jar,
              csrf: true,
            })
          ).status,
        ).toBe(200);
        expect((await reset(link)).status).toBe(400);
      });

      test("an address change voids every link: changing back does not bring a reset or confirmation link back", async () => {
        const { email, jar } = await t.signedIn();
        const confirmation = await confirmationLink(email);
        await forgot(email);
        const link = await resetLink(email, 2);
        const change = (to: string) =>
          t.json<any>("/api/users/update", {
            method: "PUT",
            body: { email: to, current_password: PASSWORD },
            jar,
            csrf: true,
          });
        expect((await change(uniqueEmail("away"))).status).toBe(200);
        expect((await change(email)).status).toBe(200);
        expect((await reset(link)).status).toBe(400);
        expect((await verify(confirmation)).status).toBe(400);
        // The link mailed with the change back is the one that works.
        const fresh = (await mail.deliver(email, 4)).filter((m) => m.subject.startsWith("Confirm")).at(-1);
        expect((await verify(linkToken(fresh, "verify-email"))).status).toBe(200);
      });

      test("two resets racing with one link: exactly one succeeds", async () => {
        const { email } = await t.signup();
        await forgot(email);
        const link = await resetLink(email, 2);
        const answers = await Promise.all([
          reset(link, "first racing passphrase"),
          reset(link, "second racing passphrase"),
        ]);
        expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
      });

      test("the database holds only the token's SHA-256, and the outbox only sealed bodies", async () => {
        const { email } = await t.signup();
        await forgot(email);
        const [queued] = await t.backend.db.sql<{ text_body: string | null; sealed_body: string }>`
          select text_body, sealed_body from mail_outbox
          where to_address = ${email} and subject like 'Reset your password%'
        `;
        expect(queued?.text_body).toBeNull();
        const link = await resetLink(email, 2);
        expect(queued?.sealed_body).not.toContain(link);
        const rows = await t.backend.db.sql<Record<string, unknown>>`
          select t.* from email_tokens t join users u on u.id = t.user_id where u.email = ${email}
        `;
        const dump = JSON.stringify(rows);
        expect(dump).not.toContain(link);
        expect(rows.map((row) => row.token_hash)).toContain(sha256(link));
      });

      test("429 with Retry-After after 5 requests for one address in an hour, known or not", async () => {
        const limited = await TestApp.create(t.backend);
        for (const email of [(await limited.signup()).email, uniqueEmail("ghost")]) {
          for (let i = 0; i < RATE_LIMITS.resetRequests.maxPerEmail; i++) {
            expect((await limited.json("/api/users/password/forgot", { method: "POST", body: { email } })).status).toBe(
              202,
            );
          }
          const over = await limited.json<any>("/api/users/password/forgot", { method: "POST", body: { email } });
          expect(over.status).toBe(429);
          expect(Number(over.response.headers.get("retry-after"))).toBeGreaterThan(0);
        }
      });

      test("429 after 20 requests from one IP in an hour", async () => {
        const limited = await TestApp.create(t.backend, { trustProxy: true });
        const headers = { "x-forwarded-for": "198.51.100.77" };
        for (let i = 0; i < RATE_LIMITS.resetRequests.maxPerIp; i++) {
          const res = await limited.request("/api/users/password/forgot", {
            method: "POST",
            body: { email: uniqueEmail("ip") },
            headers,
          });
          expect(res.status).toBe(202);
        }
        const over = await limited.request("/api/users/password/forgot", {
          method: "POST",
          body: { email: uniqueEmail("ip") },
          headers,
        });
        expect(over.status).toBe(429);
      });
    });

    describe("confirming the address", () => {
      test("sign-up mails a link; following it confirms the address, once", async () => {
        const { email, jar } = await t.signedIn();
        expect((await t.json<any>("/api/users/me", { jar })).body.user.email_verified).toBe(false);
        const [message] = await mail.deliver(email);
        expect(message?.subject).toBe("Confirm your e-mail address · Datta Dashboard");
        expect(mailParts(message?.raw ?? "").text).toContain("http://localhost/verify-email#token=");
        const link = linkToken(message, "verify-email");

        const done = await verify(link);
        expect(done.status).toBe(200);
        expect(done.body.success).toBe(true);
        expect(done.body.user.email).toBe(email);
        expect(done.body.user.email_verified).toBe(true);
        expect(done.body.user.password_hash).toBeUndefined();
        expect((await t.json<any>("/api/users/me", { jar })).body.user.email_verified).toBe(true);
        expect(await events(jar)).toContain("email_verified");

        const again = await verify(link);
        expect(again.status).toBe(400);
        expect(again.body.msg).toBe("This link is invalid, already used or expired. Ask for a new one.");
      });

      test("a link expires after 24 hours", async () => {
        const { email } = await t.signup();
        const link = await confirmationLink(email);
        t.appClockOffset = 24 * 3600 + 1;
        try {
          expect((await verify(link)).status).toBe(400);
        } finally {
          t.appClockOffset = 0;
        }
      });

      test("the wrong user: a link confirms its own account, never the signed-in one", async () => {
        const a = await t.signup();
        const b = await t.signedIn();
        const link = await confirmationLink(a.email);
        expect((await post("/api/users/email/verify", { token: link }, { jar: b.jar, csrf: true })).status).toBe(200);
        expect((await t.json<any>("/api/users/me", { jar: b.jar })).body.user.email_verified).toBe(false);
        const signedInA = new CookieJar();
        await post("/api/users/login", { email: a.email, password: PASSWORD }, { jar: signedInA });
        expect((await t.json<any>("/api/users/me", { jar: signedInA })).body.user.email_verified).toBe(true);
      });

      test("resend: 202 and a new link (the older one void); 409 once confirmed", async () => {
        const { email, jar } = await t.signedIn();
        const first = await confirmationLink(email);
        const sent = await post("/api/users/email/resend", undefined, { jar, csrf: true });
        expect(sent.status).toBe(202);
        expect(sent.body).toEqual({ success: true, msg: expect.any(String) });
        const second = await confirmationLink(email, 2);
        expect(second).not.toBe(first);
        expect((await verify(first)).status).toBe(400);
        expect((await verify(second)).status).toBe(200);
        const verified = await post("/api/users/email/resend", undefined, { jar, csrf: true });
        expect(verified.status).toBe(409);
        expect(verified.body).toEqual({ success: false, msg: "Your e-mail address is already confirmed." });
      });

      test("resend: 401 with no user, 403 without the CSRF header, 429 after 5 in an hour", async () => {
        expect((await post("/api/users/email/resend")).status).toBe(401);
        const { jar } = await t.signedIn();
        expect((await post("/api/users/email/resend", undefined, { jar, csrf: false })).status).toBe(403);
        for (let i = 0; i < RATE_LIMITS.verificationMails.maxPerAccount; i++) {
          expect((await post("/api/users/email/resend", undefined, { jar, csrf: true })).status).toBe(202);
        }
        const over = await post("/api/users/email/resend", undefined, { jar, csrf: true });
        expect(over.status).toBe(429);
        expect(Number(over.response.headers.get("retry-after"))).toBeGreaterThan(0);
      });

      test("a bearer token may ask too (no CSRF for bearer)", async () => {
        const { email } = await t.signup();
        const issued = await post("/api/users/token", { email, password: PASSWORD });
        const res = await t.request("/api/users/email/resend", {
          method: "POST",
          headers: { authorization: `Bearer ${issued.body.access_token}` },
        });
        expect(res.status).toBe(202);
      });
    });

    describe("changing the address", () => {
      test("a link to the new address, a notice to the old one, the address unconfirmed again", async () => {
        const { email, jar } = await t.signedIn();
        await verify(await confirmationLink(email));
        const moved = uniqueEmail("new");
        const res = await t.json<any>("/api/users/update", {
          method: "PUT",
          body: { email: moved, current_password: PASSWORD },
          jar,
          csrf: true,
        });
        expect(res.status).toBe(200);
        expect(res.body.user.email).toBe(moved);
        expect(res.body.user.email_verified).toBe(false);

        const [notice] = (await mail.deliver(email, 2)).filter((m) => m.subject.startsWith("Your e-mail address"));
        expect(notice?.subject).toBe("Your e-mail address was changed · Datta Dashboard");
        expect(mailParts(notice?.raw ?? "").text).not.toContain("#token=");
        const link = await confirmationLink(moved);
        expect((await verify(link)).body.user.email_verified).toBe(true);
      });

      test("a confirmation link for the old address does not confirm the new one", async () => {
        const { email, jar } = await t.signedIn();
        const oldLink = await confirmationLink(email);
        await t.request("/api/users/update", {
          method: "PUT",
          body: { email: uniqueEmail("next"), current_password: PASSWORD },
          jar,
          csrf: true,
        });
        expect((await verify(oldLink)).status).toBe(400);
      });

      test("a username change mails nothing and keeps the address confirmed", async () => {
        const { email, jar } = await t.signedIn();
        await verify(await confirmationLink(email));
        const res = await t.json<any>("/api/users/update", {
          method: "PUT",
          body: { username: "renamed", email: email.toUpperCase() },
          jar,
          csrf: true,
        });
        expect(res.body.user.email_verified).toBe(true);
        expect((await mail.receivedBy(email)).map((m) => m.subject)).toEqual([
          "Confirm your e-mail address · Datta Dashboard",
        ]);
      });
    });

    describe("a sign-in from a new device", () => {
      const agent = (name: string) => ({
        "user-agent": name,
      });
      test("a notice for a browser or network not seen in 30 days; none for a known one", async () => {
        const ip = await TestApp.create(t.backend, { trustProxy: true });
        const email = uniqueEmail("device");
        const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        const chrome =
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";
        const signIn = (ua: string, from: string) =>
          ip.request("/api/users/login", {
            method: "POST",
            body: { email, password: PASSWORD },
            headers: { ...agent(ua), "x-forwarded-for": from },
          });
        await ip.request("/api/users/signup", {
          method: "POST",
          body: { username: "device_owner", email, password: PASSWORD },
          headers: { ...agent(firefox), "x-forwarded-for": "203.0.113.10" },
        });
        // The browser that signed up, from its own network (another address in the same /24): known.
        expect((await signIn(firefox, "203.0.113.99")).status).toBe(200);
        const newSignIns = async () =>
          (await mail.receivedBy(email)).filter((m) => m.subject.startsWith("A sign-in from a new device"));
        expect(await newSignIns()).toHaveLength(0);
        // Another browser: new.
        expect((await signIn(chrome, "203.0.113.10")).status).toBe(200);
        const [notice] = await mail.deliver(email, 2);
        const all = await newSignIns();
        expect(all).toHaveLength(1);
        const text = mailParts(all[0]?.raw ?? notice?.raw ?? "").text;
        expect(text).toContain("Chrome on Windows");
        expect(text).toContain("203.0.113.10");
        expect(text).not.toContain("#token=");
        // The same browser from another network: new again; then known.
        expect((await signIn(firefox, "192.0.2.5")).status).toBe(200);
        expect((await signIn(firefox, "192.0.2.6")).status).toBe(200);
        await mail.deliver(email, 3);
        expect(await newSignIns()).toHaveLength(2);
        // Thirty days on, every device is new again.
        ip.appClockOffset = 31 * 86_400;
        t.appClockOffset = 31 * 86_400;
        try {
          expect((await signIn(firefox, "192.0.2.5")).status).toBe(200);
          await mail.deliver(email, 4);
          expect(await newSignIns()).toHaveLength(3);
        } finally {
          ip.appClockOffset = 0;
          t.appClockOffset = 0;
        }
      });
    });

    describe("REQUIRE_VERIFIED_EMAIL", () => {
      test("a correct password for an unconfirmed address: 403; confirmed: signed in; nothing else changes", async () => {
        const strict = await TestApp.create(t.backend, { requireVerifiedEmail: true });
        const { email } = await strict.signup();
        const jar = new CookieJar();
        const refused = await strict.json<any>("/api/users/login", {
          method: "POST",
          body: { email, password: PASSWORD },
          jar,
        });
        expect(refused.status).toBe(403);
        expect(refused.body).toEqual({ success: false, msg: "Verify your e-mail address first." });
        expect(jar.cookies.size).toBe(0);
        expect(
          (await strict.json("/api/users/token", { method: "POST", body: { email, password: PASSWORD } })).status,
        ).toBe(403);
        // A wrong password is still the one answer for every bad credential.
        expect(await strict.loginStatus(email, "not the password")).toBe(401);
        await verify(await confirmationLink(email));
        expect(await strict.loginStatus(email, PASSWORD)).toBe(200);
      });
    });
  });
}

for (const spec of BACKENDS) {
  describe(`e-mail under failure and with replicas [${spec.name}]`, () => {
    test("SMTP down: forgot still answers 202; the link arrives once the server is back, and works", async () => {
      const t = await TestApp.create(await spec.open());
      await t.backend.db.sql`delete from mail_outbox where sent_at is null`;
      const { email } = await t.signup();
      // A port with nobody listening: every send is refused.
      const closed = await startSmtp();
      const deadUrl = closed.url;
      await closed.stop();
      const clock = { offsetMs: 0 };
      const deadTransport = smtpTransport(deadUrl, "Datta Dashboard <no-reply@localhost>", "localhost");
      const down = createMailWorker({
        sql: t.backend.db.sql,
        sealer: TEST_SEALER,
        transport: deadTransport,
        logger: silentLogger,
        now: () => Date.now() + clock.offsetMs,
      });
      const asked = await t.json("/api/users/password/forgot", { method: "POST", body: { email } });
      await t.app.settled();
      expect(asked.status).toBe(202);
      expect((await down.runOnce()).retried).toBeGreaterThanOrEqual(2); // the confirmation and the reset link
      deadTransport.close();

      const back = await startMailbox(t.backend, () => Date.now() + clock.offsetMs);
      try {
        expect(await back.receivedBy(email)).toEqual([]); // not due yet: the backoff holds
        clock.offsetMs = 31_000;
        const received = await back.deliver(email, 2);
        const link = linkToken(
          received.find((m) => m.subject.startsWith("Reset your password")),
          "reset-password",
        );
        const done = await t.json("/api/users/password/reset", {
          method: "POST",
          body: { token: link, new_password: NEW_PASSWORD },
        });
        expect(done.status).toBe(200);
      } finally {
        await back.stop();
      }
    }, 30_000);

    test("two apps sharing the database, each with its worker: every message delivered exactly once", async () => {
      const backend = await spec.open();
      await backend.db.sql`delete from mail_outbox where sent_at is null`;
      const a = await TestApp.create(backend);
      const b = await TestApp.create(backend);
      const smtp = await startSmtp();
      const transports = [0, 1].map(() => smtpTransport(smtp.url, "Datta Dashboard <no-reply@localhost>", "localhost"));
      const workers = transports.map((transport) =>
        createMailWorker({ sql: backend.db.sql, sealer: TEST_SEALER, transport, logger: silentLogger }),
      );
      try {
        const accounts = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).signup()));
        await Promise.all(
          accounts.map(({ email }, i) =>
            (i % 2 ? b : a).request("/api/users/password/forgot", { method: "POST", body: { email } }),
          ),
        );
        await Promise.all([a.app.settled(), b.app.settled()]);
        // Both workers at once, twice over: claims never overlap.
        await Promise.all([...workers, ...workers].map((worker) => worker.runOnce()));
        for (const { email } of accounts) {
          const subjects = (await smtp.waitFor(email, 2)).map((m) => m.subject.split(" · ")[0]).sort();
          expect(subjects).toEqual(["Confirm your e-mail address", "Reset your password"]);
        }
        expect(smtp.received.filter((m) => accounts.some(({ email }) => m.to.includes(email)))).toHaveLength(24);
      } finally {
        for (const transport of transports) transport.close();
        await smtp.stop();
      }
    }, 30_000);

    test("forgot: an unknown and a known address take similar time (medians of 40 alternating requests)", async () => {
      const t = await TestApp.create(await spec.open(), {
        rateLimits: { ...RATE_LIMITS, resetRequests: { windowSeconds: 3600, maxPerEmail: 1000, maxPerIp: 1000 } },
      });
      const { email } = await t.signup();
      const unknown = uniqueEmail("timing");
      const time = async (address: string) => {
        const started = performance.now();
        const res = await t.request("/api/users/password/forgot", { method: "POST", body: { email: address } });
        await res.arrayBuffer();
        expect(res.status).toBe(202);
        return performance.now() - started;
      };
      for (let i = 0; i < 5; i++) await Promise.all([time(email), time(unknown)]); // warm both paths
      const known: number[] = [];
      const stranger: number[] = [];
      for (let i = 0; i < 40; i++) {
        if (i % 2) {
          known.push(await time(email));
          stranger.push(await time(unknown));
        } else {
          stranger.push(await time(unknown));
          known.push(await time(email));
        }
      }
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
      const [k, u] = [median(known), median(stranger)];
      await t.app.settled();
      console.log(`forgot medians [${spec.name}]: known ${k.toFixed(2)} ms, unknown ${u.toFixed(2)} ms`);
      expect(Math.abs(k - u)).toBeLessThan(Math.max(2, 0.5 * Math.min(k, u)));
    }, 60_000);
  });
}
