/**
 * No dead ends, in Debian's Chromium against the real server, at desktop and phone sizes in both
 * themes, axe-core clean at every new state: the code step takes the focus and says what to do
 * when the phone is lost; the lost-phone path end to end (an admin resets two-factor on the user's
 * page, the user signs in with the password alone and sets up a new app); a recovery code used,
 * and how many are left, on the way in and on the Security page; the account menu by arrow keys;
 * and, at 320 px, a 40-character address on every signed-in page without sideways scrolling.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { totpCode } from "../../src/two-factor/codes.ts";
import { buildWeb } from "../../web/build.ts";
import { uniqueEmail } from "../helpers/backends.ts";
import {
  type BrowserSession,
  hasChromium,
  openBrowser,
  type ThemeName,
  type ViewportName,
} from "../helpers/chromium.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { call, linkFromOutbox, type Server, startServer } from "../helpers/process.ts";

const PASSWORD = "dead ends passphrase 1";
setDefaultTimeout(60_000);

if (hasChromium) {
  let server: Server;
  const adminEmail = uniqueEmail("ends-admin");
  beforeAll(async () => {
    await buildWeb();
    const dataDir = await mkdtemp(join(tmpdir(), "datta-browser-ends-"));
    server = await startServer({ DATA_DIR: dataDir, ADMIN_EMAILS: adminEmail });
    await call(server, "/api/users/signup", {
      method: "POST",
      body: { username: "ends_admin", email: adminEmail, password: PASSWORD },
    });
    const token = await linkFromOutbox(dataDir, adminEmail, "verify-email");
    expect((await call(server, "/api/users/email/verify", { method: "POST", body: { token } })).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  /** A user with an authenticator app, set up through the API (the page's own set-up is tested elsewhere). */
  async function userWithApp(label: string) {
    const email = uniqueEmail(label);
    const jar = new CookieJar();
    await call(server, "/api/users/signup", { method: "POST", body: { username: label, email, password: PASSWORD } });
    await call(server, "/api/users/login", { method: "POST", body: { email, password: PASSWORD }, jar });
    const started = await call(server, "/api/users/2fa/totp", {
      method: "POST",
      body: { password: PASSWORD },
      jar,
      csrf: true,
    });
    const secret = started.body.secret as string;
    const confirmed = await call(server, "/api/users/2fa/totp/confirm", {
      method: "POST",
      body: { code: totpCode(secret, Date.now()) },
      jar,
      csrf: true,
    });
    expect(confirmed.status).toBe(200);
    await call(server, "/api/users/logout", { method: "POST", jar, csrf: true });
    const me = await call(server, "/api/users/login", { method: "POST", body: { email, password: PASSWORD } });
    expect(me.body.mfa_required).toBe(true);
    return { email, secret, codes: confirmed.body.recovery_codes as string[] };
  }

  const combos: Array<[ViewportName, ThemeName]> = [
    ["desktop", "light"],
    ["desktop", "dark"],
    ["mobile", "light"],
    ["mobile", "dark"],
  ];
  for (const [viewport, theme] of combos) {
    describe(`no dead ends in Chromium, ${viewport}, ${theme} theme`, () => {
      let b: BrowserSession;
      const url = (path: string) => server.url + path;
      async function accessible(state: string): Promise<void> {
        expect({ state, violations: await b.axe() }).toEqual({ state, violations: [] });
      }
      async function password(email: string): Promise<void> {
        await b.page.goto(url("/signin"));
        await b.page.getByLabel("E-mail").fill(email);
        await b.page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await b.page.getByRole("button", { name: "Sign in", exact: true }).click();
      }
      async function signOutEverywhere(): Promise<void> {
        await b.page.getByRole("button", { name: "Account menu" }).click();
        await b.page.getByRole("menuitem", { name: "Sign out everywhere" }).click();
        await b.page.waitForURL(/\/signin/);
      }

      // One user per browser (sign-ups count 10 per IP in an hour): the code step, a recovery code,
      // the menu, then the admin's reset, in that order.
      const name = `ends_${viewport.slice(0, 3)}_${theme}`;
      let user: Awaited<ReturnType<typeof userWithApp>>;
      beforeAll(async () => {
        b = await openBrowser(viewport, theme);
        user = await userWithApp(name);
      }, 30_000);
      afterAll(async () => {
        await b?.close();
      });

      test("the code step has the focus, and says what to do when the phone and the codes are lost", async () => {
        await password(user.email);
        await b.page.getByRole("heading", { name: "Two-factor sign-in" }).waitFor();
        await b.page.waitForFunction(() => document.activeElement?.id === "field-code");
        await b.page.getByText("Lost your phone and your codes?").click();
        await b.page.getByText(/Ask your administrator to reset your two-factor sign-in/).waitFor();
        await b.shot("code-step-lost-phone");
        await accessible("the code step, the lost-phone help open");
        // A wrong password: its sentence takes the focus.
        await b.page.getByRole("button", { name: "Start over" }).click();
        await b.page.getByLabel("E-mail").fill(user.email);
        await b.page.getByLabel("Password", { exact: true }).fill("not the password");
        await b.page.getByRole("button", { name: "Sign in", exact: true }).click();
        await b.page.getByText("Wrong e-mail or password.").waitFor();
        expect(await b.page.evaluate(() => document.activeElement?.textContent)).toContain("Wrong e-mail or password.");
      });

      test("a recovery code signs in: how many are left is said, and shown on the Security page", async () => {
        await password(user.email);
        await b.page.getByRole("button", { name: "Use a recovery code instead" }).click();
        await b.page.getByLabel("Recovery code").fill(user.codes[0] as string);
        await b.page.getByRole("button", { name: "Continue" }).click();
        await b.page.getByText("You used a recovery code; 9 left.").waitFor();
        await accessible("signed in with a recovery code");
        await b.page.goto(url("/security"));
        await b.page.getByText("9 recovery codes left").waitFor();
        await signOutEverywhere();
      });

      test("the account menu by keyboard: arrows move, Escape gives the focus back, Tab leaves it closed", async () => {
        await password(user.email);
        await b.page.getByLabel("Code", { exact: true }).fill(totpCode(user.secret, Date.now() + 30_000));
        await b.page.getByRole("button", { name: "Continue" }).click();
        await b.page.waitForURL(url("/"));
        // The page settled: its heading has taken the focus after the route change, as it does.
        await b.page.getByRole("heading", { name: /Welcome/ }).waitFor();
        await b.page.waitForFunction(() => document.activeElement?.tagName === "H1");
        const menuButton = b.page.getByRole("button", { name: "Account menu" });
        await menuButton.focus();
        await b.page.keyboard.press("Enter");
        const focused = () => b.page.evaluate(() => document.activeElement?.textContent?.trim());
        await b.page.waitForFunction(() => document.activeElement?.getAttribute("role") === "menuitem");
        expect(await focused()).toBe("Profile");
        await b.page.keyboard.press("ArrowDown");
        expect(await focused()).toBe("Sign out");
        await b.page.keyboard.press("End");
        expect(await focused()).toBe("Sign out everywhere");
        await b.page.keyboard.press("ArrowDown");
        expect(await focused()).toBe("Profile");
        await b.page.keyboard.press("ArrowUp");
        expect(await focused()).toBe("Sign out everywhere");
        await accessible("the account menu, by keyboard");
        await b.page.keyboard.press("Escape");
        expect(await b.page.evaluate(() => document.activeElement?.classList.contains("user-button"))).toBe(true);
        await b.page.keyboard.press("Enter");
        await b.page.waitForFunction(() => document.activeElement?.getAttribute("role") === "menuitem");
        await b.page.keyboard.press("Tab");
        await b.page.getByRole("menu").waitFor({ state: "detached" });
        // "Sign out": this device alone; its session ends, another device's goes on.
        const other = new CookieJar();
        const signedIn = await call(server, "/api/users/token", {
          method: "POST",
          body: { email: user.email, password: PASSWORD, code: user.codes[1] },
        });
        expect(signedIn.status).toBe(200);
        await menuButton.click();
        await b.page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
        await b.page.getByText("You have signed out on this device.").waitFor();
        const headers = { authorization: `Bearer ${signedIn.body.access_token}` };
        expect((await call(server, "/api/users/me", { headers, jar: other })).status).toBe(200);
      });

      test("lost phone, lost codes: the admin resets two-factor; the user signs in with the password and sets up a new app", async () => {
        // The admin, in a browser of their own.
        const admin = await openBrowser(viewport, theme);
        try {
          await admin.page.goto(url("/signin"));
          await admin.page.getByLabel("E-mail").fill(adminEmail);
          await admin.page.getByLabel("Password", { exact: true }).fill(PASSWORD);
          await admin.page.getByRole("button", { name: "Sign in", exact: true }).click();
          await admin.page.waitForURL(url("/"));
          await admin.page.goto(url("/admin"));
          await admin.page.getByLabel("Search").fill(user.email.slice(0, 12));
          await admin.page.getByRole("link", { name: name }).click();
          await admin.page.getByRole("heading", { name: name }).waitFor();
          expect(await admin.page.title()).toContain(name);
          await admin.page.getByRole("button", { name: "Reset two-factor" }).click();
          await admin.page.getByLabel("Remove the passkeys too").check();
          expect({ state: "reset two-factor confirmation", violations: await admin.axe() }).toEqual({
            state: "reset two-factor confirmation",
            violations: [],
          });
          await admin.page.getByRole("group").getByRole("button", { name: "Reset two-factor", exact: true }).click();
          await admin.page.getByText(/Two-factor sign-in reset/).waitFor();
          await admin.shot("admin-reset-two-factor");
        } finally {
          await admin.close();
        }
        // The password alone now, then a new app on the Security page.
        await password(user.email);
        await b.page.waitForURL(url("/"));
        await b.page.goto(url("/security"));
        await b.page.getByRole("button", { name: "Set up an authenticator app" }).click();
        await b.page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await b.page.getByRole("button", { name: "Continue" }).click();
        const secret = ((await b.page.locator("code.secret").textContent()) ?? "").replace(/\s+/g, "");
        expect(secret).toMatch(/^[A-Z2-7]{32}$/);
        expect(secret).not.toBe(user.secret);
        expect(await b.page.getByRole("link", { name: "Open in the authenticator app" }).getAttribute("href")).toMatch(
          /^otpauth:\/\/totp\//,
        );
        await accessible("setting up a new app after the reset");
        await b.page.getByLabel("Code", { exact: true }).fill(totpCode(secret, Date.now()));
        await b.page.getByRole("button", { name: "Confirm" }).click();
        await b.page.getByRole("list", { name: "Recovery codes" }).waitFor();
        await b.page.getByRole("button", { name: "I have saved them" }).click();
        await b.page.getByText("10 recovery codes left").waitFor();
        await signOutEverywhere();
      });
    });
  }

  for (const theme of ["light", "dark"] as ThemeName[]) {
    describe(`a 40-character address at 320 px, ${theme} theme`, () => {
      test("every signed-in page fits without scrolling sideways", async () => {
        const b = await openBrowser("narrow", theme);
        try {
          // 40 characters and no break opportunity but the @ and the dots.
          const address =
            `w${crypto.randomUUID().replaceAll("-", "").slice(0, 26)}${theme.slice(0, 1)}x@example.com`.slice(-40);
          expect(address).toHaveLength(40);
          await b.page.goto(`${server.url}/signup`);
          await b.page.getByLabel("Username").fill(`narrow_${theme}`);
          await b.page.getByLabel("E-mail").fill(address);
          await b.page.getByLabel("Password", { exact: true }).fill(PASSWORD);
          await b.page.getByLabel("Repeat password", { exact: true }).fill(PASSWORD);
          await b.page.getByRole("button", { name: "Create account" }).click();
          await b.page.waitForURL(`${server.url}/`);
          for (const path of ["/", "/profile", "/sessions", "/security"]) {
            await b.page.goto(`${server.url}${path}`);
            await b.page.locator("main h2, main .card").first().waitFor();
            await b.page.waitForLoadState("networkidle");
            const width = await b.page.evaluate(() => document.documentElement.scrollWidth);
            expect({ path, width }).toEqual({ path, width: 320 });
            await b.shot(`narrow${path === "/" ? "-dashboard" : path.replace("/", "-")}`);
          }
          // The account menu, with the address in it.
          await b.page.getByRole("button", { name: "Account menu" }).click();
          expect(await b.page.evaluate(() => document.documentElement.scrollWidth)).toBe(320);
        } finally {
          await b.close();
        }
      });
    });
  }
} else leftOut("browser/ways-forward", NEEDS.chromium);
