/**
 * Scenario: in Debian's Chromium, at desktop and phone sizes and in both themes, against the real
 * server: an application (registered with `datta-dashboard clients add`, its callback a small
 * server started here) sends a signed-out browser to sign in. The dashboard's own sign-in page
 * takes the password, the consent page names the application and what it asks in words, Allow
 * sends the browser back with a code, and openid-client (a certified relying party) exchanges it
 * and validates the ID token. Then the Connected apps page lists the application and disconnects
 * it. axe-core checks each page.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as client from "openid-client";
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
import { call, linkFromOutbox, type Server, startServer } from "../helpers/process.ts";
import { freePort } from "../helpers/wait.ts";

setDefaultTimeout(60_000);

const PASSWORD = "consent passphrase 1";

if (hasChromium) {
  let server: Server;
  let app: ReturnType<typeof applicationPage>;
  let registered: { client_id: string; client_secret: string };
  let device: { client_id: string };
  let callbackUrl: string;
  const adminEmail = uniqueEmail("apps-admin");
  beforeAll(async () => {
    await buildWeb();
    // The application: its callback page says where the browser came back to.
    app = applicationPage("Notes");
    callbackUrl = app.callbackUrl;
    const dataDir = await mkdtemp(join(tmpdir(), "datta-browser-oidc-"));
    registered = await addClient(dataDir, [
      "--name",
      "Notes",
      "--redirect-uri",
      callbackUrl,
      "--scope",
      "openid profile email",
    ]);
    device = await addClient(dataDir, [
      "--name",
      "Deploy CLI",
      "--public",
      "--grant",
      "urn:ietf:params:oauth:grant-type:device_code",
      "--scope",
      "openid profile",
    ]);
    const port = await freePort();
    server = await startServer({
      DATA_DIR: dataDir,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ADMIN_EMAILS: adminEmail,
    });
    // The admin: the role comes with the address once confirmed (the link the server wrote as .eml).
    const made = await call(server, "/api/users/signup", {
      method: "POST",
      body: { username: "apps_admin", email: adminEmail, password: PASSWORD },
    });
    expect(made.status).toBe(201);
    const token = await linkFromOutbox(dataDir, adminEmail, "verify-email");
    expect((await call(server, "/api/users/email/verify", { method: "POST", body: { token } })).body.user.role).toBe(
      "admin",
    );
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    app?.stop();
  });

  for (const [viewport, theme] of [
    ["desktop", "light"],
    ["mobile", "dark"],
  ] as Array<[ViewportName, ThemeName]>) {
    describe(`signing in to another application in Chromium, ${viewport}, ${theme}`, () => {
      let b: BrowserSession;
      const email = uniqueEmail(`oidc-${viewport}`);
      const accessible = async (state: string) => {
        expect({ state, violations: await b.axe() }).toEqual({ state, violations: [] });
      };
      beforeAll(async () => {
        b = await openBrowser(viewport, theme);
        const signup = await call(server, "/api/users/signup", {
          method: "POST",
          body: { username: `oidc_${viewport}`, email, password: PASSWORD },
        });
        expect(signup.status).toBe(201);
      });
      afterAll(async () => {
        await b?.close();
      });

      test("sign in on the dashboard's page, allow on the consent page, back at the application with a code", async () => {
        const { page } = b;
        const signIn = await beginSignIn(server.url, registered, {
          redirect_uri: callbackUrl,
          scope: "openid profile email",
        });
        await page.goto(signIn.url.href);
        await page.waitForURL(/\/signin\?next=/);
        await page.getByLabel("E-mail").fill(email);
        await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await page.getByRole("button", { name: "Sign in", exact: true }).click();

        await page.waitForURL(/\/consent\//);
        await page.getByRole("heading", { name: "Allow Notes to use your account?" }).waitFor();
        await page.getByText("See your e-mail address and whether it is confirmed").waitFor();
        await b.shot("oidc-consent");
        await accessible("the consent page");
        await page.getByRole("button", { name: "Allow" }).click();

        await page.waitForURL((url) => url.href.startsWith(callbackUrl));
        await page.getByRole("heading", { name: "Back at Notes" }).waitFor();
        const tokens = await signIn.finish(new URL(page.url()));
        const info = await client.fetchUserInfo(signIn.config, tokens.access_token, tokens.claims()?.sub as string);
        expect(info.email).toBe(email);
        expect(b.problems).toEqual([]);
      });

      test("Connected apps: the application listed, then disconnected", async () => {
        const { page } = b;
        await page.goto(`${server.url}/apps`);
        await page.getByRole("heading", { name: "Notes" }).waitFor();
        await page.getByText("See your username").waitFor();
        await b.shot("oidc-connected-apps");
        await accessible("Connected apps");
        await page.getByRole("button", { name: "Disconnect…" }).click();
        await page.getByRole("button", { name: "Disconnect", exact: true }).click();
        await page.getByRole("main").getByText("Disconnected: the app can no longer use your account").waitFor();
        await page.getByText("No application is connected to your account.").waitFor();
        await accessible("Connected apps, none left");
        expect(b.problems).toEqual([]);
      });
    });
  }

  for (const [viewport, theme] of [
    ["desktop", "dark"],
    ["mobile", "light"],
  ] as Array<[ViewportName, ThemeName]>) {
    test(`the admin's Applications page in Chromium, ${viewport}, ${theme}: register (the secret once), change, a new secret, delete`, async () => {
      const b = await openBrowser(viewport, theme);
      try {
        const { page } = b;
        const accessible = async (state: string) => {
          expect({ state, violations: await b.axe() }).toEqual({ state, violations: [] });
        };
        await page.goto(`${server.url}/signin`);
        await page.getByLabel("E-mail").fill(adminEmail);
        await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        await page.waitForURL(`${server.url}/`);
        await page.goto(`${server.url}/admin/clients`);
        await page.getByRole("heading", { name: "Register an application" }).waitFor();
        await accessible("the Applications page");
        const name = `Wiki ${viewport}`;
        // A mistake first: named at its field.
        await page.getByLabel("Name", { exact: true }).fill(name);
        await page.getByLabel("Redirect URIs", { exact: true }).fill("http://wiki.example.com/callback");
        await page.getByRole("button", { name: "Register" }).click();
        await page.getByText("must be https://").first().waitFor();
        await accessible("a registration refused");
        await page.getByLabel("Redirect URIs", { exact: true }).fill("https://wiki.example.com/callback");
        await page.getByRole("button", { name: "Register" }).click();
        const secretBox = page.getByLabel(`Client secret of ${name}`);
        await secretBox.waitFor();
        expect(await secretBox.inputValue()).toMatch(/^[\w-]{43}$/);
        await b.shot("oidc-admin-registered");
        await accessible("registered, the secret shown");
        const row = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name }) });
        await row.getByRole("button", { name: "Edit" }).click();
        await page.getByRole("heading", { name: `Change ${name}` }).waitFor();
        await page.getByLabel("Home page").fill("https://wiki.example.com");
        await page.getByRole("button", { name: "Save" }).click();
        await page.getByRole("main").getByText(`${name} saved.`).waitFor();
        await row.getByRole("button", { name: "New secret…" }).click();
        await row.getByRole("button", { name: "Make a new secret" }).click();
        await page.getByLabel(`Client secret of ${name}`).waitFor();
        await row.getByRole("button", { name: "Delete…" }).click();
        await accessible("a deletion asked");
        await row.getByRole("button", { name: "Delete", exact: true }).click();
        await page.getByRole("main").getByText("Client deleted").waitFor();
        // The list is read again after the answer: the row goes then.
        await row.waitFor({ state: "detached" });
        expect(await page.getByRole("heading", { name }).count()).toBe(0);
        expect(b.problems).toEqual([]);
      } finally {
        await b.close();
      }
    });
  }

  test("the device grant in Chromium: the code typed at /device, signed in, allowed; the device's poll gets its tokens", async () => {
    const b = await openBrowser("mobile", "light");
    try {
      const { page } = b;
      const accessible = async (state: string) => {
        expect({ state, violations: await b.axe() }).toEqual({ state, violations: [] });
      };
      const email = uniqueEmail("device");
      await call(server, "/api/users/signup", {
        method: "POST",
        body: { username: "device_user", email, password: PASSWORD },
      });
      const config = await client.discovery(new URL(server.url), device.client_id, undefined, client.None(), {
        execute: [client.allowInsecureRequests],
      });
      const started = await client.initiateDeviceAuthorization(config, { scope: "openid profile" });
      const poll = () =>
        fetch(`${server.url}/oidc/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            grant_type: "urn:ietf:params:oauth:grant-type:device_code",
            device_code: started.device_code,
            client_id: device.client_id,
          }),
        }).then((r) => r.json() as Promise<Record<string, string>>);

      await page.goto(started.verification_uri);
      await page.getByRole("heading", { name: "Connect a device" }).waitFor();
      await accessible("the device code page");
      await page.getByLabel("Code shown on your device").fill("BCDF-GHJK");
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByText("That code is not right.").waitFor();
      await accessible("a wrong code");
      await page.getByLabel("Code shown on your device").fill(started.user_code);
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByRole("heading", { name: "Connect Deploy CLI?" }).waitFor();
      await accessible("the device's confirmation");
      await page.getByRole("button", { name: "Continue" }).click();
      await page.waitForURL(/\/signin\?next=/);
      await page.getByLabel("E-mail").fill(email);
      await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await page.waitForURL(/\/consent\//);
      await page.getByRole("button", { name: "Allow" }).click();
      await page.getByRole("heading", { name: "Device connected" }).waitFor();
      await b.shot("oidc-device-done");
      await accessible("the device connected");
      // The device's first poll (its pending answers and pacing are tests/api/oidc-device's).
      const tokens = await poll();
      expect(tokens.error).toBeUndefined();
      expect(tokens.access_token).toBeString();
      expect(b.problems).toEqual([]);
    } finally {
      await b.close();
    }
  }, 60_000);
} else leftOut("browser/oidc-pages", NEEDS.chromium);
