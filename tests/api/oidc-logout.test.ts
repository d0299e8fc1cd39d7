/**
 * RP-initiated logout on both backends: the application sends the browser to the provider's
 * end-session endpoint (built by openid-client), the user confirms on the provider's page, the
 * browser's dashboard session ends (its cookies cleared; other devices stay signed in), the
 * application's tokens end, and the browser goes back to the registered post-logout address with
 * its state. An unregistered address, and a refusal, leave everything as it was.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { ISSUER, TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { client, codeFlow, type RegisteredClient, registerClient } from "../helpers/oidc.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const CALLBACK = "https://wiki.example.com/callback";
const LOGGED_OUT = "https://wiki.example.com/logged-out";

for (const spec of BACKENDS) {
  describe(`OpenID provider: RP-initiated logout [${spec.name}]`, () => {
    let t: TestApp;
    let wiki: RegisteredClient;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
      const admin = (await t.signedInAdmin()).jar;
      wiki = await registerClient(t, admin, {
        name: "Wiki",
        type: "confidential",
        redirect_uris: [CALLBACK],
        post_logout_redirect_uris: [LOGGED_OUT],
        first_party: true,
      });
    });

    /** Signed in to the dashboard and, through it, to the wiki: the wiki's tokens. */
    const signedInToWiki = async () => {
      const user = await t.signedIn();
      const { config, tokens } = await codeFlow(t, user.jar, wiki, { redirect_uri: CALLBACK });
      return { user, config, tokens };
    };
    /** The provider's question page for an end-session URL, and its form's anti-forgery value. */
    const question = async (jar: CookieJar, url: URL) => {
      const res = await t.request(url.pathname + url.search, { jar });
      const html = await res.text();
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
      return { res, html, xsrf };
    };
    const confirm = (jar: CookieJar, xsrf: string, logout: boolean) =>
      t.request("/oidc/session/end/confirm", {
        method: "POST",
        jar,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ xsrf, ...(logout ? { logout: "yes" } : {}) }).toString(),
      });

    test("confirmed: the dashboard session ends in this browser only, the tokens end, back to the application", async () => {
      const { user, config, tokens } = await signedInToWiki();
      // The same account on a second device stays signed in.
      const phone = new CookieJar();
      await t.json("/api/users/login", {
        method: "POST",
        body: { email: user.email, password: user.password },
        jar: phone,
      });
      const url = client.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token as string,
        post_logout_redirect_uri: LOGGED_OUT,
        state: "bye",
      });
      const asked = await question(user.jar, url);
      expect(asked.res.status).toBe(200);
      expect(asked.html).toContain("Wiki asks you to sign out.");
      expect(asked.html).toContain("Sign out of the dashboard too");
      expect(asked.html).toContain("Only sign out of Wiki");
      expect(asked.html).not.toContain("<script");
      expect([...asked.html.matchAll(/https?:\/\/[^"\s<]+/g)].map((m) => m[0])).toEqual([
        `${ISSUER}/oidc/session/end/confirm`,
      ]);
      const answer = await confirm(user.jar, asked.xsrf as string, true);
      expect(answer.status).toBe(303);
      const back = new URL(answer.headers.get("location") as string);
      expect(back.origin + back.pathname).toBe(LOGGED_OUT);
      expect(back.searchParams.get("state")).toBe("bye");
      expect(answer.headers.getSetCookie().some((c) => c.startsWith("access_token_cookie=;"))).toBe(true);
      expect((await t.request("/api/users/me", { jar: user.jar })).status).toBe(401);
      expect((await t.request("/api/users/me", { jar: phone })).status).toBe(200);
      const sub = tokens.claims()?.sub as string;
      expect(
        await client.fetchUserInfo(config, tokens.access_token, sub).catch((e: { status?: number }) => e.status),
      ).toBe(401);
    });

    test("only out of the application: its tokens end, the dashboard session goes on", async () => {
      const { user, config, tokens } = await signedInToWiki();
      const url = client.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token as string,
        post_logout_redirect_uri: LOGGED_OUT,
      });
      const asked = await question(user.jar, url);
      const answer = await confirm(user.jar, asked.xsrf as string, false);
      expect(answer.status).toBe(303);
      expect(answer.headers.getSetCookie().some((c) => c.startsWith("access_token_cookie="))).toBe(false);
      expect((await t.request("/api/users/me", { jar: user.jar })).status).toBe(200);
      const sub = tokens.claims()?.sub as string;
      expect(
        await client.fetchUserInfo(config, tokens.access_token, sub).catch((e: { status?: number }) => e.status),
      ).toBe(401);
    });

    test("a forged confirmation (another anti-forgery value) ends nothing", async () => {
      const { user } = await signedInToWiki();
      const answer = await confirm(user.jar, "forged-value", true);
      expect(answer.status).toBe(400);
      expect((await t.request("/api/users/me", { jar: user.jar })).status).toBe(200);
    });

    test("an unregistered post-logout address: a page of this server, never a redirect there", async () => {
      const { user, config, tokens } = await signedInToWiki();
      const url = client.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token as string,
        post_logout_redirect_uri: "https://evil.example.com/",
      });
      const res = await t.request(url.pathname + url.search, { jar: user.jar });
      expect(res.status).toBe(400);
      expect(res.headers.get("location")).toBeNull();
      expect((await t.request("/api/users/me", { jar: user.jar })).status).toBe(200);
    });
  });
}
