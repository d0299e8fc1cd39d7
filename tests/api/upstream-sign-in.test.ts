/**
 * Sign in with another provider (API.md part 3), on both backends, against a provider nobody here
 * wrote: panva's oidc-provider started by the test, its development pages signing in as any name.
 * Through the real path: our start route, the upstream's pages, our callback, real cookies. A first
 * sign-in makes an account; the same identity signs in to it again; an address an account has is
 * never linked without that account's proof (the link step); unlinking never leaves no way in; a
 * second factor the account has is asked after the provider.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { createEmailLinks } from "../../src/email/links.ts";
import { createLogger } from "../../src/http/log.ts";
import { totpCode } from "../../src/two-factor/codes.ts";
import { upstreamsOf } from "../../src/upstream/providers.ts";
import { loadUpstreamSettings } from "../../src/upstream/settings.ts";
import { PASSWORD, TestApp } from "../helpers/app.ts";
import { BACKENDS, uniqueEmail } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { atUpstream, type StartedUpstream, startUpstream } from "../helpers/upstream.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const SECRET = "corp-client-secret-never-shown-anywhere";
const CALLBACK = "http://localhost/api/auth/providers/corp/callback";

/** The app's answer to the browser coming back: where it sends it, and what the fragment carries. */
interface Landed {
  status: number;
  location: string;
  fragment: URLSearchParams;
  response: Response;
}

for (const spec of BACKENDS) {
  describe(`Sign in with another provider [${spec.name}]`, () => {
    let upstream: StartedUpstream;
    let t: TestApp;
    const lines: string[] = [];

    beforeAll(async () => {
      upstream = await startUpstream([{ client_id: "datta", client_secret: SECRET, redirect_uris: [CALLBACK] }]);
      const settings = loadUpstreamSettings({
        SIGN_IN_PROVIDERS: JSON.stringify([
          { id: "corp", name: "Corp ID", issuer: upstream.issuer, client_id: "datta", client_secret: SECRET },
        ]),
      });
      const logger = createLogger((line) => lines.push(line));
      t = await TestApp.create(await spec.open(), { upstreams: upstreamsOf(settings, { logger }), logger });
    });
    afterAll(() => upstream?.stop());

    /** A person at the upstream, with its claims. */
    const person = (claims: { email?: string; preferred_username?: string; email_verified?: boolean } = {}) => {
      const sub = `sub-${crypto.randomUUID()}`;
      upstream.accounts.set(sub, { email: uniqueEmail("upstream"), preferred_username: "grace", ...claims });
      return { sub, ...(upstream.accounts.get(sub) as { email: string }) };
    };

    /**
     * The browser's trip: our start, the upstream's pages as `sub`, and the callback's URL (not yet
     * delivered). From Profile (`link`), the start carries the session's CSRF value, as its button does.
     */
    const toCallback = async (jar: CookieJar, sub: string, next = "/sessions", link = false): Promise<string> => {
      const csrf = link ? `&csrf=${jar.get("csrf_access_token")}` : "";
      const start = await t.request(`/api/auth/providers/corp/start?next=${encodeURIComponent(next)}${csrf}`, { jar });
      expect(start.status).toBe(302);
      const back = new URL(await atUpstream(start.headers.get("location") as string, sub, new CookieJar()));
      expect(back.origin + back.pathname).toBe(CALLBACK);
      return back.pathname + back.search;
    };

    const deliver = async (jar: CookieJar, callback: string): Promise<Landed> => {
      const response = await t.request(callback, { jar });
      const location = response.headers.get("location") ?? "";
      return {
        status: response.status,
        location,
        fragment: new URLSearchParams(location.split("#")[1] ?? ""),
        response,
      };
    };

    const trip = async (jar: CookieJar, sub: string, next?: string) => deliver(jar, await toCallback(jar, sub, next));
    /** The trip from Profile's button: linking to the signed-in account. */
    const linkTrip = async (jar: CookieJar, sub: string) => deliver(jar, await toCallback(jar, sub, "/", true));

    const me = async (jar: CookieJar) => (await t.json<any>("/api/users/me", { jar })).body.user;

    test("a first sign-in makes an account, signed in; the same identity signs in to it again", async () => {
      const tag = crypto.randomUUID().slice(0, 8);
      const grace = person({ preferred_username: `grace hopper ${tag}!` });
      const jar = new CookieJar();
      const landed = await trip(jar, grace.sub);
      expect(landed.status).toBe(302);
      expect(landed.location).toBe("/sessions");
      const user = await me(jar);
      expect(user.email).toBe(grace.email.toLowerCase());
      // Made valid (a username's characters) and unique (a number added when an account has it).
      expect(user.username).toBe(`grace_hopper_${tag}_`);
      const namesake = new CookieJar();
      await trip(namesake, person({ preferred_username: `grace hopper ${tag}!` }).sub);
      expect((await me(namesake)).username).toMatch(new RegExp(`^grace_hopper_${tag}__\\d{4}$`));
      // The provider's address is not confirmed here unless the operator trusts it for that.
      expect(user.email_verified).toBe(false);
      const linked = await t.json<any>("/api/users/providers", { jar });
      expect(linked.body).toMatchObject({
        password_set: false,
        providers: [{ id: "corp", name: "Corp ID", subject: grace.sub }],
      });
      const sessions = await t.json<any>("/api/users/sessions", { jar });
      expect(sessions.body.sessions[0].method).toBe("provider:corp");

      const again = new CookieJar();
      expect((await trip(again, grace.sub, "/")).location).toBe("/");
      expect((await me(again)).public_id).toBe(user.public_id);
      const activity = await t.json<any>("/api/users/activity", { jar: again });
      const logins = activity.body.events.filter((e: { type: string }) => e.type === "login");
      expect(logins.map((e: { method: string }) => e.method)).toEqual(["provider:corp", "provider:corp"]);
    });

    test("an address an account has is never signed into without its proof: the link step", async () => {
      const owner = await t.signup({ email: uniqueEmail("owner") });
      const impostor = person({ email: owner.email.toUpperCase() });
      const jar = new CookieJar();
      const landed = await trip(jar, impostor.sub);
      expect(landed.location.startsWith("/signin/link?next=")).toBe(true);
      expect(jar.get("access_token_cookie")).toBeUndefined();
      const link_token = landed.fragment.get("link_token") as string;
      expect(landed.fragment.get("email")).toBe(owner.email.toLowerCase());
      // Not signed in: nothing links.
      expect((await t.request("/api/auth/providers/link", { method: "POST", body: { link_token }, jar })).status).toBe(
        401,
      );
      // A wrong password signs nothing in.
      const wrong = await t.request("/api/users/login", {
        method: "POST",
        body: { email: owner.email, password: "wrong password!" },
        jar,
      });
      expect(wrong.status).toBe(401);
      const login = await t.request("/api/users/login", {
        method: "POST",
        body: { email: owner.email, password: PASSWORD },
        jar,
      });
      expect(login.status).toBe(200);
      // Without the CSRF header, refused.
      expect((await t.request("/api/auth/providers/link", { method: "POST", body: { link_token }, jar })).status).toBe(
        403,
      );
      const linked = await t.json<any>("/api/auth/providers/link", {
        method: "POST",
        body: { link_token },
        jar,
        csrf: true,
      });
      expect(linked.status).toBe(200);
      expect(linked.body).toMatchObject({ success: true, provider: "corp" });
      // Used once.
      const replay = await t.json<any>("/api/auth/providers/link", {
        method: "POST",
        body: { link_token },
        jar,
        csrf: true,
      });
      expect(replay.status).toBe(400);
      // And the list is the signed-in account's alone.
      expect((await t.request("/api/users/providers")).status).toBe(401);
      // Now the identity signs in to that account.
      const later = new CookieJar();
      expect((await trip(later, impostor.sub)).location).toBe("/sessions");
      expect((await me(later)).public_id).toBe((await me(jar)).public_id);
    });

    test("a link step finishes only in its browser, and only for the account with the address", async () => {
      const owner = await t.signup({ email: uniqueEmail("owner") });
      const other = await t.signedIn({ email: uniqueEmail("other") });
      const visitor = person({ email: owner.email });

      const jar = new CookieJar();
      const first = (await trip(jar, visitor.sub)).fragment.get("link_token") as string;
      // The owner signed in in another browser: the token is not that browser's.
      const elsewhere = new CookieJar();
      await t.request("/api/users/login", {
        method: "POST",
        body: { email: owner.email, password: PASSWORD },
        jar: elsewhere,
      });
      const carried = await t.json<any>("/api/auth/providers/link", {
        method: "POST",
        body: { link_token: first },
        jar: elsewhere,
        csrf: true,
      });
      expect(carried.status).toBe(400);

      // Another account signed in, in the right browser: refused.
      const second = (await trip(jar, visitor.sub)).fragment.get("link_token") as string;
      for (const [name, cookie] of other.jar.cookies) jar.cookies.set(name, cookie);
      const wrongAccount = await t.json<any>("/api/auth/providers/link", {
        method: "POST",
        body: { link_token: second },
        jar,
        csrf: true,
      });
      expect(wrongAccount.status).toBe(403);
      expect(await t.json<any>("/api/users/providers", { jar: other.jar })).toMatchObject({ body: { providers: [] } });
    });

    test("a link step is good for 10 minutes", async () => {
      const owner = await t.signup({ email: uniqueEmail("late") });
      const jar = new CookieJar();
      const link_token = (await trip(jar, person({ email: owner.email }).sub)).fragment.get("link_token") as string;
      await t.request("/api/users/login", { method: "POST", body: { email: owner.email, password: PASSWORD }, jar });
      t.appClockOffset += 601;
      try {
        const late = await t.json<any>("/api/auth/providers/link", {
          method: "POST",
          body: { link_token },
          jar,
          csrf: true,
        });
        expect(late.status).toBe(400);
      } finally {
        t.appClockOffset -= 601;
      }
      expect((await t.json<any>("/api/users/providers", { jar })).body.providers).toEqual([]);
    });

    test("unlinking: refused when it is the last way in; a linked provider signed in from Profile", async () => {
      const made = person();
      const jar = new CookieJar();
      await trip(jar, made.sub);
      const last = await t.json<any>("/api/users/providers/corp", { method: "DELETE", jar, csrf: true });
      expect(last.status).toBe(409);
      expect((await t.json<any>("/api/users/providers/nope", { method: "DELETE", jar, csrf: true })).status).toBe(404);
      expect((await t.request("/api/users/providers/corp", { method: "DELETE", jar })).status).toBe(403);
      expect((await t.request("/api/users/providers/corp", { method: "DELETE" })).status).toBe(401);

      // An account with a password links from Profile (signed in, it starts the same route), and unlinks.
      const account = await t.signedIn({ email: uniqueEmail("profile") });
      const mine = person({ email: uniqueEmail("elsewhere") });
      // Sent by another site (no CSRF value): nothing starts.
      const unasked = await t.request("/api/auth/providers/corp/start", { jar: account.jar });
      expect(unasked.headers.get("location")).toBe("/profile?provider_error=unasked&provider=corp");
      const linked = await linkTrip(account.jar, mine.sub);
      expect(linked.location).toBe("/profile?provider_linked=corp");
      const list = await t.json<any>("/api/users/providers", { jar: account.jar });
      expect(list.body.providers.map((p: { subject: string }) => p.subject)).toEqual([mine.sub]);
      // Another account's identity cannot be linked to this one.
      const taken = await linkTrip(account.jar, made.sub);
      expect(taken.location).toBe("/profile?provider_error=taken&provider=corp");
      const unlinked = await t.json<any>("/api/users/providers/corp", {
        method: "DELETE",
        jar: account.jar,
        csrf: true,
      });
      expect(unlinked.status).toBe(200);
      const activity = await t.json<any>("/api/users/activity", { jar: account.jar });
      expect(activity.body.events.map((e: { type: string }) => e.type)).toEqual(
        expect.arrayContaining(["provider_linked", "provider_unlinked"]),
      );
      // Unlinked, the identity (with an address nobody here has) would make a new account.
      const fresh = new CookieJar();
      await trip(fresh, mine.sub);
      expect((await me(fresh)).public_id).not.toBe((await me(account.jar)).public_id);
    });

    test("a password set by the reset mail: the links its owner never proved go with the sessions", async () => {
      // An account a provider made whose address it did not vouch for (the operator does not trust
      // it for that): whoever owns the address proves it by the reset mail, and the identity goes.
      const made = person();
      const jar = new CookieJar();
      await trip(jar, made.sub);
      const { sql } = t.backend.db;
      const [row] = await sql<{ id: string | number }>`select id from users where lower(email) = lower(${made.email})`;
      const token = await sql.begin((tx) =>
        createEmailLinks(sql).issue(tx, { userId: String(row?.id), email: made.email.toLowerCase() }, "reset_password"),
      );
      const reset = await t.request("/api/users/password/reset", {
        method: "POST",
        body: { token, new_password: "a brand new passphrase 42" },
      });
      expect(reset.status).toBe(200);
      const owner = new CookieJar();
      const login = await t.request("/api/users/login", {
        method: "POST",
        body: { email: made.email, password: "a brand new passphrase 42" },
        jar: owner,
      });
      expect(login.status).toBe(200);
      expect((await t.json<any>("/api/users/providers", { jar: owner })).body).toEqual({
        providers: [],
        password_set: true,
      });
      const activity = await t.json<any>("/api/users/activity", { jar: owner });
      expect(activity.body.events.map((e: { type: string }) => e.type)).toContain("provider_unlinked");
      // The identity's next trip is a link step now, not a sign-in.
      expect((await trip(new CookieJar(), made.sub)).location.startsWith("/signin/link?next=")).toBe(true);
    });

    test("an account with an authenticator app is asked for its code after the provider", async () => {
      const account = await t.signedIn({ email: uniqueEmail("totp") });
      const appNow = () => Date.now() + t.appClockOffset * 1000;
      const post = (path: string, body: unknown) =>
        t.json<any>(path, { method: "POST", body, jar: account.jar, csrf: true });
      const secret = (await post("/api/users/2fa/totp", { password: PASSWORD })).body.secret as string;
      expect((await post("/api/users/2fa/totp/confirm", { code: totpCode(secret, appNow()) })).status).toBe(200);
      const identity = person({ email: uniqueEmail("totp-upstream") });
      expect((await linkTrip(account.jar, identity.sub)).location).toBe("/profile?provider_linked=corp");

      const jar = new CookieJar();
      const landed = await trip(jar, identity.sub);
      expect(landed.location.startsWith("/signin?next=")).toBe(true);
      expect(jar.get("access_token_cookie")).toBeUndefined();
      expect(landed.fragment.get("methods")).toBe("totp,recovery_code");
      const mfa_token = landed.fragment.get("mfa_token") as string;
      // The next 30-second step: a code is used once per step.
      t.appClockOffset += 30;
      const code = totpCode(secret, appNow());
      const second = await t.json<any>("/api/users/login/2fa", { method: "POST", body: { mfa_token, code }, jar });
      expect(second.status).toBe(200);
      const sessions = await t.json<any>("/api/users/sessions", { jar });
      expect(sessions.body.sessions.find((s: { current: boolean }) => s.current).method).toBe("provider:corp+totp");
    });

    test("an unknown provider is 404 at both ends", async () => {
      expect((await t.request("/api/auth/providers/nope/start")).status).toBe(404);
      expect((await t.request("/api/auth/providers/nope/callback?code=x&state=y")).status).toBe(404);
    });

    test("nothing of the client secret in any answer or log line", async () => {
      const jar = new CookieJar();
      const start = await t.request("/api/auth/providers/corp/start", { jar });
      expect(start.headers.get("location")).not.toContain(SECRET);
      expect(JSON.stringify(await t.json("/api/auth/providers"))).not.toContain(SECRET);
      await deliver(jar, "/api/auth/providers/corp/callback?code=forged&state=forged");
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.join("\n")).not.toContain(SECRET);
    });
  });
}
