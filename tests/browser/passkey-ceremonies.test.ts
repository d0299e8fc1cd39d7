/**
 * Passkey ceremonies against the server's checks, with real answers from Chromium's virtual
 * authenticator (the DevTools protocol's WebAuthn domain) on a page at PUBLIC_URL's origin: a
 * ceremony begun on one app instance and finished on another (their challenges in the shared
 * store), and what must be refused: a replayed answer, a tampered one, one made for another
 * origin, a signature counter that went backwards. Both backends.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { addVirtualAuthenticator, type BrowserSession, hasChromium, openBrowser } from "../helpers/chromium.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";

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
  }
}
