/**
 * Scenario: in Debian's Chromium, at desktop and phone sizes and in both themes, against the real
 * server and a real upstream provider (panva's oidc-provider, its own development pages): the
 * sign-in page shows two providers, one reachable and one not; the reachable one's button makes a
 * new account and signs it in; Profile's "Sign-in methods" lists it. Then, for an address an account
 * has, the link step: a wrong password refused, the right one, the link; signing in with the
 * provider again lands on that account; unlinking from Profile. axe-core checks each page.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildWeb } from "../../web/build.ts";
import { uniqueEmail } from "../helpers/backends.ts";
import {
  type BrowserSession,
  hasChromium,
  openBrowser,
  type ThemeName,
  type ViewportName,
} from "../helpers/chromium.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { call, type Server, startServer } from "../helpers/process.ts";
import { type StartedUpstream, startUpstream } from "../helpers/upstream.ts";
import { freePort } from "../helpers/wait.ts";

setDefaultTimeout(90_000);

const PASSWORD = "linked accounts passphrase 7";
const SECRET = "browser-upstream-client-secret";

if (hasChromium) {
  let server: Server;
  let upstream: StartedUpstream;
  beforeAll(async () => {
    await buildWeb();
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    upstream = await startUpstream([
      { client_id: "datta", client_secret: SECRET, redirect_uris: [`${publicUrl}/api/auth/providers/corp/callback`] },
    ]);
    const gone = `http://127.0.0.1:${await freePort()}`;
    server = await startServer({
      DATA_DIR: await mkdtemp(join(tmpdir(), "datta-browser-upstream-")),
      PORT: String(port),
      PUBLIC_URL: publicUrl,
      SIGN_IN_PROVIDERS: JSON.stringify([
        { id: "corp", name: "Corp ID", issuer: upstream.issuer, client_id: "datta", client_secret: SECRET },
        { id: "gone", name: "Old SSO", issuer: gone, client_id: "datta", client_secret: SECRET },
      ]),
    });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    await upstream?.stop();
  });

  for (const [viewport, theme] of [
    ["desktop", "dark"],
    ["mobile", "light"],
  ] as Array<[ViewportName, ThemeName]>) {
    describe(`signing in with another provider, in Chromium, ${viewport}, ${theme}`, () => {
      let b: BrowserSession;
      const accessible = async (state: string) => {
        expect({ state, violations: await b.axe() }).toEqual({ state, violations: [] });
      };
      /** The upstream's own pages: its login form (any name), then its consent. */
      const atUpstream = async (login: string) => {
        const { page } = b;
        await page.waitForURL((url) => url.href.startsWith(upstream.issuer));
        await page.locator('input[name="login"]').fill(login);
        await page.locator('input[name="password"]').fill("any");
        await page.locator('button[type="submit"]').click();
        // Its consent, asked once per grant.
        await page.waitForLoadState();
        if (page.url().startsWith(upstream.issuer)) await page.getByRole("button", { name: "Continue" }).click();
      };
      const openSignInMethods = async () => {
        await b.page.goto(`${server.url}/profile`);
        await b.page.getByRole("heading", { name: "Sign-in methods" }).waitFor();
      };
      beforeAll(async () => {
        b = await openBrowser(viewport, theme);
      });
      afterAll(async () => {
        await b?.close();
      });

      test("two providers on the sign-in page; the reachable one makes an account and signs it in", async () => {
        const { page } = b;
        const sub = `new-${viewport}`;
        upstream.accounts.set(sub, { email: uniqueEmail(`new-${viewport}`), preferred_username: `ada ${viewport}` });
        await page.goto(`${server.url}/signin`);
        const corp = page.getByRole("link", { name: "Continue with Corp ID" });
        await corp.waitFor();
        expect(await page.getByRole("button", { name: "Continue with Old SSO" }).isDisabled()).toBe(true);
        await page.getByText("Old SSO cannot be reached right now.").waitFor();
        await accessible("the sign-in page with two providers");
        await b.shot("upstream-sign-in");
        await corp.click();
        await atUpstream(sub);

        await page.waitForURL(`${server.url}/`);
        await openSignInMethods();
        await page.getByText("Password: not set.").waitFor();
        await page.getByRole("list", { name: "Linked providers" }).getByText("Corp ID").waitFor();
        await accessible("Profile's sign-in methods");
        await b.shot("upstream-sign-in-methods");
        // Its last way in: unlinking is refused, and says what to do instead.
        await page.getByRole("button", { name: "Unlink…" }).click();
        await page.getByRole("button", { name: "Unlink", exact: true }).click();
        await page.locator("#main").getByText("This is the only way to sign in to your account.").waitFor();
        expect(b.problems).toEqual([]);
      });

      test("an account with that address: the link step, then the provider signs in to it; unlink", async () => {
        // A browser of its own: the upstream remembers who signed in there.
        await b.close();
        b = await openBrowser(viewport, theme);
        const { page } = b;
        const email = uniqueEmail(`owner-${viewport}`);
        const made = await call(server, "/api/users/signup", {
          method: "POST",
          body: { username: `owner_${viewport}`, email, password: PASSWORD },
        });
        expect(made.status).toBe(201);
        const sub = `owner-${viewport}`;
        upstream.accounts.set(sub, { email, preferred_username: "owner" });

        await page.goto(`${server.url}/signup`);
        await page.getByRole("link", { name: "Continue with Corp ID" }).click();
        await atUpstream(sub);
        await page.waitForURL(/\/signin\/link/);
        await page.getByText(`An account here already uses ${email}.`).waitFor();
        // The link token left the address bar at once.
        expect(page.url()).not.toContain("link_token");
        await accessible("the link step, signed out");
        await b.shot("upstream-link-step");
        await page.getByRole("link", { name: "Sign in to link" }).click();

        await page.waitForURL(/\/signin\?login_hint=/);
        expect(await page.getByLabel("E-mail").inputValue()).toBe(email);
        await page.getByLabel("Password", { exact: true }).fill("not the password at all");
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        await page.getByText("Wrong e-mail or password.").waitFor();
        await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await page.getByRole("button", { name: "Sign in", exact: true }).click();

        await page.waitForURL(/\/signin\/link/);
        await page.getByRole("button", { name: "Link Corp ID" }).waitFor();
        await accessible("the link step, signed in");
        await page.getByRole("button", { name: "Link Corp ID" }).click();
        await page.waitForURL(`${server.url}/`);

        // Signed out, the provider's button signs in to that account.
        await page.getByRole("button", { name: "Account menu" }).click();
        await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
        await page.waitForURL(/\/signin/);
        await page.getByRole("link", { name: "Continue with Corp ID" }).click();
        await page.waitForURL(`${server.url}/`);
        await openSignInMethods();
        expect(await page.getByLabel("E-mail").inputValue()).toBe(email);
        await page.getByText("Password: set.").waitFor();
        await page.getByRole("button", { name: "Unlink…" }).click();
        await page.getByRole("button", { name: "Unlink", exact: true }).click();
        await page.locator("#main").getByText("Corp ID is no longer linked to your account.").waitFor();
        // Linked again from Profile's button (the provider remembers this browser).
        await page.getByRole("link", { name: "Link your Corp ID account" }).click();
        await page.waitForURL(`${server.url}/profile`);
        await page.locator("#main").getByText("Corp ID is linked to your account.").waitFor();
        await page.getByRole("list", { name: "Linked providers" }).getByText("Corp ID").waitFor();
        // At the top: scrolled down to the card, the sticky header covers a field's button, which
        // axe counts as a target too small.
        await page.evaluate(() => window.scrollTo(0, 0));
        await accessible("Profile after unlinking");
        expect(b.problems).toEqual([]);
      });
    });
  }
} else leftOut("browser/provider-sign-in", NEEDS.chromium);
