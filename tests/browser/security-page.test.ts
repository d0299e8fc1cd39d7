/**
 * Scenario, in Debian's Chromium at desktop and phone sizes against the real server: a user sets up
 * an authenticator app on the Security page (QR code drawn in the page, the key beside it, a first
 * code, the recovery codes shown once), signs out, signs in with the password and then a code,
 * then with a recovery code; adds a passkey with the browser's virtual authenticator (the DevTools
 * protocol's WebAuthn domain), renames it, signs out and signs in with the passkey alone (once the
 * address is confirmed by the link the server mailed over SMTP); with a sign-in over 10 minutes old
 * the page asks for the password before adding one; and the reset page lists the passkeys, any of
 * which goes with the reset. axe-core checks each new page and state. Codes are computed here from
 * the key the page shows.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTokenService } from "../../src/session/tokens.ts";
import { totpCode } from "../../src/two-factor/codes.ts";
import { buildWeb } from "../../web/build.ts";
import { uniqueEmail } from "../helpers/backends.ts";
import {
  addVirtualAuthenticator,
  type BrowserSession,
  hasChromium,
  openBrowser,
  type ViewportName,
} from "../helpers/chromium.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { mailParts } from "../helpers/mail.ts";
import { call, type Server, startServer } from "../helpers/process.ts";
import { startSmtp, type TestSmtp } from "../helpers/smtp.ts";
import { eventually, freePort } from "../helpers/wait.ts";

const PASSWORD = "first passphrase 1";
/** The server's signing key, known here to make the token of a sign-in 11 minutes old. */
const JWT_SECRET_KEY = "security-page-test-jwt-secret-0123456789abcdef";

setDefaultTimeout(30_000);

if (hasChromium) {
  let server: Server;
  let smtp: TestSmtp;
  /** http://localhost:PORT: a passkey's RP ID must be a name, never an IP address. */
  let origin: string;
  beforeAll(async () => {
    await buildWeb();
    smtp = await startSmtp();
    const port = await freePort();
    origin = `http://localhost:${port}`;
    server = await startServer({
      DATA_DIR: await mkdtemp(join(tmpdir(), "datta-browser-2fa-")),
      PORT: String(port),
      PUBLIC_URL: origin,
      SMTP_URL: smtp.url,
      JWT_SECRET_KEY,
    });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await smtp?.stop();
  });
  /** The link of the newest message to `to` whose subject starts so, once one has arrived. */
  const mailedLink = async (to: string, subject: string) => {
    const matching = () => smtp.received.filter((m) => m.to.includes(to) && m.subject.startsWith(subject));
    await eventually(async () => matching().length > 0, 15_000);
    const link = /(http:\/\/\S+#token=[A-Za-z0-9_-]+)/.exec(mailParts(matching().at(-1)?.raw ?? "").text)?.[1];
    if (!link) throw new Error(`no link in "${subject}"`);
    return link;
  };

  for (const viewport of ["desktop", "mobile"] as ViewportName[]) {
    describe(`two-factor in Chromium, ${viewport}`, () => {
      let b: BrowserSession;
      const email = uniqueEmail(`2fa-${viewport}`);
      const url = (path: string) => origin + path;
      let secret = "";
      let recoveryCodes: string[] = [];
      let authenticator: Awaited<ReturnType<typeof addVirtualAuthenticator>>;

      async function accessible(state: string): Promise<void> {
        expect({ state, violations: await b.axe() }).toEqual({ state, violations: [] });
      }
      async function signOut(): Promise<void> {
        await b.page.getByRole("button", { name: "Account menu" }).click();
        await b.page.getByRole("menuitem", { name: "Sign out everywhere" }).click();
        await b.page.waitForURL(/\/signin/);
      }
      async function password(): Promise<void> {
        await b.page.getByLabel("E-mail").fill(email);
        await b.page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await b.page.getByRole("button", { name: "Sign in", exact: true }).click();
      }

      beforeAll(async () => {
        b = await openBrowser(viewport, "light");
      }, 30_000);
      afterAll(async () => {
        await b?.close();
      });

      test("set up the authenticator app: password, QR code and key, a first code, the recovery codes once", async () => {
        const { page } = b;
        await page.goto(url("/signup"));
        await page.getByLabel("Username").fill(`mfa_${viewport}`);
        await page.getByLabel("E-mail").fill(email);
        await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await page.getByLabel("Repeat password", { exact: true }).fill(PASSWORD);
        await page.getByRole("button", { name: "Create account" }).click();
        await page.waitForURL(url("/"));

        await page.goto(url("/security"));
        await page.getByRole("heading", { name: "Authenticator app" }).waitFor();
        await accessible("the Security page");
        await page.getByRole("button", { name: "Set up an authenticator app" }).click();
        await page.getByLabel("Password", { exact: true }).fill("not my password");
        await page.getByRole("button", { name: "Continue" }).click();
        await page.getByText("The password is wrong.").waitFor();
        await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await page.getByRole("button", { name: "Continue" }).click();

        await page.getByRole("img", { name: "QR code to scan with the authenticator app" }).waitFor();
        secret = ((await page.locator("code.secret").textContent()) ?? "").replace(/\s+/g, "");
        expect(secret).toMatch(/^[A-Z2-7]{32}$/);
        const code = page.getByLabel("Code", { exact: true });
        expect(await code.getAttribute("autocomplete")).toBe("one-time-code");
        expect(await code.getAttribute("inputmode")).toBe("numeric");
        await b.shot("totp-enrol");
        await accessible("enrolment: QR code, key, code field");
        await code.fill("000000");
        await page.getByRole("button", { name: "Confirm" }).click();
        await page.getByText(/That code is not right/).waitFor();
        await code.fill(totpCode(secret, Date.now()));
        await page.getByRole("button", { name: "Confirm" }).click();

        const list = page.getByRole("list", { name: "Recovery codes" });
        await list.waitFor();
        recoveryCodes = (await list.locator("code").allTextContents()).map((c) => c.trim());
        expect(recoveryCodes).toHaveLength(10);
        expect(await page.getByRole("button", { name: "Download" }).isVisible()).toBe(true);
        await b.shot("totp-codes");
        await accessible("recovery codes shown");
        await page.getByRole("button", { name: "I have saved them" }).click();
        await page.getByText("On", { exact: true }).waitFor();
      });

      test("sign in: the password, then the code from the app", async () => {
        const { page } = b;
        await signOut();
        await password();
        await page.getByRole("heading", { name: "Two-factor sign-in" }).waitFor();
        await b.shot("signin-code");
        await accessible("the code step");
        // The next step's code: the one confirmed at set-up may not be used twice.
        await page.getByLabel("Code", { exact: true }).fill(totpCode(secret, Date.now() + 30_000));
        await page.getByRole("button", { name: "Continue" }).click();
        await page.waitForURL(url("/"));
        await page.getByRole("heading", { name: /Welcome/ }).waitFor();
      });

      test("sign in with a recovery code instead; used once", async () => {
        const { page } = b;
        await signOut();
        await password();
        await page.getByRole("button", { name: "Use a recovery code instead" }).click();
        const field = page.getByLabel("Recovery code");
        await field.fill("wrong-code-here-xxxx");
        await page.getByRole("button", { name: "Continue" }).click();
        await page.getByText("That code is not right.").waitFor();
        await accessible("recovery code step, error shown");
        await field.fill(recoveryCodes[0] as string);
        await page.getByRole("button", { name: "Continue" }).click();
        await page.waitForURL(url("/"));
      });

      test("add a passkey, rename it, sign out, sign in with the passkey alone (once the address is confirmed)", async () => {
        const { page } = b;
        // A passkey signs in only on an account whose address somebody proved: the link mailed at sign-up.
        await page.goto(await mailedLink(email, "Confirm your e-mail address"));
        await page.getByRole("main").getByText("E-mail address confirmed.").waitFor();
        authenticator = await addVirtualAuthenticator(b);
        await page.goto(url("/security"));
        await page.getByText("No passkeys yet.").waitFor();
        await page.getByLabel("Name (optional)").fill("Test laptop");
        await page.getByRole("button", { name: "Add a passkey" }).click();
        await page.getByText("Passkey added.").waitFor();
        const passkeys = page.getByRole("list", { name: "Your passkeys" });
        await passkeys.locator("strong", { hasText: "Test laptop" }).waitFor();
        await b.shot("passkeys");
        await accessible("a passkey listed");

        await page.getByRole("button", { name: "Rename Test laptop" }).click();
        await page.getByLabel("Name", { exact: true }).fill("Work laptop");
        await page.getByRole("button", { name: "Save" }).click();
        await passkeys.locator("strong", { hasText: "Work laptop" }).waitFor();

        // Conditional UI: the sign-in page asks at once for a passkey to offer in the e-mail field;
        // a user picks it there, the virtual authenticator answers by itself: signed in, no password.
        await signOut();
        await page.waitForURL(url("/"));
        await page.getByRole("heading", { name: /Welcome/ }).waitFor();

        // The button, as in a browser without conditional UI (emulated for the pages loaded from now
        // on): the page asks for a passkey only when told to.
        await authenticator.setPresence(false); // the signed-out page's own request waits, unanswered
        await signOut();
        await page.addInitScript(() => {
          PublicKeyCredential.isConditionalMediationAvailable = async () => false;
        });
        // The authenticator answers again only once that page (and its pending request) is gone:
        // turned on before, it sometimes answered the old page's request, which signed in first.
        await page.goto(url("/signin"));
        await page.getByRole("button", { name: "Sign in with a passkey" }).waitFor();
        await authenticator.setPresence(true);
        await page.getByRole("button", { name: "Sign in with a passkey" }).click();
        await page.waitForURL(url("/"));
        await page.getByRole("heading", { name: /Welcome/ }).waitFor();
        await page.goto(url("/security"));
        await passkeys.getByText(/last used/).waitFor();
        expect(b.problems).toEqual([]);
      });

      test("a sign-in over 10 minutes old: adding a passkey asks for the password first", async () => {
        const { page, context } = b;
        // This session as it would be 11 minutes after signing in: a token the server signed then,
        // for the same session (its row exists), with auth_time 11 minutes ago.
        const cookies = await context.cookies();
        const cookie = (name: string) => cookies.find((c) => c.name === name)?.value ?? "";
        const jar = { header: () => `access_token_cookie=${cookie("access_token_cookie")}` };
        const sessions = await fetch(url("/api/users/sessions"), { headers: { cookie: jar.header() } }).then((r) =>
          r.json(),
        );
        const me = await fetch(url("/api/users/me"), { headers: { cookie: jar.header() } }).then((r) => r.json());
        const sid = sessions.sessions.find((s: { current: boolean }) => s.current).id as string;
        const earlier = createTokenService({
          secret: JWT_SECRET_KEY,
          ttlSeconds: 900,
          sessionMaxAgeSeconds: 12 * 3600,
          now: () => Math.floor(Date.now() / 1000) - 11 * 60 + 60,
        }).issue(me.user.public_id, sid);
        await context.addCookies([
          { name: "access_token_cookie", value: earlier.token, url: origin, httpOnly: true, sameSite: "Lax" },
          { name: "csrf_access_token", value: earlier.claims.csrf, url: origin, sameSite: "Lax" },
        ]);
        // A new device: the one that holds "Work laptop" is gone.
        await authenticator.clear();
        await page.goto(url("/security"));
        await page.getByLabel("Name (optional)").fill("Old session's key");
        await page.getByRole("button", { name: "Add a passkey" }).click();
        const password = page.getByLabel("Your password", { exact: true });
        await password.waitFor();
        await page.getByText("Enter your password to add a passkey.").waitFor();
        expect(await password.evaluate((input) => input === document.activeElement)).toBe(true);
        await accessible("adding a passkey asks for the password");
        await password.fill("not my password");
        await page.getByRole("button", { name: "Add a passkey" }).click();
        await page.getByText("The password is wrong.").waitFor();
        await password.fill(PASSWORD);
        await page.getByRole("button", { name: "Add a passkey" }).click();
        await page.getByText("Passkey added.").waitFor();
        await page
          .getByRole("list", { name: "Your passkeys" })
          .locator("strong", { hasText: "Old session's key" })
          .waitFor();
        expect(await page.getByLabel("Your password", { exact: true }).count()).toBe(0);
      });

      test("the reset page lists the passkeys: those the reset removes said so, any other may go with it", async () => {
        const { page } = b;
        // Still signed in (the session that added "Old session's key"): the reset ends it.
        await page.goto(url("/forgot-password"));
        await page.getByLabel("E-mail").fill(email);
        await page.getByRole("button", { name: "Send the link" }).click();
        await page.getByText(/a link to choose a new password is on its way/).waitFor();
        await page.goto(await mailedLink(email, "Reset your password"));
        const group = page.getByRole("group", { name: "Passkeys on this account" });
        await group.waitFor();
        // "Work laptop" was added by a session that has since ended; "Old session's key" by the one
        // still signed in, which the reset ends: it goes by itself.
        await group.getByText(/Old session's key.*will be removed/).waitFor();
        await b.shot("reset-passkeys");
        await accessible("the reset page with the account's passkeys");
        await group.getByLabel(/Remove Work laptop/).check();
        await page.getByLabel("New password", { exact: true }).fill("a newer passphrase 3");
        await page.getByLabel("Repeat password", { exact: true }).fill("a newer passphrase 3");
        await page.getByRole("button", { name: "Set the new password" }).click();
        await page.waitForURL(url("/signin"));
        // Signed in with the new password (and a recovery code: the app's codes of these minutes are used).
        const passkeysLeft = await call(server, "/api/users/token", {
          method: "POST",
          body: { email, password: "a newer passphrase 3", code: recoveryCodes[1] },
        }).then((r) => r.body);
        const list = await fetch(url("/api/users/passkeys"), {
          headers: { authorization: `Bearer ${passkeysLeft.access_token}` },
        }).then((r) => r.json());
        expect(list.passkeys).toEqual([]);
      });
    });
  }
} else leftOut("browser/security-page", NEEDS.chromium);
