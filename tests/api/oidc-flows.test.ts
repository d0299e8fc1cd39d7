/**
 * The authorization code flow end to end on both backends, with openid-client (a certified relying
 * party) validating what it is given: the user's steps walked as a browser would (redirects, the
 * dashboard's sign-in cookie, the consent page's routes), the ID token, userinfo, single sign-on
 * into a second client, remembered consent, refresh rotation and reuse, a code used twice, a wrong
 * verifier, prompt=none, and every way part 2 ends a session ending what the provider issued
 * under it.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { ISSUER, TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import {
  answerConsent,
  authorizationRequest,
  client,
  follow,
  type Json,
  type RegisteredClient,
  registerClient,
  relyingParty,
  codeFlow as signedInFlow,
  signInThrough,
} from "../helpers/oidc.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const CALLBACK = "https://grafana.example.com/login/generic_oauth";
const SECOND = "https://wiki.example.com/oidc/callback";
const NATIVE = "http://127.0.0.1/callback";

for (const spec of BACKENDS) {
  describe(`OpenID provider: the code flow [${spec.name}]`, () => {
    let t: TestApp;
    let admin: CookieJar;
    let grafana: RegisteredClient;
    let wiki: RegisteredClient;
    let cli: RegisteredClient;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
      admin = (await t.signedInAdmin()).jar;
      grafana = await registerClient(t, admin, {
        name: "Grafana",
        type: "confidential",
        redirect_uris: [CALLBACK],
        home_url: "https://grafana.example.com",
        scopes: "openid profile email roles offline_access",
      });
      wiki = await registerClient(t, admin, {
        name: "Wiki",
        type: "confidential",
        redirect_uris: [SECOND],
        first_party: true,
      });
      cli = await registerClient(t, admin, { name: "CLI", type: "public", redirect_uris: [NATIVE] });
    });

    /** A signed-in user's code flow with `registered`: the tokens, and what openid-client checked. */
    const codeFlow = (jar: CookieJar, registered: RegisteredClient, redirectUri: string, params = {}) =>
      signedInFlow(t, jar, registered, { redirect_uri: redirectUri, ...params });
    const userinfoOf = (config: client.Configuration, accessToken: string, sub: string) =>
      client.fetchUserInfo(config, accessToken, sub).then(
        (info) => info,
        (error: { status?: number }) => ({ refused: error.status ?? 0 }),
      );
    const refreshWith = (config: client.Configuration, refreshToken: string) =>
      client.refreshTokenGrant(config, refreshToken).then(
        (tokens) => tokens,
        (error: { error?: string }) => ({ refused: error.error ?? "failed" }),
      );

    test("sign-in, consent, the ID token validated by openid-client, userinfo", async () => {
      const user = await t.signedIn({ username: "grace_hopper" });
      const config = await relyingParty(t, grafana);
      const request = await authorizationRequest(config, {
        redirect_uri: CALLBACK,
        scope: "openid profile email roles",
      });
      const { location } = await follow(t, user.jar, request.url.href);
      expect(new URL(location).pathname).toMatch(/^\/consent\/[\w-]+$/);
      const { asked, next } = await answerConsent(t, user.jar, location, true);
      expect(asked.client).toMatchObject({ name: "Grafana", home_url: "https://grafana.example.com" });
      expect(asked.scopes.map((s: Json) => s.scope)).toEqual(["openid", "profile", "email", "roles"]);
      expect(asked.scopes.every((s: Json) => s.description.length > 10)).toBe(true);
      const callback = new URL((await follow(t, user.jar, next)).location);
      expect(callback.origin + callback.pathname).toBe(CALLBACK);
      expect(callback.searchParams.get("iss")).toBe(ISSUER);
      const tokens = await client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
      });
      const claims = tokens.claims() as Json;
      const [row] = await t.backend.db.sql<{
        stable_id: string;
      }>`select stable_id from users where email = ${user.email}`;
      expect(claims).toMatchObject({
        iss: ISSUER,
        sub: row?.stable_id,
        aud: grafana.client_id,
        acr: "0",
        amr: ["pwd"],
      });
      for (const claim of ["auth_time", "sid", "at_hash", "nonce", "iat", "exp"]) expect(claims[claim]).toBeDefined();
      // RS256 by default, under the RSA key the JWKS publishes.
      const header = decodeProtectedHeader(tokens.id_token as string);
      expect(header.alg).toBe("RS256");
      const jwks = (await t.json<Json>("/.well-known/jwks.json")).body;
      expect(jwks.keys.find((key: Json) => key.kid === header.kid)?.kty).toBe("RSA");
      await jwtVerify(tokens.id_token as string, createLocalJWKSet(jwks as never), {
        issuer: ISSUER,
        audience: grafana.client_id,
      });
      const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
      expect(info as Json).toEqual({
        sub: claims.sub,
        name: "grace_hopper",
        preferred_username: "grace_hopper",
        updated_at: expect.any(Number),
        email: user.email,
        email_verified: false,
        roles: ["user"],
      });
    });

    test("single sign-on: a second client asks no password; a first-party client no consent either", async () => {
      const user = await t.signedIn();
      await codeFlow(user.jar, grafana, CALLBACK);
      const config = await relyingParty(t, wiki);
      const request = await authorizationRequest(config, { redirect_uri: SECOND });
      const { location } = await follow(t, user.jar, request.url.href);
      // Straight back to the client with a code: no sign-in page, no consent page.
      expect(location.startsWith(`${SECOND}?code=`)).toBe(true);
      const tokens = await client.authorizationCodeGrant(config, new URL(location), {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
      });
      expect(tokens.claims()?.aud).toBe(wiki.client_id);
    });

    test("consent is remembered: the same client again goes straight back, in a new session too", async () => {
      const user = await t.signedIn();
      await codeFlow(user.jar, grafana, CALLBACK);
      const again = await authorizationRequest(await relyingParty(t, grafana), { redirect_uri: CALLBACK });
      expect((await follow(t, user.jar, again.url.href)).location.startsWith(`${CALLBACK}?code=`)).toBe(true);
      // Signed in again elsewhere (a new dashboard session): still no consent page.
      const elsewhere = new CookieJar();
      expect(
        (
          await t.json("/api/users/login", {
            method: "POST",
            body: { email: user.email, password: user.password },
            jar: elsewhere,
          })
        ).status,
      ).toBe(200);
      const fresh = await authorizationRequest(await relyingParty(t, grafana), { redirect_uri: CALLBACK });
      expect((await follow(t, elsewhere, fresh.url.href)).location.startsWith(`${CALLBACK}?code=`)).toBe(true);
    });

    test("allowing more scopes adds them to what was remembered, in the order they were allowed", async () => {
      const user = await t.signedIn();
      const ask = async (scope: string) => {
        const request = await authorizationRequest(await relyingParty(t, grafana), { redirect_uri: CALLBACK, scope });
        return (await follow(t, user.jar, request.url.href)).location;
      };
      const first = await ask("openid profile");
      expect(new URL(first).pathname).toMatch(/^\/consent\//);
      await follow(t, user.jar, (await answerConsent(t, user.jar, first, true)).next);
      const more = await ask("openid email profile");
      const asked = await answerConsent(t, user.jar, more, true);
      expect(asked.asked.scopes.map((s: Json) => s.scope)).toEqual(["email"]);
      await follow(t, user.jar, asked.next);
      for (const scope of ["openid email", "openid profile email"])
        expect(await ask(scope)).toStartWith(`${CALLBACK}?code=`);
      const [row] = await t.backend.db.sql<{ scopes: string }>`
        select c.scopes from oidc_consents c join users u on u.id = c.user_id where u.email = ${user.email}
      `;
      expect(row?.scopes).toBe("openid profile email");
    });

    test("deny: the client is told access_denied, with its state and our issuer", async () => {
      const user = await t.signedIn();
      const request = await authorizationRequest(await relyingParty(t, grafana), { redirect_uri: CALLBACK });
      const callback = await signInThrough(t, user.jar, request.url, false);
      expect(callback.searchParams.get("error")).toBe("access_denied");
      expect(callback.searchParams.get("state")).toBe(request.state);
      expect(callback.searchParams.get("iss")).toBe(ISSUER);
    });

    test("signed out: the dashboard's sign-in, then back into the flow", async () => {
      const user = await t.signedIn();
      const jar = new CookieJar();
      const request = await authorizationRequest(await relyingParty(t, grafana), { redirect_uri: CALLBACK });
      const { location } = await follow(t, jar, request.url.href);
      const signIn = new URL(location);
      expect(signIn.pathname).toBe("/signin");
      const next = signIn.searchParams.get("next") as string;
      expect(next).toMatch(/^\/oidc\/interaction\/[\w-]+$/);
      expect(
        (
          await t.json("/api/users/login", {
            method: "POST",
            body: { email: user.email, password: user.password },
            jar,
          })
        ).status,
      ).toBe(200);
      const after = await follow(t, jar, next);
      expect(new URL(after.location).pathname).toMatch(/^\/consent\//);
    });

    test("prompt=none: login_required when signed out; consent_required before consent; a code without a page after", async () => {
      const config = await relyingParty(t, grafana);
      const out = await authorizationRequest(config, { redirect_uri: CALLBACK, prompt: "none" });
      const refused = new URL((await follow(t, new CookieJar(), out.url.href)).location);
      expect(refused.searchParams.get("error")).toBe("login_required");
      // Signed in to the dashboard, never yet to the provider: the dashboard's session is the sign-in.
      const user = await t.signedIn();
      const first = await authorizationRequest(await relyingParty(t, wiki), { redirect_uri: SECOND, prompt: "none" });
      expect((await follow(t, user.jar, first.url.href)).location).toStartWith(`${SECOND}?code=`);
      const notYet = await authorizationRequest(config, { redirect_uri: CALLBACK, prompt: "none" });
      expect(new URL((await follow(t, user.jar, notYet.url.href)).location).searchParams.get("error")).toBe(
        "consent_required",
      );
      await codeFlow(user.jar, grafana, CALLBACK);
      const silent = await authorizationRequest(config, { redirect_uri: CALLBACK, prompt: "none" });
      expect((await follow(t, user.jar, silent.url.href)).location.startsWith(`${CALLBACK}?code=`)).toBe(true);
    });

    test("prompt=login and max_age: a sign-in older than the request (or than max_age) is not enough", async () => {
      // Signed in ten seconds before the requests below (the token's clock moved, not slept).
      t.clockOffset = -10;
      const user = await t.signedIn().finally(() => {
        t.clockOffset = 0;
      });
      await codeFlow(user.jar, grafana, CALLBACK);
      const young = await authorizationRequest(await relyingParty(t, grafana), {
        redirect_uri: CALLBACK,
        max_age: "3600",
      });
      expect((await follow(t, user.jar, young.url.href)).location.startsWith(`${CALLBACK}?code=`)).toBe(true);
      const old = await authorizationRequest(await relyingParty(t, grafana), { redirect_uri: CALLBACK, max_age: "5" });
      expect(new URL((await follow(t, user.jar, old.url.href)).location).searchParams.get("fresh")).toBe("1");
      const request = await authorizationRequest(await relyingParty(t, grafana), {
        redirect_uri: CALLBACK,
        prompt: "login",
      });
      const { location } = await follow(t, user.jar, request.url.href);
      const signIn = new URL(location);
      expect(signIn.pathname).toBe("/signin");
      expect(signIn.searchParams.get("fresh")).toBe("1");
    });

    test("a code used twice: refused, and the tokens of the first use end", async () => {
      const user = await t.signedIn();
      const { config, tokens, callback, request } = await codeFlow(user.jar, grafana, CALLBACK);
      const second = await client
        .authorizationCodeGrant(config, callback, {
          pkceCodeVerifier: request.verifier,
          expectedState: request.state,
          expectedNonce: request.nonce,
        })
        .then(
          () => "issued",
          (error: { error?: string }) => error.error,
        );
      expect(second).toBe("invalid_grant");
      expect(await userinfoOf(config, tokens.access_token, tokens.claims()?.sub as string)).toEqual({ refused: 401 });
      expect(await refreshWith(config, tokens.refresh_token as string)).toEqual({ refused: "invalid_grant" });
    });

    test("a wrong PKCE verifier: invalid_grant", async () => {
      const user = await t.signedIn();
      const config = await relyingParty(t, grafana);
      const request = await authorizationRequest(config, { redirect_uri: CALLBACK });
      const callback = await signInThrough(t, user.jar, request.url);
      const answer = await client
        .authorizationCodeGrant(config, callback, {
          pkceCodeVerifier: client.randomPKCECodeVerifier(),
          expectedState: request.state,
        })
        .then(
          () => "issued",
          (error: { error?: string }) => error.error,
        );
      expect(answer).toBe("invalid_grant");
    });

    test("a public client: its refresh token rotates at each use, and a reused one ends the family", async () => {
      const user = await t.signedIn();
      const { config, tokens } = await codeFlow(user.jar, cli, NATIVE.replace("127.0.0.1", "127.0.0.1:51234"));
      const first = tokens.refresh_token as string;
      const rotated = await client.refreshTokenGrant(config, first);
      expect(rotated.refresh_token).toBeDefined();
      expect(rotated.refresh_token).not.toBe(first);
      expect(await refreshWith(config, first)).toEqual({ refused: "invalid_grant" });
      // The reuse ended the whole family: the newest refresh token and its access token too.
      expect(await refreshWith(config, rotated.refresh_token as string)).toEqual({ refused: "invalid_grant" });
      expect(await userinfoOf(config, rotated.access_token, tokens.claims()?.sub as string)).toEqual({ refused: 401 });
    });

    test("introspection: active while the session lives, not after", async () => {
      const user = await t.signedIn();
      const { config, tokens } = await codeFlow(user.jar, grafana, CALLBACK);
      const active = await client.tokenIntrospection(config, tokens.access_token);
      expect(active).toMatchObject({ active: true, client_id: grafana.client_id, sub: tokens.claims()?.sub });
      expect((await client.tokenIntrospection(config, tokens.refresh_token as string)).active).toBe(true);
      // An access token is told from a refresh token by its length: no database read for it.
      expect([tokens.access_token.length, tokens.refresh_token?.length]).toEqual([48, 43]);
      await t.request("/api/users/logout", { method: "POST", jar: user.jar, csrf: true });
      expect((await client.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
      expect((await client.tokenIntrospection(config, tokens.refresh_token as string)).active).toBe(false);
    });

    for (const [how, end] of [
      [
        "signing out of the dashboard",
        async (jar: CookieJar) => t.request("/api/users/logout", { method: "POST", jar, csrf: true }),
      ],
      [
        "ending the session from another device (the sessions page)",
        async (_jar: CookieJar, email: string, password: string) => {
          const other = new CookieJar();
          await t.json("/api/users/login", { method: "POST", body: { email, password }, jar: other });
          const list = await t.json<Json>("/api/users/sessions", { jar: other });
          const target = list.body.sessions.find((s: Json) => !s.current);
          return t.request(`/api/users/sessions/${target.id}`, { method: "DELETE", jar: other, csrf: true });
        },
      ],
      [
        "an admin locking the account",
        async (_jar: CookieJar, email: string) => {
          const [row] = await t.backend.db.sql<{
            stable_id: string;
          }>`select stable_id from users where email = ${email}`;
          return t.request(`/api/admin/users/${row?.stable_id}/lock`, {
            method: "POST",
            jar: admin,
            csrf: true,
            body: {},
          });
        },
      ],
    ] as const) {
      test(`${how} ends the tokens issued under the session`, async () => {
        const user = await t.signedIn();
        const { config, tokens } = await codeFlow(user.jar, grafana, CALLBACK);
        const sub = tokens.claims()?.sub as string;
        expect((await userinfoOf(config, tokens.access_token, sub)) as Json).toHaveProperty("sub", sub);
        expect((await end(user.jar, user.email, user.password)).status).toBe(200);
        expect(await userinfoOf(config, tokens.access_token, sub)).toEqual({ refused: 401 });
        expect(await refreshWith(config, tokens.refresh_token as string)).toEqual({ refused: "invalid_grant" });
      });
    }
  });
}
