/**
 * Scenario, in Debian's Chromium at phone size, in German and in Simplified Chinese: a visitor
 * picks the language on the sign-in page (the e-mail typed stays; `<html lang>` follows), signs up
 * with mistakes (the errors in the language), signs in (the account keeps the language picked), and
 * goes through the dashboard, the Security page and every admin page. On each: axe-core clean, no
 * sideways scroll (German's long words), and no English sentence of the dashboard's catalogues left
 * on the page. A browser that asks for German gets German at once.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import type { Language, Sentences } from "../../src/http/catalogue.ts";
import { buildWeb } from "../../web/build.ts";
import { DASHBOARD_CATALOGUES } from "../../web/src/catalogues.ts";
import { uniqueEmail } from "../helpers/backends.ts";
import { type BrowserSession, hasChromium, openBrowser } from "../helpers/chromium.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { call, confirmedAdmin, type Server, startServer } from "../helpers/process.ts";

setDefaultTimeout(90_000);

const PASSWORD = "dashboard languages passphrase 8";

/** Each language's own words for what the test clicks and reads. */
const WORDS = {
  de: {
    signIn: "Anmelden",
    email: "E-Mail",
    password: "Passwort",
    createAccount: "Konto anlegen",
    required: "Benutzername",
    welcome: "Willkommen",
  },
  "zh-Hans": {
    signIn: "登录",
    email: "电子邮件地址",
    password: "密码",
    createAccount: "创建账号",
    required: "用户名",
    welcome: "欢迎",
  },
} as const;

/** The dashboard's English sentences a page in `language` must not show (those the language writes otherwise). */
async function englishLeft(language: Language): Promise<string[]> {
  const first = (await import(`../../languages/${language}/dashboard.ts`)).default as Record<string, Sentences>;
  const pages = (await import(`../../languages/${language}/pages.ts`)).default as Record<string, Sentences>;
  const own = { ...first, ...pages };
  return Object.entries(DASHBOARD_CATALOGUES as Record<string, Sentences>).flatMap(([name, english]) =>
    Object.entries(english)
      .filter(([key, text]) => typeof text === "string" && text.length >= 12 && own[name]?.[key] !== text)
      .map(([, text]) => text as string),
  );
}

/** A page as the test checks every one: its language said, axe clean, no sideways scroll, no English sentence. */
async function checkPage(b: BrowserSession, language: Language, english: string[], name: string): Promise<void> {
  const page = b.page;
  expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  const text = await page.evaluate(() => document.body.textContent ?? "");
  expect(english.filter((sentence) => text.includes(sentence))).toEqual([]);
  expect(await b.axe()).toEqual([]);
  await b.shot(`${language}-${name}`);
}

async function settled(page: Page): Promise<void> {
  await page.locator(".loading").first().waitFor({ state: "detached" });
}

if (hasChromium) {
  let server: Server;
  // One admin per language: each keeps the language it signs in with.
  const admins = { de: uniqueEmail("languages-admin-de"), "zh-Hans": uniqueEmail("languages-admin-zh") };
  beforeAll(async () => {
    await buildWeb();
    const dataDir = await mkdtemp(join(tmpdir(), "datta-browser-languages-"));
    server = await startServer({ DATA_DIR: dataDir, ADMIN_EMAILS: Object.values(admins).join(",") });
    for (const admin of Object.values(admins)) await confirmedAdmin(server, dataDir, admin, PASSWORD);
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  for (const language of ["de", "zh-Hans"] as const) {
    const words = WORDS[language];
    describe(`the dashboard in ${language}, in Chromium at phone size`, () => {
      let b: BrowserSession;
      let english: string[];
      beforeAll(async () => {
        b = await openBrowser("mobile", "light");
        english = await englishLeft(language);
      });
      afterAll(async () => {
        await b?.close();
      });

      test("picked on the sign-in page: the page keeps what was typed, and speaks it", async () => {
        const { page } = b;
        await page.goto(`${server.url}/signin`);
        await page.getByLabel("E-mail").fill("typed@example.com");
        await page.getByLabel("Language").selectOption(language);
        await page.getByRole("heading", { name: words.signIn }).waitFor();
        expect(await page.getByLabel(words.email).inputValue()).toBe("typed@example.com");
        expect(await page.title()).toContain(words.signIn);
        await checkPage(b, language, english, "sign-in");
      });

      test("sign-up with mistakes: the errors in the language", async () => {
        const { page } = b;
        await page.goto(`${server.url}/signup`);
        await page.getByRole("button", { name: words.createAccount }).click();
        const error = page.locator("#field-username-error");
        await error.waitFor();
        expect(await error.textContent()).toStartWith(words.required);
        await checkPage(b, language, english, "sign-up-errors");
      });

      test("signed in: the account keeps the language; dashboard and Security in it", async () => {
        const { page } = b;
        const email = uniqueEmail(`languages-${language}`);
        const made = await call(server, "/api/users/signup", {
          method: "POST",
          body: { username: `words_${language.replace("-", "_").toLowerCase()}`, email, password: PASSWORD },
        });
        expect(made.status).toBe(201);
        await page.goto(`${server.url}/signin`);
        await page.getByLabel(words.email).fill(email);
        await page.getByLabel(words.password, { exact: true }).fill(PASSWORD);
        // The language picked before signing in becomes the account's (Profile would show it).
        const kept = page.waitForResponse(
          (r) => r.url().endsWith("/api/users/update") && r.request().method() === "PUT",
        );
        await page.getByRole("button", { name: words.signIn, exact: true }).click();
        await page.waitForURL(`${server.url}/`);
        expect((await kept).status()).toBe(200);
        await page.getByText(words.welcome).waitFor();
        await settled(page);
        const me = await page.evaluate(async () => (await (await fetch("/api/users/me")).json()).user.language);
        expect(me).toBe(language);
        await checkPage(b, language, english, "dashboard");
        await page.goto(`${server.url}/security`);
        await settled(page);
        await page.locator(".card").first().waitFor();
        await checkPage(b, language, english, "security");
      });

      test("every admin page in the language", async () => {
        const { page } = b;
        // Another account, in a browser that forgot everything: English until the language is picked again.
        await page.context().clearCookies();
        await page.goto(`${server.url}/signin`);
        await page.getByLabel("Language").selectOption(language);
        await page.getByLabel(words.email).fill(admins[language]);
        await page.getByLabel(words.password, { exact: true }).fill(PASSWORD);
        await page.getByRole("button", { name: words.signIn, exact: true }).click();
        await page.waitForURL(`${server.url}/`);
        for (const path of ["/admin", "/admin/audit", "/admin/clients", "/admin/groups", "/admin/access"]) {
          await page.goto(`${server.url}${path}`);
          await settled(page);
          await page.locator(".card").first().waitFor();
          await checkPage(b, language, english, path.slice(1).replaceAll("/", "-"));
        }
        await page.goto(`${server.url}/admin`);
        await page.locator("td a").first().click();
        await page.locator(".admin .card").first().waitFor();
        await settled(page);
        await checkPage(b, language, english, "admin-user");
        expect(b.problems).toEqual([]);
      });
    });
  }

  describe("a browser that asks for German", () => {
    test("gets the sign-in page in German at once, and the server's answers too", async () => {
      const b = await openBrowser("mobile", "dark", { locale: "de-DE" });
      try {
        await b.page.goto(`${server.url}/signin`);
        await b.page.getByRole("heading", { name: "Anmelden" }).waitFor();
        expect(await b.page.evaluate(() => document.documentElement.lang)).toBe("de");
        await b.page.getByRole("button", { name: "Anmelden", exact: true }).click();
        const error = b.page.locator("#field-email-error");
        await error.waitFor();
        expect(await error.textContent()).toStartWith("E-Mail ");
        expect(await b.axe()).toEqual([]);
      } finally {
        await b.close();
      }
    });
  });
} else leftOut("browser/dashboard-languages", NEEDS.chromium);
