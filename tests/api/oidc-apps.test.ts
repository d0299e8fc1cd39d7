/**
 * The consent page's routes and the Connected apps page's on both backends: no user, the wrong
 * user, no CSRF header, an answer given twice, a request that was never made; and disconnecting
 * an app ending every token it holds for the user.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import {
  authorizationRequest,
  client,
  codeFlow,
  follow,
  type Json,
  type RegisteredClient,
  registerClient,
  relyingParty,
} from "../helpers/oidc.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const CALLBACK = "https://notes.example.com/callback";

for (const spec of BACKENDS) {
  describe(`OpenID provider: consent and Connected apps [${spec.name}]`, () => {
    let t: TestApp;
    let notes: RegisteredClient;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
      const admin = (await t.signedInAdmin()).jar;
      notes = await registerClient(t, admin, {
        name: "Notes",
        type: "confidential",
        redirect_uris: [CALLBACK],
        home_url: "https://notes.example.com",
      });
    });
    /** A request waiting at the consent page in `jar`'s browser: its uid. */
    const pendingConsent = async (jar: CookieJar) => {
      const request = await authorizationRequest(await relyingParty(t, notes), {
        redirect_uri: CALLBACK,
        scope: "openid email",
      });
      const { location } = await follow(t, jar, request.url.href);
      const uid = /^\/consent\/([\w-]+)$/.exec(new URL(location).pathname)?.[1];
      if (!uid) throw new Error(`not at the consent page: ${location}`);
      return uid;
    };

    test("the consent routes: no user 401, no CSRF 403, the wrong user 409, another browser 404", async () => {
      const alice = await t.signedIn();
      const uid = await pendingConsent(alice.jar);
      const path = `/oidc/interaction/${uid}/consent`;
      expect((await t.request(path)).status).toBe(401);
      expect((await t.request(path, { method: "POST", body: { allow: true } })).status).toBe(401);
      expect((await t.request(path, { method: "POST", body: { allow: true }, jar: alice.jar })).status).toBe(403);
      // Mallory signed in in Alice's browser (her cookie for the request kept): not her request.
      const mallory = await t.signedIn();
      const shared = alice.jar.clone();
      for (const name of ["access_token_cookie", "csrf_access_token"]) {
        shared.cookies.set(name, mallory.jar.cookies.get(name) as never);
      }
      expect((await t.json<Json>(path, { jar: shared })).status).toBe(409);
      expect(
        (await t.json<Json>(path, { method: "POST", body: { allow: true }, jar: shared, csrf: true })).status,
      ).toBe(409);
      // Alice's session in another browser (without the request's cookie): no such request there.
      const elsewhere = new CookieJar();
      for (const name of ["access_token_cookie", "csrf_access_token"])
        elsewhere.cookies.set(name, alice.jar.cookies.get(name) as never);
      expect((await t.json<Json>(path, { jar: elsewhere })).status).toBe(404);
      // A request never made: the same 404.
      expect((await t.json<Json>("/oidc/interaction/never-made/consent", { jar: alice.jar })).status).toBe(404);
      // Alice answers; the answer cannot be given again.
      const answer = await t.json<Json>(path, { method: "POST", body: { allow: true }, jar: alice.jar, csrf: true });
      expect(answer.status).toBe(200);
      expect(
        (await t.json<Json>(path, { method: "POST", body: { allow: false }, jar: alice.jar, csrf: true })).status,
      ).not.toBe(200);
      expect(
        new URL((await follow(t, alice.jar, answer.body.redirect)).location).searchParams.get("code"),
      ).not.toBeNull();
    });

    test("a malformed answer is 422, never a 500", async () => {
      const bob = await t.signedIn();
      const uid = await pendingConsent(bob.jar);
      for (const body of [{}, { allow: "yes" }, { allow: null }]) {
        const res = await t.json<Json>(`/oidc/interaction/${uid}/consent`, {
          method: "POST",
          body,
          jar: bob.jar,
          csrf: true,
        });
        expect(res.status).toBe(422);
      }
    });

    test("Connected apps: listed with what each may see; disconnect ends its tokens and asks consent again", async () => {
      const carol = await t.signedIn();
      expect((await t.json<Json>("/api/users/apps")).status).toBe(401);
      expect((await t.json<Json>("/api/users/apps", { jar: carol.jar })).body).toEqual({ apps: [] });
      const { config, tokens } = await codeFlow(t, carol.jar, notes, { redirect_uri: CALLBACK, scope: "openid email" });
      const listed = await t.json<Json>("/api/users/apps", { jar: carol.jar });
      expect(listed.body.apps).toHaveLength(1);
      expect(listed.body.apps[0]).toMatchObject({
        client_id: notes.client_id,
        name: "Notes",
        home_url: "https://notes.example.com",
        scopes: [
          { scope: "openid", description: expect.any(String) },
          { scope: "email", description: expect.any(String) },
        ],
      });
      // Another user sees none of it, and cannot disconnect it for her (404, as for an app never allowed).
      const dave = await t.signedIn();
      expect((await t.json<Json>("/api/users/apps", { jar: dave.jar })).body.apps).toEqual([]);
      const path = `/api/users/apps/${notes.client_id}`;
      expect((await t.request(path, { method: "DELETE", jar: dave.jar, csrf: true })).status).toBe(404);
      expect((await t.request(path, { method: "DELETE", jar: carol.jar })).status).toBe(403);
      expect((await t.request(path, { method: "DELETE" })).status).toBe(401);
      expect((await t.request(path, { method: "DELETE", jar: carol.jar, csrf: true })).status).toBe(200);
      expect((await t.json<Json>("/api/users/apps", { jar: carol.jar })).body.apps).toEqual([]);
      const sub = tokens.claims()?.sub as string;
      expect(
        await client.fetchUserInfo(config, tokens.access_token, sub).catch((e: { status?: number }) => e.status),
      ).toBe(401);
      expect(
        await client
          .refreshTokenGrant(config, tokens.refresh_token as string)
          .catch((e: { error?: string }) => e.error),
      ).toBe("invalid_grant");
      // The next request asks again.
      const again = await authorizationRequest(config, { redirect_uri: CALLBACK });
      expect(new URL((await follow(t, carol.jar, again.url.href)).location).pathname).toMatch(/^\/consent\//);
      expect((await t.request(path, { method: "DELETE", jar: carol.jar, csrf: true })).status).toBe(404);
    });
  });
}
