/**
 * The device authorization grant (RFC 8628) on both backends, as a command line would use it
 * (openid-client starts it; its polls are made by hand to see each answer): authorization_pending
 * while the user has not answered, slow_down for a poll before the interval (which then grows),
 * access_denied when the user cancels, expired_token for a code past its life, and tokens once the
 * user typed the code at PUBLIC_URL/device, signed in and allowed. The app's clock is moved, never
 * slept.
 */
import { beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { ISSUER, TestApp } from "../helpers/app.ts";
import { BACKENDS } from "../helpers/backends.ts";
import type { CookieJar } from "../helpers/cookie-jar.ts";
import {
  answerConsent,
  client,
  follow,
  type Json,
  type RegisteredClient,
  registerClient,
  relyingParty,
} from "../helpers/oidc.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

for (const spec of BACKENDS) {
  describe(`OpenID provider: the device grant [${spec.name}]`, () => {
    let t: TestApp;
    let cli: RegisteredClient;
    beforeAll(async () => {
      t = await TestApp.create(await spec.open());
      const admin = (await t.signedInAdmin()).jar;
      cli = await registerClient(t, admin, {
        name: "Deploy CLI",
        type: "public",
        redirect_uris: [],
        grant_types: [DEVICE_GRANT, "refresh_token"],
        scopes: "openid profile offline_access",
      });
    });

    const start = async () =>
      client.initiateDeviceAuthorization(await relyingParty(t, cli), { scope: "openid profile" });
    /** One poll of the token endpoint, as the device makes it. */
    const poll = async (deviceCode: string) =>
      t.json<Json>("/oidc/token", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: DEVICE_GRANT,
          device_code: deviceCode,
          client_id: cli.client_id,
        }).toString(),
      });
    const later = (seconds: number) => {
      t.appClockOffset += seconds;
    };
    /** The user's side at /device: the form, the code, the confirmation; where the browser goes then. */
    const typeCode = async (jar: CookieJar, userCode: string, answer: "confirm" | "abort") => {
      const form = await t.request("/device", { jar });
      expect(form.status).toBe(200);
      const html = await form.text();
      expect(html).toContain("Code shown on your device");
      expect(html).not.toContain("<script");
      expect(html).not.toContain("onfocus");
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1] as string;
      const post = (fields: Record<string, string>) =>
        t.request("/device", {
          method: "POST",
          jar,
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ xsrf, ...fields }).toString(),
        });
      const confirm = await post({ user_code: userCode.toLowerCase().replace("-", " ") });
      const page = await confirm.text();
      expect(page).toContain("Connect Deploy CLI?");
      expect(page).toContain(userCode);
      const confirmXsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1] as string;
      return t.request("/device", {
        method: "POST",
        jar,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          xsrf: confirmXsrf,
          user_code: userCode,
          ...(answer === "confirm" ? { confirm: "yes" } : { abort: "yes" }),
        }).toString(),
      });
    };

    test("pending, slow_down (the interval grows), then tokens once the code is typed, the user signed in and allowing", async () => {
      const started = await start();
      expect(started.verification_uri).toBe(`${ISSUER}/device`);
      expect(started.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
      // No interval in the answer: RFC 8628's default of 5 seconds holds.
      expect(started.interval).toBeUndefined();
      expect((await poll(started.device_code)).body.error).toBe("authorization_pending");
      expect((await poll(started.device_code)).body.error).toBe("slow_down");
      later(6); // the interval is 10 s now
      expect((await poll(started.device_code)).body.error).toBe("slow_down");
      later(16);
      expect((await poll(started.device_code)).body.error).toBe("authorization_pending");

      const user = await t.signedIn();
      const confirmed = await typeCode(user.jar, started.user_code, "confirm");
      expect(confirmed.status).toBe(303);
      const { location } = await follow(t, user.jar, confirmed.headers.get("location") as string);
      expect(new URL(location).pathname).toMatch(/^\/consent\//);
      const { next } = await answerConsent(t, user.jar, location, true);
      const done = await follow(t, user.jar, next);
      expect(done.response.status).toBe(200);
      expect(await done.response.text()).toContain("Deploy CLI is signed in");

      later(30);
      const tokens = await poll(started.device_code);
      expect(tokens.status).toBe(200);
      expect(tokens.body).toMatchObject({ token_type: "Bearer", scope: "openid profile" });
      const config = await relyingParty(t, cli);
      const sub = JSON.parse(Buffer.from(tokens.body.id_token.split(".")[1], "base64url").toString()).sub;
      expect((await client.fetchUserInfo(config, tokens.body.access_token, sub)).sub).toBe(sub);
      // The code is used up.
      later(30);
      expect((await poll(started.device_code)).body.error).toBe("invalid_grant");
    });

    test("the user cancels on the confirmation: access_denied", async () => {
      const started = await start();
      const user = await t.signedIn();
      await typeCode(user.jar, started.user_code, "abort");
      later(30);
      expect((await poll(started.device_code)).body.error).toBe("access_denied");
    });

    test("a code past its life: expired_token; a wrong code at /device is said so, and nothing else happens", async () => {
      const started = await start();
      // Its lifetime passed: the stored code's expiry moved into the past (the provider reads it).
      const key = `oidc:DeviceCode:${started.device_code}`;
      const held = JSON.parse((await t.backend.store.peek(key)) as string);
      held.payload.exp = Math.floor(Date.now() / 1000) - 1;
      await t.backend.store.put(key, JSON.stringify(held), 60);
      later(30);
      expect((await poll(started.device_code)).body.error).toBe("expired_token");

      const user = await t.signedIn();
      const form = await (await t.request("/device", { jar: user.jar })).text();
      const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)?.[1] as string;
      const wrong = await t.request("/device", {
        method: "POST",
        jar: user.jar,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ xsrf, user_code: "BCDF-GHJK" }).toString(),
      });
      const page = await wrong.text();
      expect(page).toContain("That code is not right.");
      expect(page).toContain('aria-invalid="true"');
    });

    test("a client not registered for the grant is refused at its start", async () => {
      const admin = (await t.signedInAdmin()).jar;
      const web = await registerClient(t, admin, {
        name: "Web",
        type: "public",
        redirect_uris: ["http://127.0.0.1/cb"],
      });
      const error = await client
        .initiateDeviceAuthorization(await relyingParty(t, web), { scope: "openid" })
        .catch((e: { error?: string; error_description?: string }) => `${e.error}: ${e.error_description}`);
      // oidc-provider's answer (RFC 6749 would also allow unauthorized_client).
      expect(error).toStartWith("invalid_request: ");
    });
  });
}
