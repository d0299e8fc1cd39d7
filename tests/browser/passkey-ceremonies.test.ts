/**
 * Passkey ceremonies against the server's checks, with real answers from Chromium's virtual
 * authenticator (the DevTools protocol's WebAuthn domain) on a page at PUBLIC_URL's origin: a
 * ceremony begun on one app instance and finished on another (their challenges in the shared
 * store), and what must be refused: a replayed answer, a tampered one, one made for another
 * origin, a signature counter that went backwards. Then what a passkey must not outlive: one
 * planted on an unconfirmed account (it signs in only once the address is proven, and a reset
 * removes it), and one planted through a stolen session (the owner's reset removes it, and shows the
 * others, any of which may go too). Both backends; mail over a real SMTP server.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Page } from "playwright-core";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { addVirtualAuthenticator, type BrowserSession, hasChromium, openBrowser } from "../helpers/chromium.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { linkToken, startMailbox, type TestMailbox } from "../helpers/mail.ts";

setDefaultTimeout(30_000);

type Json = Record<string, any>;

/** A page to hold the ceremonies: any path answers a blank document. */
function pageServer() {
  return Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: () => new Response("<!doctype html><title>ceremony</title>", { headers: { "content-type": "text/html" } }),
  });
}

/** One byte of a base64url value changed. */
function flipped(value: string): string {
  const bytes = Buffer.from(value, "base64url");
  const at = bytes.length - 1;
  bytes[at] = (bytes[at] as number) ^ 0x01;
  return bytes.toString("base64url");
}

if (hasChromium) {
  for (const spec of BACKENDS) {
    describe(`passkey ceremonies [${spec.name}]`, () => {
      const site = pageServer();
      const elsewhere = pageServer();
      const origin = `http://localhost:${site.port}`;
      let a: TestApp;
      let b: TestApp;
      let browser: BrowserSession;
      let authenticator: Awaited<ReturnType<typeof addVirtualAuthenticator>>;

      beforeAll(async () => {
        const backend = await spec.open();
        // Two instances of the app sharing the database and the store, as two replicas do.
        a = await TestApp.create(backend, { publicUrl: origin });
        b = await TestApp.create(backend, { publicUrl: origin });
        browser = await openBrowser("desktop");
        authenticator = await addVirtualAuthenticator(browser);
        await browser.page.goto(origin);
      }, 30_000);
      afterAll(async () => {
        await browser?.close();
        site.stop(true);
        elsewhere.stop(true);
      });

      /** navigator.credentials.create() on the page, with the server's options; its JSON. */
      const create = (options: Json) =>
        browser.page.evaluate(async (json) => {
          const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(json as never);
          const credential = (await navigator.credentials.create({ publicKey })) as PublicKeyCredential;
          return credential.toJSON() as Record<string, any>;
        }, options);
      const get = (options: Json) =>
        browser.page.evaluate(async (json) => {
          const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(json as never);
          const credential = (await navigator.credentials.get({ publicKey })) as PublicKeyCredential;
          return credential.toJSON() as Record<string, any>;
        }, options);

      const registerOptions = async (app: TestApp, jar: CookieJar) =>
        (await app.json<Json>("/api/users/passkeys/options", { method: "POST", jar, csrf: true })).body;
      const register = (app: TestApp, jar: CookieJar, response: unknown) =>
        app.json<Json>("/api/users/passkeys", { method: "POST", body: { response }, jar, csrf: true });
      const signInOptions = async (app: TestApp) =>
        (await app.json<Json>("/api/users/login/passkey/options", { method: "POST" })).body;
      const signIn = (app: TestApp, response: unknown, jar = new CookieJar()) =>
        app.json<Json>("/api/users/login/passkey", { method: "POST", body: { response }, jar });

      let owner: { email: string; jar: CookieJar };

      test("registration begun on one instance finishes on the other; the same answer again is refused", async () => {
        owner = await a.signedIn();
        const answer = await create(await registerOptions(a, owner.jar));
        const added = await register(b, owner.jar, answer);
        expect(added.status).toBe(201);
        expect(added.body.passkey.name).toMatch(/^Passkey, \d{4}-\d{2}-\d{2}$/);
        expect((await a.json<Json>("/api/users/me", { jar: owner.jar })).body.user.mfa.passkeys).toBe(1);
        expect((await register(a, owner.jar, answer)).status).toBe(400); // its challenge was used
      });

      // The refused registrations below each leave a credential in the authenticator that the
      // server never accepted: each is removed again, so sign-in finds the owner's alone.

      test("a tampered registration, and one made on another origin, are refused", async () => {
        const someone = await a.signedIn();
        const tampered = await create(await registerOptions(a, someone.jar));
        await authenticator.forget(tampered.id);
        // What the browser signed for (with attestation "none", the client data and the RP's hash in
        // the authenticator data are what binds an answer to this ceremony): changed, refused.
        const clientData = JSON.parse(Buffer.from(tampered.response.clientDataJSON, "base64url").toString());
        const retyped = { ...tampered, response: { ...tampered.response } };
        retyped.response.clientDataJSON = Buffer.from(JSON.stringify({ ...clientData, type: "webauthn.get" })).toString(
          "base64url",
        );
        expect((await register(a, someone.jar, retyped)).status).toBe(400);
        const rechallenged = { ...tampered, response: { ...tampered.response } };
        rechallenged.response.clientDataJSON = Buffer.from(
          JSON.stringify({ ...clientData, challenge: flipped(clientData.challenge) }),
        ).toString("base64url");
        expect((await register(a, someone.jar, rechallenged)).status).toBe(400);

        const options = await registerOptions(a, someone.jar);
        await browser.page.goto(`http://localhost:${elsewhere.port}`);
        const foreign = await create(options);
        await authenticator.forget(foreign.id);
        await browser.page.goto(origin);
        const foreignData = JSON.parse(Buffer.from(foreign.response.clientDataJSON, "base64url").toString());
        expect(foreignData.origin).toBe(`http://localhost:${elsewhere.port}`);
        expect((await register(a, someone.jar, foreign)).status).toBe(400);
        expect((await a.json<Json>("/api/users/passkeys", { jar: someone.jar })).body.passkeys).toEqual([]);
      });

      test("a registration answer for another user's challenge is refused", async () => {
        const other = await a.signedIn();
        const answer = await create(await registerOptions(a, other.jar));
        await authenticator.forget(answer.id);
        expect((await register(b, owner.jar, answer)).status).toBe(400);
        const mine = (await a.json<Json>("/api/users/passkeys", { jar: owner.jar })).body.passkeys;
        expect(mine).toHaveLength(1);
        // Nor does another user see, rename or remove the owner's passkey: 404, as for an unknown id.
        expect((await a.json<Json>("/api/users/passkeys", { jar: other.jar })).body.passkeys).toEqual([]);
        const path = `/api/users/passkeys/${mine[0].id}`;
        expect(
          (await a.json(path, { method: "PATCH", body: { name: "Mine now" }, jar: other.jar, csrf: true })).status,
        ).toBe(404);
        expect((await a.json(path, { method: "DELETE", jar: other.jar, csrf: true })).status).toBe(404);
        expect((await a.json<Json>("/api/users/passkeys", { jar: owner.jar })).body.passkeys[0].name).toBe(
          mine[0].name,
        );
      });

      test("sign-in begun on one instance finishes on the other, once; tampered and replayed answers refused", async () => {
        await a.confirmEmail(owner.email);
        const answer = await get(await signInOptions(b));
        const jar = new CookieJar();
        const done = await signIn(a, answer, jar);
        expect(done.status).toBe(200);
        expect(done.body.user.email).toBe(owner.email);
        expect(done.body.csrf_token).toBe(jar.get("csrf_access_token"));
        expect((await a.json("/api/users/me", { jar })).status).toBe(200);

        const replayed = await signIn(b, answer);
        expect(replayed.status).toBe(401);

        const tampered = await get(await signInOptions(a));
        tampered.response.signature = flipped(tampered.response.signature);
        const refused = await signIn(a, tampered);
        expect(refused.status).toBe(401);
        expect(refused.body.msg).toBe(replayed.body.msg);

        // The user handle is not signed: one naming another account is refused.
        const rehandled = await get(await signInOptions(a));
        rehandled.response.userHandle = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64url");
        expect((await signIn(a, rehandled)).status).toBe(401);
        const unhandled = await get(await signInOptions(a));
        delete unhandled.response.userHandle;
        expect((await signIn(a, unhandled)).status).toBe(401);

        const otherOrigin = await signInOptions(a);
        await browser.page.goto(`http://localhost:${elsewhere.port}`);
        const foreign = await get(otherOrigin);
        await browser.page.goto(origin);
        expect((await signIn(a, foreign)).status).toBe(401);
      });

      test("step-up: the owner's passkey raises the owner's password session (the same one); not another's, not twice, not without CSRF", async () => {
        const stepUp = (jar: CookieJar | undefined, response: unknown, csrf = true) =>
          a.json<Json>("/api/users/login/passkey/step-up", { method: "POST", body: { response }, jar, csrf });
        const methodOf = async (jar: CookieJar) =>
          (await a.json<Json>("/api/users/sessions", { jar })).body.sessions.find((x: Json) => x.current);
        const before = await methodOf(owner.jar);
        expect(before.method).toBe("password");

        // The owner's passkey for someone else's session proves nothing about that session.
        const someone = await a.signedIn();
        const stolen = await stepUp(someone.jar, await get(await signInOptions(a)));
        expect(stolen.status).toBe(401);
        expect((await methodOf(someone.jar)).method).toBe("password");
        // No session, no CSRF header, a bearer token: refused before any passkey is looked at.
        expect((await stepUp(undefined, await get(await signInOptions(a)))).status).toBe(401);
        expect((await stepUp(owner.jar, await get(await signInOptions(a)), false)).status).toBe(403);
        const bearer = owner.jar.get("access_token_cookie") as string;
        const byBearer = await a.json<Json>("/api/users/login/passkey/step-up", {
          method: "POST",
          body: { response: await get(await signInOptions(a)) },
          headers: { authorization: `Bearer ${bearer}` },
        });
        expect(byBearer.status).toBe(400);

        const answer = await get(await signInOptions(b));
        const raised = await stepUp(owner.jar, answer);
        expect(raised.status).toBe(200);
        expect(raised.body.csrf_token).toBe(owner.jar.get("csrf_access_token"));
        const after = await methodOf(owner.jar);
        expect(after).toMatchObject({ id: before.id, method: "password+passkey" });
        // The same answer again: its challenge was used.
        expect((await stepUp(owner.jar, answer)).status).toBe(401);
      });

      test("a signature counter that went backwards (a cloned authenticator) is refused", async () => {
        const [row] = await a.backend.db.sql<{ counter: number }>`
          select p.counter from passkeys p join users u on u.id = p.user_id where u.email = ${owner.email}
        `;
        expect(Number(row?.counter)).toBeGreaterThan(0); // the virtual authenticator counts its signatures
        const passkeys = (await a.json<Json>("/api/users/passkeys", { jar: owner.jar })).body.passkeys;
        expect(passkeys[0].last_used_at).not.toBeNull();
        await a.backend.db.sql`
          update passkeys set counter = 1000000 where user_id = (select id from users where email = ${owner.email})
        `;
        expect((await signIn(a, await get(await signInOptions(a)))).status).toBe(401);
      });

      test("a challenge lives 5 minutes (the clock moves)", async () => {
        await a.backend.db.sql`
          update passkeys set counter = 0 where user_id = (select id from users where email = ${owner.email})
        `;
        const late = await get(await signInOptions(a));
        b.appClockOffset = 5 * 60 + 1;
        try {
          expect((await signIn(b, late)).status).toBe(401);
        } finally {
          b.appClockOffset = 0;
        }
        // A fresh one, in time: signed in (so the refusal above was the clock's).
        expect((await signIn(b, await get(await signInOptions(a)))).status).toBe(200);
      });
    });

    describe(`what a passkey must not outlive [${spec.name}]`, () => {
      const site = pageServer();
      const origin = `http://localhost:${site.port}`;
      let t: TestApp;
      let browser: BrowserSession;
      let authenticator: Awaited<ReturnType<typeof addVirtualAuthenticator>>;
      let mailbox: TestMailbox;

      beforeAll(async () => {
        const backend = await spec.open();
        t = await TestApp.create(backend, { publicUrl: origin });
        // Other files' unsent mail is not this file's to send.
        await backend.db.sql`delete from mail_outbox where sent_at is null`;
        mailbox = await startMailbox(backend);
        browser = await openBrowser("desktop");
        authenticator = await addVirtualAuthenticator(browser);
        await browser.page.goto(origin);
      }, 30_000);
      afterAll(async () => {
        await browser?.close();
        await mailbox?.stop();
        site.stop(true);
      });

      /** Where each credential was made: the owner's page or the thief's (each its own authenticator). */
      const made = new Map<string, Page>();
      const create = async (page: Page, options: Json) => {
        const answer = await page.evaluate(async (json) => {
          const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(json as never);
          const credential = (await navigator.credentials.create({ publicKey })) as PublicKeyCredential;
          return credential.toJSON() as Record<string, any>;
        }, options);
        made.set(answer.id, page);
        return answer;
      };
      /** navigator.credentials.get() for this credential, on the page whose authenticator holds it. */
      const getWith = (options: Json, credentialId: string) =>
        (made.get(credentialId) ?? browser.page).evaluate(
          async ([json, id]) => {
            const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON({
              ...(json as object),
              allowCredentials: [{ type: "public-key", id }],
            } as never);
            const credential = (await navigator.credentials.get({ publicKey })) as PublicKeyCredential;
            return credential.toJSON() as Record<string, any>;
          },
          [options, credentialId] as const,
        );
      /** Adds a passkey through `jar`'s session; the credential's id. */
      const plant = async (jar: CookieJar, name: string, page: Page = browser.page) => {
        const options = await t.json<Json>("/api/users/passkeys/options", { method: "POST", jar, csrf: true });
        expect(options.status).toBe(200);
        const answer = await create(page, options.body);
        const added = await t.json<Json>("/api/users/passkeys", {
          method: "POST",
          body: { response: answer, name },
          jar,
          csrf: true,
        });
        expect(added.status).toBe(201);
        return answer.id as string;
      };
      const signInWith = async (credentialId: string) => {
        const options = (await t.json<Json>("/api/users/login/passkey/options", { method: "POST" })).body;
        return t.json<Json>("/api/users/login/passkey", {
          method: "POST",
          body: { response: await getWith(options, credentialId) },
          jar: new CookieJar(),
        });
      };
      /** A reset link mailed to `email`, as its owner asks for one. */
      const resetLink = async (email: string) => {
        const before = (await mailbox.receivedBy(email)).length;
        expect((await t.request("/api/users/password/forgot", { method: "POST", body: { email } })).status).toBe(202);
        await t.app.settled();
        const mails = await mailbox.deliver(email, before + 1);
        return linkToken(mails.at(-1), "reset-password");
      };
      const atReset = async (token: string) =>
        (await t.json<Json>("/api/users/password/reset/passkeys", { method: "POST", body: { token } })).body
          .passkeys as Json[];
      const reset = (token: string, remove_passkeys?: string[]) =>
        t.json<Json>("/api/users/password/reset", {
          method: "POST",
          body: { token, new_password: "a brand new passphrase", remove_passkeys },
        });

      test("a passkey on an unconfirmed account (pre-account takeover) signs in only once the address is proven; the owner's reset removes it", async () => {
        // Somebody signs up with an address that is not theirs and adds a passkey.
        const squatter = await t.signedIn();
        const planted = await plant(squatter.jar, "Not the owner's");
        const refused = await signInWith(planted);
        expect(refused.status).toBe(401);
        expect(refused.body.msg).toBe(
          "Confirm your e-mail address before signing in with a passkey: follow the link we mailed, or sign in with your password.",
        );
        // The address's owner asks for a reset: the reset page shows the passkey, to go with the reset.
        const token = await resetLink(squatter.email);
        expect(await atReset(token)).toEqual([expect.objectContaining({ name: "Not the owner's", goes: true })]);
        expect((await reset(token)).status).toBe(200);
        expect((await signInWith(planted)).status).toBe(401);
        expect(
          (
            await t.json<Json>("/api/users/login", {
              method: "POST",
              body: { email: squatter.email, password: "a brand new passphrase" },
            })
          ).body.user.mfa.passkeys,
        ).toBe(0);
        const notices = (await mailbox.deliver(squatter.email, 4)).map((m) => m.subject);
        expect(notices).toContain("Passkeys were removed · Datta Dashboard");
        await authenticator.forget(planted);
      });

      test("a passkey planted through a stolen session goes with the owner's reset; the owner's own stays unless chosen", async () => {
        const owner = await t.signedIn();
        await t.confirmEmail(owner.email);
        const own = await plant(owner.jar, "My laptop");
        // The owner signs out everywhere (that session ends), and later signs in again.
        expect((await t.request("/api/users/logout", { method: "POST", jar: owner.jar, csrf: true })).status).toBe(200);
        const jar = new CookieJar();
        expect(
          (await t.json("/api/users/login", { method: "POST", body: { email: owner.email, password: PASSWORD }, jar }))
            .status,
        ).toBe(200);
        // Within minutes, a copy of that session's cookies plants a passkey on the thief's own device.
        const thief = await browser.context.newPage();
        await thief.goto(origin);
        const thiefs = await addVirtualAuthenticator({ context: browser.context, page: thief });
        const stolen = jar.clone();
        const planted = await plant(stolen, "Thief's key", thief);
        expect((await signInWith(planted)).status).toBe(200);

        const token = await resetLink(owner.email);
        const listed = await atReset(token);
        expect(listed.map((p) => [p.name, p.goes]).sort()).toEqual([
          ["My laptop", false],
          ["Thief's key", true],
        ]);
        expect((await reset(token)).status).toBe(200);
        expect((await signInWith(planted)).status).toBe(401);
        expect((await signInWith(own)).status).toBe(200);
        // Another reset, with the owner's own chosen this time: it goes too.
        const next = await resetLink(owner.email);
        const mine = (await atReset(next)).find((p) => p.name === "My laptop");
        expect(mine?.goes).toBe(false);
        expect((await reset(next, [mine?.id as string, crypto.randomUUID()])).status).toBe(200);
        expect((await signInWith(own)).status).toBe(401);
        // A used link no longer lists anything.
        const used = await t.json<Json>("/api/users/password/reset/passkeys", {
          method: "POST",
          body: { token: next },
        });
        expect(used.status).toBe(400);
        await thiefs.forget(planted);
        await authenticator.forget(own);
        await thief.close();
      });
    });
  }
} else leftOut("browser/passkey-ceremonies", NEEDS.chromium);
