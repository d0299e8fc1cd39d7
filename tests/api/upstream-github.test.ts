/**
 * GitHub (`kind: "github"`, plain OAuth 2), on both backends: the trip with PKCE and state but no
 * nonce (there is no ID token); the person from GitHub's API (its numeric id the subject, the login
 * the username, the primary address, confirmed only with trust_email and when GitHub verified it);
 * the same person signs in again; an API that refuses the token is the callback's one 400.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { silentLogger } from "../../src/http/log.ts";
import { upstreamsOf } from "../../src/upstream/providers.ts";
import { loadUpstreamSettings } from "../../src/upstream/settings.ts";
import { TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { type StartedGithub, startGithub } from "../helpers/github-upstream.ts";
import { atUpstream } from "../helpers/upstream.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const SECRET = "github-client-secret-never-shown";
const callbackOf = (id: string) => `http://localhost/api/auth/providers/${id}/callback`;

for (const spec of BACKENDS) {
  describe(`Sign in with GitHub [${spec.name}]`, () => {
    let github: StartedGithub;
    let t: TestApp;
    beforeAll(async () => {
      github = await startGithub({
        client_id: "datta-github",
        client_secret: SECRET,
        redirect_uris: [callbackOf("github"), callbackOf("github-trusted")],
      });
      const entry = { kind: "github", issuer: github.issuer, client_id: "datta-github", client_secret: SECRET };
      const settings = loadUpstreamSettings({
        SIGN_IN_PROVIDERS: JSON.stringify([
          { ...entry, id: "github", name: "GitHub" },
          { ...entry, id: "github-trusted", name: "GitHub (trusted)", trust_email: true },
        ]),
      });
      t = await TestApp.create(await spec.open(), { upstreams: upstreamsOf(settings, { logger: silentLogger }) });
    });
    afterAll(() => github?.stop());

    let ids = 1000;
    const person = (verified = true) => {
      const login = `octo-${crypto.randomUUID().slice(0, 8)}`;
      const account = { id: ++ids + Math.floor(Math.random() * 1e6), login, email: uniqueEmail("octo"), verified };
      github.accounts.set(login, account);
      return account;
    };
    const trip = async (jar: CookieJar, id: string, login: string) => {
      const start = await t.request(`/api/auth/providers/${id}/start`, { jar });
      expect(start.status).toBe(302);
      const authorize = new URL(start.headers.get("location") as string);
      const back = new URL(await atUpstream(authorize.href, login, new CookieJar()));
      return { authorize, landed: await t.request(back.pathname + back.search, { jar }) };
    };

    test("listed and always available (no discovery); the trip is PKCE and state, no nonce", async () => {
      const listed = await t.json<{ providers: unknown[] }>("/api/auth/providers");
      expect(listed.body.providers).toEqual([
        { id: "github", name: "GitHub", available: true },
        { id: "github-trusted", name: "GitHub (trusted)", available: true },
      ]);
      const octo = person();
      const jar = new CookieJar();
      const { authorize, landed } = await trip(jar, "github", octo.login);
      expect(authorize.pathname).toBe("/login/oauth/authorize");
      expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
      expect(authorize.searchParams.get("scope")).toBe("read:user user:email");
      expect(authorize.searchParams.has("nonce")).toBe(false);
      expect(landed.status).toBe(302);
      const me = await t.json<{
        user: { username: string; email: string; email_verified: boolean; public_id: string };
      }>("/api/users/me", { jar });
      expect(me.body.user).toMatchObject({ username: octo.login, email: octo.email, email_verified: false });
      const linked = await t.json<{ providers: Array<{ subject: string }> }>("/api/users/providers", { jar });
      expect(linked.body.providers.map((p) => p.subject)).toEqual([String(octo.id)]);

      // Again: the same account (by GitHub's id, not the login, which can change).
      const again = new CookieJar();
      github.accounts.set(octo.login, { ...octo, login: `${octo.login}-renamed` });
      await trip(again, "github", octo.login);
      const second = await t.json<{ user: { public_id: string } }>("/api/users/me", { jar: again });
      expect(second.body.user.public_id).toBe(me.body.user.public_id);
    });

    test("trust_email: GitHub's verified primary address is confirmed here; an unverified one is not", async () => {
      for (const verified of [true, false]) {
        const jar = new CookieJar();
        await trip(jar, "github-trusted", person(verified).login);
        const me = await t.json<{ user: { email_verified: boolean } }>("/api/users/me", { jar });
        expect(me.body.user.email_verified).toBe(verified);
      }
    });

    test("an API that refuses the token: the one 400, nobody signed in", async () => {
      github.refuseApi = true;
      try {
        const jar = new CookieJar();
        const { landed } = await trip(jar, "github", person().login);
        expect(landed.status).toBe(400);
        expect(jar.get("access_token_cookie")).toBeUndefined();
      } finally {
        github.refuseApi = false;
      }
    });
  });
}
