/**
 * Scenario: a new user, in Debian's Chromium at 1280x800 and at 375x812, against the real server:
 * sign up, see the dashboard, edit the profile, change the password, sign out, press Back, fail
 * and then succeed to sign in, and finally delete the account. Screenshots of every page go to
 * tests/screenshots/ (gitignored).
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildWeb } from "../../web/build.ts";
import { hasRealBackends, realUrls, uniqueEmail } from "../helpers/backends.ts";
import {
  type BrowserSession,
  hasChromium,
  openBrowser,
  type ThemeName,
  type ViewportName,
} from "../helpers/chromium.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { call, type Server, startServer } from "../helpers/process.ts";
import { startTcpProxy } from "../helpers/tcp-proxy.ts";
import { eventually } from "../helpers/wait.ts";

const PASSWORD = "first passphrase 1";
const NEW_PASSWORD = "second passphrase 2";

// A browser step waits up to 10 s for what it expects (see helpers/chromium.ts).
setDefaultTimeout(20_000);

if (hasChromium) {
  let server: Server;
  beforeAll(async () => {
    await buildWeb();
    server = await startServer({ DATA_DIR: await mkdtemp(join(tmpdir(), "datta-browser-")) });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  const combinations = (["desktop", "mobile"] as ViewportName[]).flatMap((viewport) =>
    (["light", "dark"] as ThemeName[]).map((theme) => ({ viewport, theme })),
  );
  for (const { viewport, theme } of combinations) {
    describe(`the dashboard in Chromium, ${viewport}, ${theme} theme`, () => {
      let b: BrowserSession;
      const email = uniqueEmail(`browser-${viewport}-${theme}`);
      const username = `ada_${viewport}_${theme}`;
      const url = (path: string) => server.url + path;

      /** axe-core's WCAG 2.2 AA rules on the page as it stands: no violation. */
      async function accessible(state: string): Promise<void> {
        expect({ state, violations: await b.axe() }).toEqual({ state, violations: [] });
      }

      beforeAll(async () => {
        b = await openBrowser(viewport, theme);
      }, 30_000);
      afterAll(async () => {
        await b?.close();
      });

      /** On a phone the sidebar hides behind the menu button. */
      async function openNav(): Promise<void> {
        if (viewport === "mobile") await b.page.getByRole("button", { name: "Open navigation" }).click();
      }

      test("a private page visited signed out goes to sign-in with ?next", async () => {
        await b.page.goto(url("/profile"));
        await b.page.waitForURL(/\/signin\?next=%2Fprofile$/);
        expect(await b.page.title()).toBe("Sign in · Datta Dashboard");
        await b.shot("signin");
      });

      test("sign up: the client checks mirror the server, then the account is made and we land on ?next", async () => {
        const { page } = b;
        await page.getByRole("link", { name: "Create one" }).click();
        await page.waitForURL(/\/signup\?next=/);
        await page.getByLabel("Username").fill("x");
        await page.getByLabel("E-mail").fill("not-an-email");
        await page.getByLabel("Password", { exact: true }).fill("short");
        await page.getByRole("button", { name: "Create account" }).click();
        await page.getByText("Username must be 3–50 characters").waitFor();
        expect(await page.getByText("E-mail must be a valid e-mail address").isVisible()).toBe(true);
        expect(await page.getByText("Password must be 8–128 characters", { exact: true }).isVisible()).toBe(true);
        await b.shot("signup-errors");
        await accessible("sign-up, errors shown");

        await page.getByLabel("Username").fill(username);
        await page.getByLabel("E-mail").fill(email);
        await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await page.getByLabel("Repeat password", { exact: true }).fill(PASSWORD);
        await page.getByRole("button", { name: "Create account" }).click();
        await page.waitForURL(/\/profile$/);
        expect(await page.getByLabel("Username").inputValue()).toBe(username);
      });

      test("the page can read the CSRF cookie but never the access token", async () => {
        const cookies = await b.page.evaluate(() => document.cookie);
        expect(cookies).toContain("csrf_access_token=");
        expect(cookies).not.toContain("access_token_cookie");
        const all = await b.context.cookies();
        expect(all.find((c) => c.name === "access_token_cookie")?.httpOnly).toBe(true);
        const stored = await b.page.evaluate(
          () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
        );
        expect(stored).not.toContain("eyJ");
      });

      test("the dashboard shows the user, the session countdown, the chart and the events", async () => {
        const { page } = b;
        await openNav();
        await page.getByRole("link", { name: "Dashboard", exact: true }).click();
        await page.waitForURL(url("/"));
        expect(await page.title()).toBe("Dashboard · Datta Dashboard");
        await page.getByRole("heading", { name: `Welcome, ${username}` }).waitFor();
        expect(await page.getByTestId("account-email").textContent()).toBe(email);
        await page.getByRole("cell", { name: "Account created" }).waitFor();
        expect(await page.getByRole("cell", { name: "Signed in" }).count()).toBeGreaterThan(0);
        expect(await page.getByTestId("signins-14").textContent()).toBe("1");
        const countdown = await page.getByTestId("countdown").textContent();
        expect(countdown).toMatch(/^1[45]:\d\d$/);
        expect(await page.getByRole("img", { name: /Last 14 days: 1 sign-ins and 0 failed/ }).isVisible()).toBe(true);
        await b.shot("dashboard");
        await accessible("dashboard");
        await page.getByRole("button", { name: "Account menu" }).click();
        await page.getByRole("menuitem", { name: "Sign out everywhere" }).waitFor();
        await accessible("account menu open");
        await page.keyboard.press("Escape");
        if (viewport === "mobile") {
          await openNav();
          await page.getByRole("link", { name: "Profile", exact: true }).waitFor();
          await b.shot("drawer-open");
          await accessible("navigation drawer open");
          await page.keyboard.press("Escape");
          // The drawer's own visible way out, for a finger as well as Escape.
          await openNav();
          await page.getByRole("button", { name: "Close navigation" }).click();
          await page.waitForFunction(() => document.activeElement?.classList.contains("menu-button"));
        }
      });

      test("edit the profile: the header and the account card follow", async () => {
        const { page } = b;
        await page.goto(url("/profile"));
        await page.getByLabel("Username").fill(`${username}_2`);
        await page.getByRole("button", { name: "Save profile" }).click();
        await page.getByText("Your profile is saved.").waitFor();
        await page.getByLabel("E-mail").fill("broken");
        await page.getByRole("button", { name: "Save profile" }).click();
        await page.getByText("E-mail must be a valid e-mail address").waitFor();
        // Checked as the page stands, before the full-page screenshot (which may leave it scrolled).
        await accessible("profile, errors shown");
        await b.shot("profile");
        await page.getByLabel("E-mail").fill(email);
        if (viewport === "desktop") expect(await page.locator(".user-name").textContent()).toBe(`${username}_2`);
      });

      test("a new e-mail address asks for the password (a wrong one said on its field), then ends the other sessions", async () => {
        const { page } = b;
        const other = await call(server, "/api/users/token", { method: "POST", body: { email, password: PASSWORD } });
        const moved = `moved.${email}`;
        expect(await page.getByLabel("Your password", { exact: true }).count()).toBe(0);
        await page.getByLabel("E-mail").fill(moved);
        const password = page.getByLabel("Your password", { exact: true });
        await password.waitFor();
        await page.getByRole("button", { name: "Save profile" }).click();
        await page.getByText("Enter your password to change the address").waitFor();
        await password.fill("not the password");
        await page.getByRole("button", { name: "Save profile" }).click();
        await page.getByText("The current password is wrong.").waitFor();
        expect(await password.evaluate((input) => input === document.activeElement)).toBe(true);
        await accessible("profile, a new address asks for the password");
        await password.fill(PASSWORD);
        await page.getByRole("button", { name: "Save profile" }).click();
        await page.getByText(/Follow the link we mailed to the new address/).waitFor();
        expect(await page.getByLabel("E-mail").inputValue()).toBe(moved);
        // This page is still signed in; the token signed in elsewhere is not.
        await page.reload();
        await page.getByLabel("Username").waitFor();
        const headers = { authorization: `Bearer ${other.body.access_token}` };
        expect((await call(server, "/api/users/me", { headers })).status).toBe(401);
        // And back, for the steps that follow.
        await page.getByLabel("E-mail").fill(email);
        await page.getByLabel("Your password", { exact: true }).fill(PASSWORD);
        await page.getByRole("button", { name: "Save profile" }).click();
        await page.getByText(/Follow the link we mailed to the new address/).waitFor();
      });

      test("change the password: a wrong current one is shown on its field, then it works", async () => {
        const { page } = b;
        await page.getByLabel("Current password", { exact: true }).fill("not the password");
        await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
        await page.getByLabel("Repeat new password", { exact: true }).fill(NEW_PASSWORD);
        await page.getByRole("button", { name: "Change password" }).click();
        await page.getByText("The current password is wrong.").waitFor();
        await page.getByLabel("Current password", { exact: true }).fill(PASSWORD);
        await page.getByRole("button", { name: "Change password" }).click();
        await page.getByText("Password changed.").waitFor();
        // Still signed in with the re-issued cookies.
        await page.reload();
        await page.getByLabel("Username").waitFor();
        expect(page.url()).toBe(url("/profile"));
      });

      test("the Sessions page: where you are signed in, one device signed out, then every other", async () => {
        const { page } = b;
        const IPHONE =
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
        const signInElsewhere = async (path: string, agent: string) => {
          const res = await fetch(url(path), {
            method: "POST",
            headers: { "content-type": "application/json", "user-agent": agent },
            body: JSON.stringify({ email, password: NEW_PASSWORD }),
          });
          expect(res.status).toBe(200);
          return res;
        };
        const phone = (await signInElsewhere("/api/users/login", IPHONE)).headers
          .getSetCookie()
          .map((c) => c.split(";")[0])
          .join("; ");
        const token = ((await (await signInElsewhere("/api/users/token", "curl/8.5.0")).json()) as any).access_token;
        const alive = async (headers: Record<string, string>) =>
          (await fetch(url("/api/users/me"), { headers })).status;
        expect(await alive({ cookie: phone })).toBe(200);

        await openNav();
        await page.getByRole("link", { name: "Sessions", exact: true }).click();
        await page.waitForURL(url("/sessions"));
        expect(await page.title()).toBe("Sessions · Datta Dashboard");
        const rows = page.getByRole("list", { name: "Signed-in sessions" }).getByRole("listitem");
        await rows.nth(2).waitFor();
        expect(await rows.count()).toBe(3);
        const mine = rows.filter({ hasText: "This device" });
        expect(await mine.getByRole("heading").textContent()).toContain("Chrome on Linux");
        const iphone = rows.filter({ hasText: "Safari on iOS" });
        expect(await iphone.getByText("Phone", { exact: true }).isVisible()).toBe(true);
        expect(await rows.filter({ hasText: "API token (curl)" }).count()).toBe(1);
        await b.shot("sessions");
        await accessible("sessions");

        // One device: asked first; Cancel puts the focus back; then it is signed out, for real.
        await iphone.getByRole("button", { name: "Sign out…" }).click();
        const confirm = iphone.getByRole("group", { name: "Sign out Safari on iOS?" });
        await confirm.waitFor();
        const focused = () => page.evaluate(() => document.activeElement?.textContent);
        await eventually(async () => (await focused()) === "Sign out", 2000);
        await accessible("sessions, confirming one");
        await confirm.getByRole("button", { name: "Cancel" }).click();
        await eventually(
          async () => (await page.evaluate(() => document.activeElement?.textContent)) === "Sign out…",
          2000,
        );
        expect(await alive({ cookie: phone })).toBe(200);
        await iphone.getByRole("button", { name: "Sign out…" }).click();
        await iphone.getByRole("button", { name: "Sign out", exact: true }).click();
        await eventually(async () => (await rows.count()) === 2, 5000);
        expect(await alive({ cookie: phone })).toBe(401);

        // Every other device: the API token goes too; this one stays.
        await page.getByRole("button", { name: "Sign out all other devices…" }).click();
        await page.getByRole("group", { name: /Sign out 1 other device\?/ }).waitFor();
        await page.getByRole("button", { name: "Sign out all other devices", exact: true }).click();
        await page.getByText("Signed out 1 other device.").waitFor();
        expect(await rows.count()).toBe(1);
        expect(await alive({ authorization: `Bearer ${token}` })).toBe(401);
        expect(await page.getByRole("button", { name: "Sign out all other devices…" }).count()).toBe(0);
        await b.shot("sessions-alone");
        await accessible("sessions, only this device");
      });

      test("sign out from the header menu; Back shows nothing private", async () => {
        const { page } = b;
        await page.goto(url("/"));
        await page.getByRole("heading", { name: /Welcome/ }).waitFor();
        await page.getByRole("button", { name: "Account menu" }).click();
        await page.getByRole("menuitem", { name: "Sign out everywhere" }).click();
        await page.waitForURL(/\/signin$/);
        await page.getByText("You have signed out on every device.").waitFor();
        await accessible("signed out, with the notice");
        expect(await page.evaluate(() => document.cookie)).not.toContain("csrf_access_token");

        await page.goBack();
        await page.waitForURL(/\/signin/);
        const text = await page.locator("body").textContent();
        expect(text).not.toContain(email);
        expect(text).not.toContain(`${username}_2`);
      });

      test("sign in: the old password fails with a message, the new one works", async () => {
        const { page } = b;
        await page.goto(url("/signin"));
        await page.getByLabel("E-mail").fill(email);
        await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await page.getByLabel("Password", { exact: true }).press("Enter");
        await page.getByRole("alert").filter({ hasText: "Wrong e-mail or password." }).waitFor();
        await b.shot("signin-error");
        await accessible("sign-in, wrong password");
        await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        await page.waitForURL(url("/"));
        await page.getByRole("cell", { name: "Password changed" }).waitFor();
        expect(await page.getByRole("cell", { name: "Failed sign-in" }).count()).toBeGreaterThan(0);
      });

      test("an unknown page is a friendly 404", async () => {
        await b.page.goto(url("/no/such/page"));
        await b.page.getByRole("heading", { name: "This page does not exist" }).waitFor();
        expect(await b.page.title()).toBe("Page not found · Datta Dashboard");
        await b.shot("not-found");
        await accessible("404, signed in");
      });

      test("a network failure shows a retry message, and Try again recovers", async () => {
        const { page } = b;
        await page.route("**/api/users/activity*", (route) => route.abort("connectionrefused"));
        await page.goto(url("/"));
        await page.getByText("Cannot reach the server").waitFor();
        await page.unroute("**/api/users/activity*");
        await page.getByRole("button", { name: "Try again" }).click();
        await page.getByRole("cell", { name: "Password changed" }).waitFor();
        expect(await page.getByText("Cannot reach the server").count()).toBe(0);
      });

      test("delete the account, confirmed with the password", async () => {
        const { page } = b;
        await page.goto(url("/profile"));
        await page.getByRole("button", { name: "Delete account…" }).click();
        await page.getByLabel("Your password", { exact: true }).fill("wrong password");
        await page.getByRole("button", { name: "Delete my account" }).click();
        await page.getByText("The password is wrong.").waitFor();
        await page.getByLabel("Your password", { exact: true }).fill(NEW_PASSWORD);
        await page.getByRole("button", { name: "Delete my account" }).click();
        await page.waitForURL(/\/signup$/);
        await page.getByText("Your account has been deleted.").waitFor();
        expect(b.problems).toEqual([]);
      });
    });
  }

  describe("the session card shows the implicit refresh", () => {
    test("past half the token's life, activity brings a fresh token and the countdown jumps back", async () => {
      const short = await startServer({
        DATA_DIR: await mkdtemp(join(tmpdir(), "datta-ttl-")),
        ACCESS_TOKEN_TTL: "12",
      });
      const b = await openBrowser("desktop");
      try {
        const email = uniqueEmail("refresh");
        await fetch(`${short.url}/api/users/signup`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: "refresher", email, password: PASSWORD }),
        });
        await b.page.goto(`${short.url}/signin`);
        await b.page.getByLabel("E-mail").fill(email);
        await b.page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await b.page.getByRole("button", { name: "Sign in", exact: true }).click();
        await b.page.getByRole("heading", { name: "Welcome, refresher" }).waitFor();
        const seconds = async () => {
          const [m, s] = ((await b.page.getByTestId("countdown").textContent()) ?? "0:00").split(":").map(Number);
          return (m ?? 0) * 60 + (s ?? 0);
        };
        expect(await seconds()).toBeGreaterThan(8);
        expect(await b.page.getByTestId("refreshed").textContent()).toBe("not yet");
        // Wait, idle, until the token is well past half its life (the page rounds to the second,
        // the server compares whole seconds: 0:04 is past 6 s on both)...
        await b.page.waitForFunction(
          () => Number(document.querySelector("[data-testid=countdown]")?.textContent?.split(":")[1]) <= 4,
        );
        const before = await seconds();
        // ...then be active: the answer carries fresh cookies and a later expiry.
        await b.page.getByRole("button", { name: "Check session now" }).click();
        await b.page.getByTestId("refreshed").filter({ hasText: "just now" }).waitFor();
        expect(await seconds()).toBeGreaterThan(before + 5);
        await b.shot("session-refreshed");
        expect(b.problems).toEqual([]);
      } finally {
        await b.close();
        await short.stop();
      }
    }, 30_000);
  });

  describe("limits and keyboard, desktop", () => {
    test("429: after ten failures the form says when to try again", async () => {
      const email = uniqueEmail("limited");
      await fetch(`${server.url}/api/users/signup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: "limited", email, password: PASSWORD }),
      });
      const b = await openBrowser("desktop");
      try {
        await b.page.goto(`${server.url}/signin`);
        // Keyboard only: the e-mail field has focus, Tab moves to the password, Enter submits.
        expect(await b.page.evaluate(() => document.activeElement?.id)).toBe("field-email");
        await b.page.keyboard.type(email);
        await b.page.keyboard.press("Tab");
        for (let i = 0; i < 10; i++) {
          await b.page.getByLabel("Password", { exact: true }).fill(`wrong password ${i}`);
          await b.page.keyboard.press("Enter");
          await b.page.getByRole("alert").filter({ hasText: "Wrong e-mail or password." }).waitFor();
        }
        await b.page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await b.page.keyboard.press("Enter");
        await b.page
          .getByRole("alert")
          .filter({ hasText: "Too many failed sign-in attempts. Try again in 15 minutes." })
          .waitFor();
        // The wait counts down; meanwhile the ways that do not wait.
        const meanwhile = b.page.locator(".meanwhile");
        const first = await meanwhile.locator("time").textContent();
        expect(first).toMatch(/^1[45]:\d\d$/);
        await b.page.waitForFunction(
          (shown) => document.querySelector(".meanwhile time")?.textContent !== shown,
          first,
        );
        expect(await meanwhile.getByRole("link", { name: "Forgot password?" }).getAttribute("href")).toBe(
          "/forgot-password",
        );
        await meanwhile.getByRole("button", { name: "Sign in with a passkey" }).waitFor();
        expect({ violations: await b.axe() }).toEqual({ violations: [] });
        await b.shot("signin-429");
      } finally {
        await b.close();
      }
    }, 30_000);
  });
} else leftOut("browser/dashboard", NEEDS.chromium);

if (hasChromium && hasRealBackends) {
  describe("sign-out while the session store is down, desktop", () => {
    test("the page says the sign-out failed and stays signed in; once the store is back, it works", async () => {
      const redisUrl = new URL(realUrls.redis as string);
      const redis = await startTcpProxy(Number(redisUrl.port || 6379), redisUrl.hostname);
      redisUrl.host = `127.0.0.1:${redis.port}`;
      const server = await startServer({
        DATA_DIR: await mkdtemp(join(tmpdir(), "datta-logout-503-")),
        REDIS_URL: redisUrl.toString(),
        REDIS_KEY_PREFIX: `test-${crypto.randomUUID()}:`,
      });
      const b = await openBrowser("desktop");
      try {
        const email = uniqueEmail("outage");
        await fetch(`${server.url}/api/users/signup`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: "outage", email, password: PASSWORD }),
        });
        await b.page.goto(`${server.url}/signin`);
        await b.page.getByLabel("E-mail").fill(email);
        await b.page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await b.page.getByRole("button", { name: "Sign in", exact: true }).click();
        await b.page.getByRole("heading", { name: "Welcome, outage" }).waitFor();

        await redis.cut();
        await b.page.getByRole("button", { name: "Account menu" }).click();
        await b.page.getByRole("menuitem", { name: "Sign out everywhere" }).click();
        await b.page.getByText("The session store is unavailable; try again shortly.").waitFor();
        expect(await b.page.getByText("You have signed out on every device.").count()).toBe(0);
        expect(new URL(b.page.url()).pathname).toBe("/");
        await b.shot("signout-503");

        await redis.restore();
        await eventually(async () => (await fetch(`${server.url}/api/ready`)).ok, 10_000);
        await b.page.getByRole("button", { name: "Try again" }).click();
        await b.page.waitForURL(/\/signin$/);
        await b.page.getByText("You have signed out on every device.").waitFor();
        expect(b.problems).toEqual([]);
      } finally {
        await b.close();
        await server.stop();
        await redis.close();
      }
    }, 40_000);
  });
} else leftOut("browser/dashboard (sign-out while the store is down)", `${NEEDS.chromium}; ${NEEDS.backends}`);
