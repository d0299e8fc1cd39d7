/**
 * `acr_values=mfa` (API.md part 3): a client that asks for two factors gets an ID token that says
 * `acr: "mfa"`, or no sign-in at all. A session proven by the password alone is sent to the
 * dashboard's sign-in with `mfa=1`, where the second step is asked even in a browser remembered
 * for it; `prompt=none` answers login_required without a page. And `login_hint`: the hinted address
 * filled in on the sign-in page, another account than the signed-in one signed in anew. On both backends, through the
 * provider's real endpoints, with openid-client checking what the client is given.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { totpCode } from "../../src/two-factor/codes.ts";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import {
  authorizationRequest,
  client,
  follow,
  type Json,
  type RegisteredClient,
  registerClient,
  relyingParty,
} from "../helpers/oidc.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const CALLBACK = "https://vault.example.com/oidc/callback";

for (const spec of BACKENDS) {
  describe(`OpenID provider: acr_values=mfa [${spec.name}]`, () => {
    let t: TestApp;
    let vault: RegisteredClient;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
      const admin = (await t.signedInAdmin()).jar;
      vault = await registerClient(t, admin, {
        name: "Vault",
        type: "confidential",
        redirect_uris: [CALLBACK],
        first_party: true,
      });
    });

    const post = (path: string, body: Json, jar: CookieJar, csrf = false) =>
      t.json<Json>(path, { method: "POST", body, jar, csrf });
    /** A code of the authenticator app `steps` 30-second steps from now (each step's code is used once). */
    const codeAt = (secret: string, steps: number) =>
      totpCode(secret, Date.now() + (t.appClockOffset + 30 * steps) * 1000);

    /** A user signed in by the password alone, with an authenticator app set up. */
    async function withApp() {
      const user = await t.signedIn();
      const started = await post("/api/users/2fa/totp", { password: PASSWORD }, user.jar, true);
      const secret = started.body.secret as string;
      expect((await post("/api/users/2fa/totp/confirm", { code: codeAt(secret, 0) }, user.jar, true)).status).toBe(200);
      return { ...user, secret };
    }

    /** The client's request with `params`: where the browser is sent, and what to finish it with. */
    async function ask(jar: CookieJar, params: Record<string, string>) {
      const config = await relyingParty(t, vault);
      const request = await authorizationRequest(config, { redirect_uri: CALLBACK, ...params });
      const { location } = await follow(t, jar, request.url.href);
      return { config, request, at: new URL(location) };
    }
    const finish = (config: client.Configuration, callback: URL, request: Awaited<ReturnType<typeof ask>>["request"]) =>
      client.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
        expectedNonce: request.nonce,
      });

    test("a session proven by the password alone signs in again with the code; the ID token says mfa", async () => {
      const user = await withApp();
      const { config, request, at } = await ask(user.jar, { acr_values: "mfa" });
      expect(at.pathname).toBe("/signin");
      expect(at.searchParams.get("mfa")).toBe("1");
      const next = at.searchParams.get("next") as string;
      expect(next).toMatch(/^\/oidc\/interaction\/[\w-]+$/);

      // The dashboard's sign-in, as its page sends it: the password, then the app's code.
      const first = await post(
        "/api/users/login",
        { email: user.email, password: PASSWORD, second_factor: true },
        user.jar,
      );
      expect(first.body.mfa_required).toBe(true);
      const signedIn = await post(
        "/api/users/login/2fa",
        { mfa_token: first.body.mfa_token, code: codeAt(user.secret, 1) },
        user.jar,
      );
      expect(signedIn.status).toBe(200);

      const callback = new URL((await follow(t, user.jar, next)).location);
      expect(callback.origin + callback.pathname).toBe(CALLBACK);
      const claims = (await finish(config, callback, request)).claims() as Json;
      expect(claims).toMatchObject({ acr: "mfa", amr: ["pwd", "otp", "mfa"] });

      // The session is two factors now: the next request that asks for them goes straight through.
      const again = await ask(user.jar, { acr_values: "mfa" });
      expect(again.at.origin + again.at.pathname).toBe(CALLBACK);
      expect(((await finish(again.config, again.at, again.request)).claims() as Json).acr).toBe("mfa");
    });

    test("prompt=none with a one-factor session: login_required at the client, no page", async () => {
      const user = await withApp();
      const { at, request } = await ask(user.jar, { acr_values: "mfa", prompt: "none" });
      expect(at.origin + at.pathname).toBe(CALLBACK);
      expect(at.searchParams.get("error")).toBe("login_required");
      expect(at.searchParams.get("state")).toBe(request.state);
      expect(at.searchParams.get("code")).toBeNull();
    });

    test("without acr_values a one-factor session goes through, and says so (acr 0)", async () => {
      const user = await withApp();
      const { config, request, at } = await ask(user.jar, {});
      expect(at.origin + at.pathname).toBe(CALLBACK);
      expect(((await finish(config, at, request)).claims() as Json).acr).toBe("0");
    });

    test("login_hint: the hinted address filled in; another account than the signed-in one signs in again", async () => {
      const signedOut = new CookieJar();
      const user = await withApp();
      const first = await ask(signedOut, { login_hint: user.email.toUpperCase() });
      expect(first.at.pathname).toBe("/signin");
      expect(first.at.searchParams.get("login_hint")).toBe(user.email.toLowerCase());
      // The signed-in account is the one hinted at: straight through.
      const same = await ask(user.jar, { login_hint: user.email });
      expect(same.at.origin + same.at.pathname).toBe(CALLBACK);
      // Another account: sign in again as that one; prompt=none answers login_required.
      const other = await ask(user.jar, { login_hint: "somebody.else@example.com" });
      expect([other.at.pathname, other.at.searchParams.get("fresh")]).toEqual(["/signin", "1"]);
      expect(other.at.searchParams.get("login_hint")).toBe("somebody.else@example.com");
      const silent = await ask(user.jar, { login_hint: "somebody.else@example.com", prompt: "none" });
      expect(silent.at.searchParams.get("error")).toBe("login_required");
      // A hint that is no address (an opaque id) is left alone.
      const opaque = await ask(user.jar, { login_hint: "user-1234" });
      expect(opaque.at.origin + opaque.at.pathname).toBe(CALLBACK);
    });

    test("a browser remembered for the code step is asked for it when second_factor is set", async () => {
      const user = await withApp();
      const browser = new CookieJar();
      const first = await post("/api/users/login", { email: user.email, password: PASSWORD }, browser);
      const remembered = await post(
        "/api/users/login/2fa",
        { mfa_token: first.body.mfa_token, code: codeAt(user.secret, 1), remember_device: true },
        browser,
      );
      expect(remembered.status).toBe(200);
      // Remembered: the password alone signs in...
      const plain = await post("/api/users/login", { email: user.email, password: PASSWORD }, browser);
      expect(plain.status).toBe(200);
      expect(plain.body.mfa_required).toBeUndefined();
      // ...which is one factor: an application asking for two sends this browser to sign in again.
      expect((await ask(browser, { acr_values: "mfa" })).at.searchParams.get("mfa")).toBe("1");
      // Asked for, the code step is due anyway; a wrong password is refused as before.
      const asked = await post(
        "/api/users/login",
        { email: user.email, password: PASSWORD, second_factor: true },
        browser,
      );
      expect(asked.body).toMatchObject({ mfa_required: true, methods: ["totp", "recovery_code"] });
      const wrong = await post(
        "/api/users/login",
        { email: user.email, password: "not it at all", second_factor: true },
        browser,
      );
      expect(wrong.status).toBe(401);
      expect(JSON.stringify(wrong.body)).not.toContain("not it at all");
    });
  });
}
