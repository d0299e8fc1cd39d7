/**
 * The attacks on signing in with another provider, each its own test, on both backends: callbacks
 * with a state never issued, used twice, from another browser or too old; a code issued to another
 * client; an `iss` in the answer that is not the provider's; ID tokens with a wrong nonce, audience
 * or issuer, expired, signed by another key, or `alg: none` (re-signed by a man in the middle that
 * the dashboard trusts as the provider: tests/helpers/forging-upstream.ts); an upstream address that
 * an account has, even one the operator trusts, never signing into it; the callback's limit per IP.
 * Every refusal is the one 400 and one message, and signs nothing in.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { silentLogger } from "../../src/http/log.ts";
import { totpCode } from "../../src/two-factor/codes.ts";
import { upstreamsOf } from "../../src/upstream/providers.ts";
import { loadUpstreamSettings } from "../../src/upstream/settings.ts";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { type Forgery, type ForgingUpstream, startForgingUpstream } from "../helpers/forging-upstream.ts";
import { atUpstream, type StartedUpstream, startUpstream } from "../helpers/upstream.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const SECRET = "attack-suite-client-secret";
const BAD = "This sign-in could not be completed. Start again from the sign-in page.";
const callbackOf = (id: string) => `http://localhost/api/auth/providers/${id}/callback`;

for (const spec of BACKENDS) {
  describe(`Sign in with another provider: attacks [${spec.name}]`, () => {
    let upstream: StartedUpstream;
    let forging: ForgingUpstream;
    let t: TestApp;

    beforeAll(async () => {
      const ids = ["corp", "other", "forged", "trusted", "forged-mfa"];
      upstream = await startUpstream(
        ids.map((id) => ({ client_id: `client-${id}`, client_secret: SECRET, redirect_uris: [callbackOf(id)] })),
      );
      forging = await startForgingUpstream(upstream.issuer);
      const entry = (id: string, issuer = upstream.issuer) => ({
        id,
        name: id,
        issuer,
        client_id: `client-${id}`,
        client_secret: SECRET,
      });
      const settings = loadUpstreamSettings({
        SIGN_IN_PROVIDERS: JSON.stringify([
          entry("corp"),
          entry("other"),
          entry("forged", forging.issuer),
          { ...entry("trusted"), trust_email: true },
          { ...entry("forged-mfa", forging.issuer), trust_mfa: true },
        ]),
      });
      t = await TestApp.create(await spec.open(), {
        upstreams: upstreamsOf(settings, { logger: silentLogger }),
        trustProxy: true,
        rateLimits: { providerCallbacks: { windowSeconds: 900, maxPerIp: 3 } },
      });
    });
    afterAll(async () => {
      forging?.stop();
      await upstream?.stop();
    });

    const person = (claims: { email?: string; email_verified?: boolean } = {}) => {
      const sub = `sub-${crypto.randomUUID()}`;
      upstream.accounts.set(sub, { email: uniqueEmail("attack"), preferred_username: "mallory", ...claims });
      return sub;
    };
    /** A different client IP for each test, so the callback limit counts only what a test sends. */
    let ips = 0;
    const ipHeaders = () => ({ "x-forwarded-for": `198.51.100.${++ips}` });

    /** Our start, and the upstream's pages as `sub`: the callback URL (path and query) the browser is sent back with. */
    const toCallback = async (jar: CookieJar, id: string, sub: string, headers = ipHeaders(), link = false) => {
      const csrf = link ? `?csrf=${jar.get("csrf_access_token")}` : "";
      const start = await t.request(`/api/auth/providers/${id}/start${csrf}`, { jar, headers });
      expect(start.status).toBe(302);
      const back = new URL(await atUpstream(start.headers.get("location") as string, sub, new CookieJar()));
      return { path: back.pathname, query: back.searchParams, headers };
    };
    const deliver = (jar: CookieJar, path: string, query: URLSearchParams, headers: Record<string, string>) =>
      t.request(`${path}?${query}`, { jar, headers });
    const refused = async (response: Response, jar: CookieJar) => {
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ success: false, msg: BAD });
      expect(jar.get("access_token_cookie")).toBeUndefined();
    };

    test("the harness is sound: an honest trip through each provider signs in", async () => {
      for (const id of ["corp", "forged"]) {
        forging.mode = "honest";
        const jar = new CookieJar();
        const back = await toCallback(jar, id, person());
        if (id === "forged") back.query.delete("iss");
        const landed = await deliver(jar, back.path, back.query, back.headers);
        expect(landed.status).toBe(302);
        expect(jar.get("access_token_cookie")).toBeDefined();
      }
    });

    test("a state never issued", async () => {
      const jar = new CookieJar();
      const back = await toCallback(jar, "corp", person());
      back.query.set("state", Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url"));
      await refused(await deliver(jar, back.path, back.query, back.headers), jar);
    });

    test("a state used twice", async () => {
      const jar = new CookieJar();
      const back = await toCallback(jar, "corp", person());
      expect((await deliver(jar, back.path, back.query, back.headers)).status).toBe(302);
      const again = new CookieJar();
      again.cookies.set("datta_upstream", jar.cookies.get("datta_upstream") as never);
      await refused(await deliver(again, back.path, back.query, back.headers), again);
    });

    test("a state from another browser", async () => {
      const victim = new CookieJar();
      const back = await toCallback(new CookieJar(), "corp", person());
      await refused(await deliver(victim, back.path, back.query, back.headers), victim);
    });

    test("a state past its 10 minutes", async () => {
      const jar = new CookieJar();
      const back = await toCallback(jar, "corp", person());
      t.appClockOffset += 601;
      try {
        await refused(await deliver(jar, back.path, back.query, back.headers), jar);
      } finally {
        t.appClockOffset -= 601;
      }
    });

    test("a code issued to another client", async () => {
      const jar = new CookieJar();
      const mine = await toCallback(jar, "corp", person());
      const theirs = await toCallback(new CookieJar(), "other", person());
      mine.query.set("code", theirs.query.get("code") as string);
      await refused(await deliver(jar, mine.path, mine.query, mine.headers), jar);
    });

    test("an `iss` in the answer that is not the provider's", async () => {
      const jar = new CookieJar();
      const back = await toCallback(jar, "corp", person());
      back.query.set("iss", forging.issuer);
      await refused(await deliver(jar, back.path, back.query, back.headers), jar);
    });

    for (const forgery of ["nonce", "aud", "iss", "expired", "other-key", "none"] satisfies Forgery[]) {
      test(`an ID token with ${forgery === "none" ? "alg: none" : `a wrong ${forgery}`}`, async () => {
        const jar = new CookieJar();
        const back = await toCallback(jar, "forged", person());
        back.query.delete("iss");
        forging.mode = forgery;
        try {
          await refused(await deliver(jar, back.path, back.query, back.headers), jar);
        } finally {
          forging.mode = "honest";
        }
      });
    }

    test("an upstream address an account has, even confirmed by a trusted provider, never signs into it", async () => {
      const owner = await t.signup({ email: uniqueEmail("victim") });
      for (const id of ["corp", "trusted"]) {
        const jar = new CookieJar();
        const back = await toCallback(jar, id, person({ email: owner.email, email_verified: true }));
        const landed = await deliver(jar, back.path, back.query, back.headers);
        expect(landed.status).toBe(302);
        expect(landed.headers.get("location")?.startsWith("/signin/link?next=")).toBe(true);
        expect(jar.get("access_token_cookie")).toBeUndefined();
      }
    });

    test("a trusted provider's confirmed address makes an account with it confirmed; an untrusted one's does not", async () => {
      for (const [id, confirmed] of [
        ["trusted", true],
        ["corp", false],
      ] as const) {
        const jar = new CookieJar();
        const back = await toCallback(jar, id, person({ email_verified: true }));
        await deliver(jar, back.path, back.query, back.headers);
        const me = await t.json<{ user: { email_verified: boolean } }>("/api/users/me", { jar });
        expect(me.body.user.email_verified).toBe(confirmed);
      }
    });

    test("a provider's `amr: mfa` stands for the account's second factor only where the operator trusts it", async () => {
      const account = await t.signedIn({ email: uniqueEmail("mfa-trust") });
      const post = (path: string, body: unknown) =>
        t.json<any>(path, { method: "POST", body, jar: account.jar, csrf: true });
      const secret = (await post("/api/users/2fa/totp", { password: PASSWORD })).body.secret;
      const code = totpCode(secret as string, Date.now() + t.appClockOffset * 1000);
      expect((await post("/api/users/2fa/totp/confirm", { code })).status).toBe(200);
      const sub = person();
      const linking = await toCallback(account.jar, "forged", sub, ipHeaders(), true);
      linking.query.delete("iss");
      expect((await deliver(account.jar, linking.path, linking.query, linking.headers)).headers.get("location")).toBe(
        "/profile?provider_linked=forged",
      );
      const landing = async (id: string, amr: string[] | null) => {
        forging.extra = amr ? { amr } : {};
        try {
          const jar = new CookieJar();
          const back = await toCallback(jar, id, sub);
          back.query.delete("iss");
          const landed = await deliver(jar, back.path, back.query, back.headers);
          return { location: landed.headers.get("location") ?? "", jar };
        } finally {
          forging.extra = {};
        }
      };
      // Not trusted for it: the code is asked. Trusted, but no mfa said: the code is asked.
      expect((await landing("forged", ["pwd", "mfa"])).location).toStartWith("/signin?next=");
      expect((await landing("forged-mfa", ["pwd"])).location).toStartWith("/signin?next=");
      // Trusted, and the provider proved two factors: signed in, the session says so.
      const trusted = await landing("forged-mfa", ["pwd", "otp", "mfa"]);
      expect(trusted.location).toBe("/");
      const sessions = await t.json<any>("/api/users/sessions", { jar: trusted.jar });
      expect(sessions.body.sessions.find((s: { current: boolean }) => s.current).method).toBe(
        "provider:forged-mfa+mfa",
      );
    });

    test("failed callbacks are limited per IP: 429 after 3 in 15 minutes", async () => {
      const headers = ipHeaders();
      const jar = new CookieJar();
      for (let i = 0; i < 3; i++) {
        expect((await t.request("/api/auth/providers/corp/callback?code=x&state=y", { jar, headers })).status).toBe(
          400,
        );
      }
      const limited = await t.request("/api/auth/providers/corp/callback?code=x&state=y", { jar, headers });
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBeDefined();
    });
  });
}
