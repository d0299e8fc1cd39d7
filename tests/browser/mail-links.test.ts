/**
 * Scenario: in Debian's Chromium, at desktop and phone sizes, against the real server sending over
 * SMTP to a real server started here: a new user sees the "confirm your address" banner, follows
 * the link read from the message that arrived, and the banner is gone; later, signed out, the user
 * forgets the password, asks for a link, follows it, chooses a new password (the rules checked as
 * at sign-up), lands on sign-in with a message and signs in with it; the used link then says so.
 * axe-core checks each new page.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildWeb } from "../../web/build.ts";
import { uniqueEmail } from "../helpers/backends.ts";
import { type BrowserSession, hasChromium, openBrowser, type ViewportName } from "../helpers/chromium.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { mailParts } from "../helpers/mail.ts";
import { type Server, startServer } from "../helpers/process.ts";
import { type ReceivedMail, startSmtp, type TestSmtp } from "../helpers/smtp.ts";
import { eventually, freePort } from "../helpers/wait.ts";

const PASSWORD = "first passphrase 1";
const NEW_PASSWORD = "a new passphrase 2";

setDefaultTimeout(30_000);

/** The link of the newest message to `to` whose subject starts so. */
function linkIn(messages: ReceivedMail[], subject: string): string {
  const mail = messages.filter((m) => m.subject.startsWith(subject)).at(-1);
  const link = /(http:\/\/\S+#token=[A-Za-z0-9_-]+)/.exec(mailParts(mail?.raw ?? "").text)?.[1];
  if (!link) throw new Error(`no link in "${subject}"`);
  return link;
}

if (hasChromium) {
  let server: Server;
  let smtp: TestSmtp;
  beforeAll(async () => {
    await buildWeb();
    smtp = await startSmtp();
    const dataDir = await mkdtemp(join(tmpdir(), "datta-browser-mail-"));
    // Links point at PUBLIC_URL, so the server gets a known port (PORT=0 would leave it unknown).
    const port = await freePort();
    server = await startServer({
      DATA_DIR: dataDir,
      SMTP_URL: smtp.url,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await smtp?.stop();
  });

  for (const viewport of ["desktop", "mobile"] as ViewportName[]) {
    describe(`e-mail in Chromium, ${viewport}`, () => {
      let b: BrowserSession;
      const email = uniqueEmail(`mail-${viewport}`);
      const url = (path: string) => server.url + path;
      /** Waits for the server's worker (every 2 s) to have sent `to` a message whose subject starts so. */
      const mailed = async (subject: string) => {
        await eventually(
          async () => smtp.received.some((m) => m.to.includes(email) && m.subject.startsWith(subject)),
          15_000,
        );
        return smtp.received.filter((m) => m.to.includes(email));
      };

      async function accessible(state: string): Promise<void> {
        expect({ state, violations: await b.axe() }).toEqual({ state, violations: [] });
      }

      beforeAll(async () => {
        b = await openBrowser(viewport, "light");
      }, 30_000);
      afterAll(async () => {
        await b?.close();
      });

      test("sign up: the banner asks to confirm; the mailed link confirms; the banner is gone", async () => {
        const { page } = b;
        await page.goto(url("/signup"));
        await page.getByLabel("Username").fill(`mail_${viewport}`);
        await page.getByLabel("E-mail").fill(email);
        await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await page.getByLabel("Repeat password", { exact: true }).fill(PASSWORD);
        await page.getByRole("button", { name: "Create account" }).click();
        await page.waitForURL(url("/"));
        await page.getByText("Confirm your e-mail address: follow the link we mailed to").waitFor();
        await b.shot("verify-banner");
        await accessible("the unconfirmed banner");

        // "Send a new link" from the banner: a second message, and the first link void.
        await page.getByRole("button", { name: "Send a new link" }).click();
        await page.getByText("A new confirmation link is on its way").waitFor();
        const messages = await smtp.waitFor(email, 2);
        const link = linkIn(messages, "Confirm your e-mail address");
        expect(link).toStartWith(`${server.url}/verify-email#token=`);

        await page.goto(link);
        await page.getByRole("main").getByText("E-mail address confirmed.").waitFor();
        expect(new URL(page.url()).hash).toBe(""); // the token leaves the address bar
        await b.shot("verify-done");
        await accessible("the confirmation page");
        await page.getByRole("link", { name: "Go to your dashboard" }).click();
        await page.waitForURL(url("/"));
        await page.getByRole("heading", { name: /Welcome/ }).waitFor();
        expect(await page.getByText("Confirm your e-mail address: follow").count()).toBe(0);

        // The first link was voided by the second; the second is used now: both say so.
        await page.goto(linkIn(messages.slice(0, 1), "Confirm your e-mail address"));
        await page.getByText("This link is invalid, already used or expired. Ask for a new one.").waitFor();
      });

      test("forgot password: the link, the new password's rules, sign-in with it; the link works once", async () => {
        const { page } = b;
        await page.goto(url("/"));
        await page.getByRole("button", { name: "Account menu" }).click();
        await page.getByRole("menuitem", { name: "Sign out everywhere" }).click();
        await page.waitForURL(/\/signin/);

        await page.getByRole("link", { name: "Forgot password?" }).click();
        await page.waitForURL(url("/forgot-password"));
        await page.getByLabel("E-mail").fill(email);
        await page.getByRole("button", { name: "Send the link" }).click();
        await page
          .getByText("If an account uses that address, a link to choose a new password is on its way.")
          .waitFor();
        await b.shot("forgot-sent");
        await accessible("forgot password, sent");

        const link = linkIn(await mailed("Reset your password"), "Reset your password");
        await page.goto(link);
        await page.getByRole("heading", { name: "Choose a new password" }).waitFor();
        expect(new URL(page.url()).hash).toBe("");
        await page.getByLabel("New password", { exact: true }).fill("short");
        await page.getByRole("button", { name: "Set the new password" }).click();
        await page.getByText("New password must be 8–128 characters").waitFor();
        await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
        await page.getByLabel("Repeat password", { exact: true }).fill(`${NEW_PASSWORD}x`);
        await page.getByRole("button", { name: "Set the new password" }).click();
        await page.getByText("The passwords do not match").waitFor();
        await b.shot("reset-errors");
        await accessible("reset page, errors shown");
        await page.getByLabel("Repeat password", { exact: true }).fill(NEW_PASSWORD);
        await page.getByRole("button", { name: "Set the new password" }).click();
        await page.waitForURL(/\/signin$/);
        await page.getByText("Password changed. Sign in with the new password.").waitFor();
        await b.shot("reset-done");
        await accessible("sign-in after the reset");

        await page.getByLabel("E-mail").fill(email);
        await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        await page.waitForURL(url("/"));
        await page.getByRole("heading", { name: /Welcome/ }).waitFor();

        // The same link again: refused as the page opens (no password typed for nothing), with the
        // way to a new one.
        await page.goto(link);
        await page.getByText("This link is invalid, already used or expired. Ask for a new one.").waitFor();
        expect(await page.getByLabel("New password", { exact: true }).count()).toBe(0);
        await accessible("a used reset link");
        expect(await page.getByRole("link", { name: "Ask for a new one" }).isVisible()).toBe(true);
      });
    });
  }
} else leftOut("browser/mail-links", NEEDS.chromium);
