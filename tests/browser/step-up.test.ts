/**
 * Scenario: in Debian's Chromium, desktop dark and phone light, against the real server with an
 * ACCESS_RULES file whose /vault/ paths want two factors. A session signed in by the password alone,
 * for an account that sets up its authenticator app in it, is told by forward auth to step up (401,
 * X-Auth-Step-Up: 1); the step-up page asks for the code, and back on the page it came from; forward
 * auth then lets the same session through. Then a passkey (Chromium's virtual authenticator) does the
 * same for another account's password session: the same session, method password+passkey. axe-core
 * checks the page.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { totpCode } from "../../src/two-factor/codes.ts";
import { buildWeb } from "../../web/build.ts";
import { uniqueEmail } from "../helpers/backends.ts";
import {
  addVirtualAuthenticator,
  type BrowserSession,
  hasChromium,
  openBrowser,
  signInWithPassword,
  type ThemeName,
  type ViewportName,
} from "../helpers/chromium.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { call, type Server, startServer } from "../helpers/process.ts";
import { freePort } from "../helpers/wait.ts";

setDefaultTimeout(60_000);

const PASSWORD = "step up passphrase 3";
const RULES = "rules:\n  - hosts: ['*']\n    paths: ['/vault/**']\n    policy: two_factor\n";

if (hasChromium) {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    await buildWeb();
    const dataDir = await mkdtemp(join(tmpdir(), "datta-browser-step-up-"));
    const rules = join(dataDir, "rules.yaml");
    await writeFile(rules, RULES);
    // http://localhost:PORT: a passkey's RP ID must be a name, never an IP address.
    const port = await freePort();
    origin = `http://localhost:${port}`;
    server = await startServer({ DATA_DIR: dataDir, ACCESS_RULES: rules, PORT: String(port), PUBLIC_URL: origin });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  for (const [viewport, theme] of [
    ["desktop", "dark"],
    ["mobile", "light"],
  ] as Array<[ViewportName, ThemeName]>) {
    describe(`the step-up page, in Chromium, ${viewport}, ${theme}`, () => {
      let b: BrowserSession;
      beforeAll(async () => {
        b = await openBrowser(viewport, theme);
      });
      afterAll(async () => {
        await b?.close();
      });

      test("a one-factor session steps up with the app's code and goes back; forward auth then passes it", async () => {
        const { page } = b;
        const email = uniqueEmail(`step-up-${viewport}`);
        const made = await call(server, "/api/users/signup", {
          method: "POST",
          body: { username: `step_${viewport}`, email, password: PASSWORD },
        });
        expect(made.status).toBe(201);
        await page.goto(`${origin}/signin`);
        await page.getByLabel("E-mail").fill(email);
        await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await page.getByRole("button", { name: "Sign in", exact: true }).click();
        await page.waitForURL(`${origin}/`);

        // The app set up in this session (which stays a one-factor session).
        await page.goto(`${origin}/security`);
        await page.getByRole("button", { name: "Set up an authenticator app" }).click();
        await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await page.getByRole("button", { name: "Continue" }).click();
        const secret = ((await page.locator("code.secret").textContent()) ?? "").replace(/\s+/g, "");
        await page.getByLabel("Code", { exact: true }).fill(totpCode(secret, Date.now()));
        await page.getByRole("button", { name: "Confirm" }).click();
        await page.getByRole("button", { name: "I have saved them" }).click();

        const verify = () =>
          page.evaluate(async () => {
            const res = await fetch("/api/auth/verify", { headers: { "x-forwarded-uri": "/vault/keys" } });
            return { status: res.status, stepUp: res.headers.get("x-auth-step-up") };
          });
        expect(await verify()).toEqual({ status: 401, stepUp: "1" });

        await page.goto(`${origin}/step-up?next=${encodeURIComponent("/profile")}`);
        await page.getByRole("heading", { name: "A second factor for this page" }).waitFor();
        expect(await b.axe()).toEqual([]);
        await b.shot("step-up");
        await page.getByLabel("Code", { exact: true }).fill(totpCode(secret, Date.now() + 30_000));
        await page.getByRole("button", { name: "Confirm" }).click();
        await page.waitForURL(`${origin}/profile`);
        expect(await verify()).toEqual({ status: 200, stepUp: null });
        expect(b.problems).toEqual([]);
      });

      test("a passkey steps the same session up, and forward auth then passes it", async () => {
        const { page } = b;
        const email = uniqueEmail(`step-up-passkey-${viewport}`);
        const made = await call(server, "/api/users/signup", {
          method: "POST",
          body: { username: `stepkey_${viewport}`, email, password: PASSWORD },
        });
        expect(made.status).toBe(201);
        await page.context().clearCookies();
        await signInWithPassword(page, origin, email, PASSWORD);
        await addVirtualAuthenticator(b);
        await page.goto(`${origin}/security`);
        await page.getByRole("button", { name: "Add a passkey" }).click();
        await page.getByText("Passkey added.").waitFor();
        const verify = () =>
          page.evaluate(async () => {
            const res = await fetch("/api/auth/verify", { headers: { "x-forwarded-uri": "/vault/keys" } });
            const sessions = await (await fetch("/api/users/sessions")).json();
            const current = sessions.sessions.find((s: { current: boolean }) => s.current);
            return { status: res.status, session: current.id as string, method: current.method as string };
          });
        const before = await verify();
        expect([before.status, before.method]).toEqual([401, "password"]);

        await page.goto(`${origin}/step-up?next=${encodeURIComponent("/profile")}`);
        await page.getByRole("button", { name: "Use a passkey" }).click();
        await page.waitForURL(`${origin}/profile`);
        expect(await verify()).toEqual({ status: 200, session: before.session, method: "password+passkey" });
        expect(b.problems).toEqual([]);
      });
    });
  }
} else leftOut("browser/step-up", NEEDS.chromium);
