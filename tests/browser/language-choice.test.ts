/**
 * Scenario, in Debian's Chromium (desktop dark, phone light): a user chooses the language of the
 * dashboard, the server's messages and mails on Profile. The answer already speaks it ("Profil
 * gespeichert."), then the page does, the choice stays after a reload, and the server then answers that account in it whatever the browser
 * asks. axe-core checks the page.
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
  signInWithPassword,
  type ThemeName,
  type ViewportName,
} from "../helpers/chromium.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { call, type Server, startServer } from "../helpers/process.ts";

setDefaultTimeout(60_000);

const PASSWORD = "language choice passphrase 5";

if (hasChromium) {
  let server: Server;
  beforeAll(async () => {
    await buildWeb();
    server = await startServer({ DATA_DIR: await mkdtemp(join(tmpdir(), "datta-browser-language-")) });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  for (const [viewport, theme] of [
    ["desktop", "dark"],
    ["mobile", "light"],
  ] as Array<[ViewportName, ThemeName]>) {
    describe(`the language of messages and mail, in Chromium, ${viewport}, ${theme}`, () => {
      let b: BrowserSession;
      beforeAll(async () => {
        b = await openBrowser(viewport, theme);
      });
      afterAll(async () => {
        await b?.close();
      });

      test("chosen on Profile: the answer in it, kept after a reload, and the server's answers follow it", async () => {
        const { page } = b;
        const email = uniqueEmail(`language-${viewport}`);
        const made = await call(server, "/api/users/signup", {
          method: "POST",
          body: { username: `lang_${viewport}`, email, password: PASSWORD },
        });
        expect(made.status).toBe(201);
        await signInWithPassword(page, server.url, email, PASSWORD);
        await page.goto(`${server.url}/profile`);
        const select = page.getByLabel("Language of the dashboard, messages and mail");
        expect(await select.inputValue()).toBe("");
        await select.selectOption("de");
        await page.getByRole("button", { name: "Save language" }).click();
        await page.locator("#main").getByText("Profil gespeichert.").waitFor();
        // The dashboard itself speaks it now, without a reload.
        await page.locator("html[lang=de]").waitFor({ state: "attached" });
        await page.getByRole("button", { name: "Sprache speichern" }).waitFor();
        expect(await b.axe()).toEqual([]);
        await b.shot("profile-language");

        await page.reload();
        expect(await page.getByLabel("Sprache des Dashboards, der Meldungen und der Mails").inputValue()).toBe("de");
        expect(await page.getByRole("option", { name: "Wie mein Browser es wünscht" }).count()).toBe(0);
        // The browser asks for English; the account chose German (a wrong current password: an
        // answer given once the session is read).
        const answer = await page.evaluate(async () => {
          const csrf = document.cookie.match(/csrf_access_token=([^;]+)/)?.[1] ?? "";
          const res = await fetch("/api/users/password", {
            method: "PUT",
            headers: { "content-type": "application/json", "accept-language": "en", "x-csrf-token": csrf },
            body: JSON.stringify({ current_password: "not the password", new_password: "another passphrase 12" }),
          });
          return { status: res.status, language: res.headers.get("content-language"), body: await res.json() };
        });
        expect(answer).toEqual({
          status: 403,
          language: "de",
          body: { success: false, msg: "Das aktuelle Passwort ist falsch." },
        });
        expect(b.problems).toEqual([]);
      });
    });
  }
} else leftOut("browser/language-choice", NEEDS.chromium);
