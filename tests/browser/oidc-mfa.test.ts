/**
 * Scenario: in Debian's Chromium, at desktop and phone sizes and in both themes, against the real
 * server: an application that asks for two factors (`acr_values=mfa`) sends a signed-out browser to
 * sign in, for an account that has no second factor. The sign-in page says what is asked; the
 * password alone leads to the Security page, which says why; the user sets up an authenticator app
 * there, follows the link back, signs in with the password and the app's code, and is back at the
 * application, whose ID token (validated by openid-client) says `acr: "mfa"`. axe-core checks each
 * page on the way.
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
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { addClient, applicationPage, beginSignIn } from "../helpers/oidc-browser.ts";
import { call, type Server, startServer } from "../helpers/process.ts";
import { freePort } from "../helpers/wait.ts";

setDefaultTimeout(60_000);

const PASSWORD = "two factors passphrase 1";

if (hasChromium) {
  let server: Server;
  let app: ReturnType<typeof applicationPage>;
  let registered: { client_id: string; client_secret: string };
  let callbackUrl: string;
  beforeAll(async () => {
    await buildWeb();
    app = applicationPage("Vault");
    callbackUrl = app.callbackUrl;
    const dataDir = await mkdtemp(join(tmpdir(), "datta-browser-mfa-"));
    registered = await addClient(dataDir, ["--name", "Vault", "--redirect-uri", callbackUrl, "--first-party"]);
    const port = await freePort();
    server = await startServer({ DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    app?.stop();
  });

  for (const [viewport, theme] of [
    ["desktop", "dark"],
    ["mobile", "light"],
  ] as Array<[ViewportName, ThemeName]>) {
    describe(`an application asking for two factors, in Chromium, ${viewport}, ${theme}`, () => {
      let b: BrowserSession;
      const email = uniqueEmail(`mfa-${viewport}`);
      const accessible = async (state: string) => {
        expect({ state, violations: await b.axe() }).toEqual({ state, violations: [] });
      };
      beforeAll(async () => {
        b = await openBrowser(viewport, theme);
        const made = await call(server, "/api/users/signup", {
          method: "POST",
          body: { username: `mfa_${viewport}`, email, password: PASSWORD },
        });
        expect(made.status).toBe(201);
      });
      afterAll(async () => {
        await b?.close();
      });

      test("no second factor yet: set one up on the Security page, sign in with it, back with acr mfa", async () => {
        const { page } = b;
        const request = await beginSignIn(server.url, registered, {
          redirect_uri: callbackUrl,
          acr_values: "mfa",
          login_hint: email,
        });
        const signIn = async () => {
          await page.getByLabel("E-mail").fill(email);
          await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
          await page.getByRole("button", { name: "Sign in", exact: true }).click();
        };

        await page.goto(request.url.href);
        await page.waitForURL(/\/signin\?mfa=1&login_hint=[^&]+&next=/);
        await page.getByText("The application asks for two factors").waitFor();
        // The address the application hinted at is filled in.
        expect(await page.getByLabel("E-mail").inputValue()).toBe(email);
        await accessible("the sign-in page, two factors asked");
        await signIn();

        // The password alone is one factor, and the account has no other: set one up first.
        await page.waitForURL(/\/security\?next=/);
        await page.getByText("An application asks for two factors when you sign in").waitFor();
        await accessible("the Security page, sent by the application");
        await page.getByRole("button", { name: "Set up an authenticator app" }).click();
        await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await page.getByRole("button", { name: "Continue" }).click();
        const secret = ((await page.locator("code.secret").textContent()) ?? "").replace(/\s+/g, "");
        expect(secret.length).toBeGreaterThan(15);
        await page.getByLabel("Code", { exact: true }).fill(totpCode(secret, Date.now()));
        await page.getByRole("button", { name: "Confirm" }).click();
        await page.getByRole("button", { name: "I have saved them" }).click();
        await b.shot("oidc-mfa-security");
        await page.getByRole("link", { name: "Sign in with it and go back to the application" }).click();

        // Two factors: the password, then the app's code (the next step's: each code is used once).
        await page.waitForURL(/\/signin\?mfa=1&next=/);
        await signIn();
        await page.getByLabel("Code", { exact: true }).fill(totpCode(secret, Date.now() + 30_000));
        await page.getByRole("button", { name: "Continue" }).click();

        await page.waitForURL((url) => url.href.startsWith(callbackUrl));
        await page.getByRole("heading", { name: "Back at Vault" }).waitFor();
        const tokens = await request.finish(new URL(page.url()));
        expect(tokens.claims()).toMatchObject({ acr: "mfa", amr: ["pwd", "otp", "mfa"] });
        expect(b.problems).toEqual([]);
      });
    });
  }
} else leftOut("browser/oidc-mfa", NEEDS.chromium);
