/**
 * The dashboard as people use it, in Debian's Chromium at both sizes and in both themes: a session
 * that lasts while it is used, warns before it ends and, when it ends, brings the user back to the
 * same page with what they had typed; keyboard and screen-reader behaviour (skip link, focus after
 * a route change or an error, the announcements, the phone drawer); figures that tell the truth;
 * messages that go when they stop being true; show-password and the strength meter; the theme.
 * axe-core checks every state it reaches. Screenshots go to tests/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildWeb } from "../../web/build.ts";
import { uniqueEmail } from "../helpers/backends.ts";
import {
  type BrowserOptions,
  type BrowserSession,
  hasChromium,
  openBrowser,
  type ThemeName,
  type ViewportName,
} from "../helpers/chromium.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { type Server, startServer } from "../helpers/process.ts";

const PASSWORD = "experience passphrase 7";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

setDefaultTimeout(30_000);

if (hasChromium) {
  let server: Server;
  /** ACCESS_TOKEN_TTL=12 s: a session's life, renewal, warning and end fit in a test. */
  let short: Server;
  beforeAll(async () => {
    await buildWeb();
    [server, short] = await Promise.all([
      startServer({ DATA_DIR: await mkdtemp(join(tmpdir(), "datta-ux-")), TRUST_PROXY: "true" }),
      startServer({
        DATA_DIR: await mkdtemp(join(tmpdir(), "datta-ux-short-")),
        ACCESS_TOKEN_TTL: "12",
        TRUST_PROXY: "true",
      }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([server?.stop(), short?.stop()]);
  });

  /** Each sign-up from an address of its own (the servers trust X-Forwarded-For): 10 per IP per hour. */
  async function signup(target: Server, username: string, email = uniqueEmail(username), agent?: string) {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-forwarded-for": `198.51.100.${Math.floor(Math.random() * 250) + 1}`,
    };
    if (agent) headers["user-agent"] = agent;
    const res = await fetch(`${target.url}/api/users/signup`, {
      method: "POST",
      headers,
      body: JSON.stringify({ username, email, password: PASSWORD }),
    });
    expect(res.status).toBe(201);
    return email;
  }

  const combinations = (["desktop", "mobile"] as ViewportName[]).flatMap((viewport) =>
    (["light", "dark"] as ThemeName[]).map((theme) => ({ viewport, theme })),
  );

  for (const { viewport, theme } of combinations) {
    describe(`${viewport}, ${theme} theme`, () => {
      let b: BrowserSession;
      const open = async (options?: BrowserOptions) => {
        await b?.close();
        b = await openBrowser(viewport, theme, options);
        return b;
      };
      afterAll(async () => {
        await b?.close();
      });
      async function accessible(state: string): Promise<void> {
        expect({ state, violations: await b.axe() }).toEqual({ state, violations: [] });
      }
      async function signIn(target: Server, email: string, path = "/signin"): Promise<void> {
        await b.page.goto(target.url + path);
        await b.page.getByLabel("E-mail").fill(email);
        await b.page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await b.page.getByRole("button", { name: "Sign in", exact: true }).click();
      }
      const focused = () =>
        b.page.evaluate(() => {
          const el = document.activeElement;
          return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}:${el.textContent?.trim() ?? ""}` : "";
        });
      const announced = () => b.page.locator(".sr-only[role=status]").textContent();

      test("a session lasts while it is used, warns a minute before it ends, and ends where it began", async () => {
        await open();
        const { page, context } = b;
        const email = await signup(short, `keeper_${viewport}_${theme}`);
        await signIn(short, email, "/signin?next=%2Fprofile");
        await page.waitForURL(/\/profile$/);
        const token = async () =>
          (await context.cookies()).find((cookie) => cookie.name === "access_token_cookie")?.value;
        const first = await token();

        // Typing is using the page: past half the token's life, the page renews it by itself.
        const username = page.getByLabel("Username");
        for (let i = 0; i < 40 && (await token()) === first; i++) {
          await username.press("End");
          await username.pressSequentially("x");
          await page.waitForTimeout(250);
        }
        expect(await token()).not.toBe(first);

        // Left alone, the page warns before the end; "Stay signed in" renews. (A keystroke that came
        // after the renewal above still counts once: the warning may follow one more renewal.)
        const warning = page.getByRole("alert").filter({ hasText: "your session ends at" });
        await warning.waitFor({ timeout: 25_000 });
        await b.shot("session-warning");
        await accessible("session warning shown");
        const beforeStay = await token();
        await page.getByRole("button", { name: "Stay signed in" }).click();
        await warning.waitFor({ state: "detached" });
        expect(await token()).not.toBe(beforeStay);
        expect(await announced()).toContain("You are still signed in.");

        // An edit left unsaved, then nobody touches the page until the session ends...
        await username.fill("kept_while_away");
        await page.waitForURL(/\/signin\?next=%2Fprofile$/, { timeout: 35_000 });
        await page.getByText("Your session expired. Sign in to continue.").waitFor();
        await b.shot("session-expired");
        await accessible("session expired");
        expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage }))).not.toContain(PASSWORD);

        // ...and after signing in again: the same page, with the edit, and a word about it.
        await page.getByLabel("E-mail").fill(email);
        await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        await page.waitForURL(/\/profile$/);
        await page.getByText("We kept what you had typed").waitFor();
        expect(await page.getByLabel("Username").inputValue()).toBe("kept_while_away");
      }, 90_000);

      test("keyboard and screen reader: skip link, focus after a route change and after an error", async () => {
        await open();
        const { page } = b;
        const email = await signup(server, `keys_${viewport}_${theme}`);
        await signIn(server, email);
        await page.waitForURL(`${server.url}/`);
        // A fresh load: the skip link is the first stop, and it goes to the content.
        await page.reload();
        await page.getByRole("heading", { name: /Welcome/ }).waitFor();
        await page.keyboard.press("Tab");
        expect(await focused()).toBe("a:Skip to content");
        await page.keyboard.press("Enter");
        expect(await focused()).toStartWith("main#main:");

        // A route change moves the focus to the new page's heading and says where we are.
        if (viewport === "mobile") await page.getByRole("button", { name: "Open navigation" }).click();
        await page.getByRole("link", { name: "Profile", exact: true }).click();
        await page.waitForURL(/\/profile$/);
        await page.waitForFunction(() => document.activeElement?.tagName === "H1");
        expect(await focused()).toBe("h1:Profile");
        expect(await announced()).toContain("Profile · Datta Dashboard");

        // A wrong field takes the focus, and its error is part of its description.
        await page.getByLabel("E-mail").fill("not an address");
        await page.getByRole("button", { name: "Save profile" }).click();
        await page.waitForFunction(() => document.activeElement?.id === "field-email");
        const described = await page.getByLabel("E-mail").evaluate((input) =>
          (input.getAttribute("aria-describedby") ?? "")
            .split(" ")
            .map((id) => document.getElementById(id)?.textContent)
            .join(" "),
        );
        expect(described).toContain("E-mail must be a valid e-mail address");
        expect(await page.getByLabel("E-mail").getAttribute("aria-invalid")).toBe("true");
        await accessible("profile, a field in error");
      });

      if (viewport === "mobile") {
        test("the phone drawer: out of reach when closed, holds the focus when open, Escape closes it", async () => {
          await open();
          const { page } = b;
          await signIn(server, await signup(server, `drawer_${theme}`));
          await page.getByRole("heading", { name: /Welcome/ }).waitFor();
          expect(await page.locator("#sidebar").evaluate((nav) => (nav as HTMLElement).inert)).toBe(true);
          // Tabbing through the whole page never lands in the closed drawer.
          for (let i = 0; i < 25; i++) {
            await page.keyboard.press("Tab");
            expect(await page.evaluate(() => !!document.activeElement?.closest("#sidebar"))).toBe(false);
          }
          await page.getByRole("button", { name: "Open navigation" }).click();
          await page.waitForFunction(() => !!document.activeElement?.closest("#sidebar"));
          // Open: the focus stays inside; the page behind is inert.
          for (let i = 0; i < 8; i++) {
            await page.keyboard.press("Tab");
            expect(await page.evaluate(() => !!document.activeElement?.closest("#sidebar"))).toBe(true);
          }
          expect(await page.locator(".main-column").evaluate((column) => (column as HTMLElement).inert)).toBe(true);
          await page.keyboard.press("Escape");
          await page.waitForFunction(() => document.activeElement?.classList.contains("menu-button"));
          expect(await page.getByRole("button", { name: "Open navigation" }).getAttribute("aria-expanded")).toBe(
            "false",
          );
        });
      }

      test("the figures: the previous sign-in, read from its user agent; no rotating id; local days", async () => {
        // The viewer is in Kiritimati (UTC+14), a day ahead of UTC for most of the day.
        await open({ timezoneId: "Pacific/Kiritimati" });
        const { page } = b;
        const email = await signup(server, `figures_${viewport}_${theme}`);
        const earlier = await fetch(`${server.url}/api/users/login`, {
          method: "POST",
          headers: { "content-type": "application/json", "user-agent": IPHONE },
          body: JSON.stringify({ email, password: PASSWORD }),
        });
        expect(earlier.status).toBe(200);
        await fetch(`${server.url}/api/users/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email, password: "a wrong one" }),
        });
        await signIn(server, email);
        await page.waitForURL(`${server.url}/`);
        await page.getByTestId("previous-sign-in").filter({ hasText: "Safari on iOS" }).waitFor();
        expect(await page.getByTestId("last-failed").textContent()).not.toBe("None");
        expect(await page.locator("main").textContent()).not.toContain("Account id");
        expect(await page.locator("main").textContent()).not.toMatch(/access token/i);
        const today = new Date().toLocaleDateString("en-GB", {
          timeZone: "Pacific/Kiritimati",
          day: "numeric",
          month: "short",
        });
        const labels = await page.locator(".chart text.axis").allTextContents();
        expect(labels.at(-1)).toBe(today);
        expect(await page.locator(".legend").textContent()).toContain("Kiritimati time");
        await b.shot("figures");
        await accessible("dashboard with figures");
      });

      test("messages end when the next action starts; Try again sends the form again", async () => {
        await open();
        const { page } = b;
        const email = await signup(server, `messages_${viewport}_${theme}`);
        await signIn(server, email, "/signin?next=%2Fprofile");
        await page.waitForURL(/\/profile$/);
        await page.getByRole("button", { name: "Save profile" }).click();
        await page.getByText("Your profile is saved.").waitFor();
        await page.getByRole("button", { name: "Change password" }).click();
        await page.getByText("Current password is required").waitFor();
        expect(await page.getByText("Your profile is saved.").count()).toBe(0);

        // Signed out: the notice goes as soon as the next sign-in is tried.
        await page.goto(`${server.url}/`);
        await page.getByRole("button", { name: /Account menu/ }).click();
        await page.getByRole("menuitem", { name: "Sign out everywhere" }).click();
        await page.getByText("You have signed out on every device.").waitFor();
        await page.getByLabel("E-mail").fill(email);
        await page.getByLabel("Password", { exact: true }).fill("not it at all");
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        await page.getByText("Wrong e-mail or password.").waitFor();
        expect(await page.getByText("You have signed out on every device.").count()).toBe(0);

        // The network fails once: the form says so, and Try again sends it again.
        await page.route("**/api/users/login", (route) => route.abort("connectionrefused"));
        await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        await page.getByText("Cannot reach the server").waitFor();
        await accessible("sign-in, network failure");
        await page.unroute("**/api/users/login");
        await page.getByRole("button", { name: "Try again" }).click();
        await page.waitForURL(`${server.url}/`);
      });

      test("show password, the strength meter, and the theme kept per browser", async () => {
        await open();
        const { page } = b;
        await page.goto(`${server.url}/signup`);
        const password = page.getByLabel("Password", { exact: true });
        await password.fill("abc");
        await page.getByText("Not allowed yet: must be 8–128 characters").waitFor();
        await password.fill("correct horse battery staple");
        await page.getByText("Strength: strong").waitFor();
        expect(await password.getAttribute("type")).toBe("password");
        const reveal = page.getByRole("button", { name: "Show password", exact: true });
        await reveal.click();
        expect(await password.getAttribute("type")).toBe("text");
        expect(await reveal.getAttribute("aria-pressed")).toBe("true");
        await reveal.click();
        expect(await password.getAttribute("type")).toBe("password");
        await accessible("sign-up, strength shown");

        const other: ThemeName = theme === "light" ? "dark" : "light";
        const toggle = page.getByRole("button", { name: "Dark theme" });
        expect(await toggle.getAttribute("aria-pressed")).toBe(theme === "dark" ? "true" : "false");
        await toggle.click();
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(other);
        await page.reload();
        await page.getByRole("heading", { name: "Create your account" }).waitFor();
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(other);
        await b.shot(`signup-in-${other}`);
        await accessible(`sign-up in the ${other} theme`);
      });

      test("a 50-character name fits a phone; the signed-out 404 has the brand and a heading", async () => {
        await open();
        const { page } = b;
        const longName = `${"w".repeat(24)}_${"m".repeat(25)}`;
        const email = await signup(server, longName);
        await signIn(server, email);
        await page.getByRole("heading", { name: `Welcome, ${longName}` }).waitFor();
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        await b.shot("long-name");
        await page.getByRole("button", { name: /Account menu/ }).click();
        await page.getByRole("menuitem", { name: "Sign out everywhere" }).click();
        await page.waitForURL(/\/signin$/);

        await page.goto(`${server.url}/no/such/page`);
        await page.getByRole("heading", { level: 1, name: "This page does not exist" }).waitFor();
        expect(await page.getByRole("link", { name: "Datta Dashboard" }).isVisible()).toBe(true);
        await b.shot("not-found-signed-out");
        await accessible("404, signed out");
      });
    });
  }
} else leftOut("browser/experience", NEEDS.chromium);
