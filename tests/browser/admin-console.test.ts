/**
 * Scenario, in Debian's Chromium at desktop and phone sizes against the real server: a user who
 * opens an admin address sees the 404 page and the browser never asks the admin API; the admin
 * (from ADMIN_EMAILS, once the address is confirmed) searches as they type, turns the order by sign-up date, opens a user, locks the account (confirmed by name,
 * with a reason), sees the lock hold, unlocks it, and reads both actions in the audit log.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildWeb } from "../../web/build.ts";
import { uniqueEmail } from "../helpers/backends.ts";
import { type BrowserSession, hasChromium, openBrowser, type ViewportName } from "../helpers/chromium.ts";
import { leftOut, NEEDS } from "../helpers/left-out.ts";
import { call, linkFromOutbox, type Server, startServer } from "../helpers/process.ts";

const PASSWORD = "admin passphrase 1";
setDefaultTimeout(30_000);

if (hasChromium) {
  let server: Server;
  const adminEmail = uniqueEmail("console-admin");
  beforeAll(async () => {
    await buildWeb();
    const dataDir = await mkdtemp(join(tmpdir(), "datta-browser-admin-"));
    server = await startServer({ DATA_DIR: dataDir, ADMIN_EMAILS: adminEmail });
    const made = await call(server, "/api/users/signup", {
      method: "POST",
      body: { username: "console_admin", email: adminEmail, password: PASSWORD },
    });
    expect(made.status).toBe(201);
    // The role comes with the address once it is confirmed: the link the server mailed (an .eml file).
    const token = await linkFromOutbox(dataDir, adminEmail, "verify-email");
    const confirmed = await call(server, "/api/users/email/verify", { method: "POST", body: { token } });
    expect(confirmed.body.user.role).toBe("admin");
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  for (const viewport of ["desktop", "mobile"] as ViewportName[]) {
    describe(`the admin console in Chromium, ${viewport}`, () => {
      let b: BrowserSession;
      const url = (path: string) => server.url + path;
      const tag = `c${viewport.slice(0, 3)}${crypto.randomUUID().slice(0, 5)}`;
      const target = { username: `${tag}_target`, email: uniqueEmail(tag) };
      const plain = { username: `${tag}_plain`, email: uniqueEmail(`${tag}p`) };

      async function accessible(state: string): Promise<void> {
        expect({ state, violations: await b.axe() }).toEqual({ state, violations: [] });
      }
      async function signIn(email: string): Promise<void> {
        await b.page.goto(url("/signin"));
        await b.page.getByLabel("E-mail").fill(email);
        await b.page.getByLabel("Password", { exact: true }).fill(PASSWORD);
        await b.page.getByRole("button", { name: "Sign in", exact: true }).click();
        await b.page.waitForURL(url("/"));
      }
      const loginStatus = async (email: string) =>
        (await call(server, "/api/users/login", { method: "POST", body: { email, password: PASSWORD } })).status;

      beforeAll(async () => {
        b = await openBrowser(viewport, "light");
        for (const user of [target, plain]) {
          await call(server, "/api/users/signup", { method: "POST", body: { ...user, password: PASSWORD } });
        }
      }, 30_000);
      afterAll(async () => {
        await b?.close();
      });

      test("a user who opens an admin address sees the 404 page; the admin API is never asked", async () => {
        const asked: string[] = [];
        b.page.on("request", (request) => {
          if (new URL(request.url()).pathname.startsWith("/api/admin")) asked.push(request.url());
        });
        await signIn(plain.email);
        expect(await b.page.getByRole("link", { name: "Admin" }).count()).toBe(0);
        for (const path of ["/admin", "/admin/audit", `/admin/users/${crypto.randomUUID()}`]) {
          await b.page.goto(url(path));
          await b.page.getByText("This page does not exist").waitFor();
        }
        expect(asked).toEqual([]);
        await b.page.goto(url("/"));
        await b.page.getByRole("button", { name: "Account menu" }).click();
        await b.page.getByRole("menuitem", { name: "Sign out everywhere" }).click();
        await b.page.waitForURL(/\/signin/);
      });

      test("search as you type, open the user, lock with a reason (confirmed by name), unlock; the audit log", async () => {
        const { page } = b;
        await signIn(adminEmail);
        if (viewport === "mobile") await page.getByRole("button", { name: "Open navigation" }).click();
        await page.getByRole("link", { name: "Admin" }).click();
        await page.waitForURL(url("/admin"));
        await page.getByRole("table").waitFor();
        await b.shot("admin-users");
        await accessible("the users table");

        await page.getByLabel("Search").fill(tag.toUpperCase());
        const link = page.getByRole("link", { name: target.username });
        await link.waitFor();
        await page.getByRole("link", { name: plain.username }).waitFor();
        // The search's answer has replaced the whole list (the admin does not match it).
        await page.getByRole("link", { name: "console_admin" }).waitFor({ state: "detached" });
        // Newest sign-ups first; the order is turned from the toolbar, and the column says it (aria-sort).
        const names = () => page.getByRole("row").getByRole("link").allTextContents();
        expect(await names()).toEqual([plain.username, target.username]);
        const signedUp = page.getByRole("columnheader", { name: "Signed up", includeHidden: true });
        expect(await signedUp.getAttribute("aria-sort")).toBe("descending");
        await page.getByLabel("Order").selectOption("oldest");
        await page.getByText("Sorted by sign-up date, oldest first.", { exact: false }).waitFor({ state: "attached" });
        expect(await signedUp.getAttribute("aria-sort")).toBe("ascending");
        expect(await names()).toEqual([target.username, plain.username]);
        await accessible("the users table, oldest first");
        await page.getByLabel("Search").fill(`${tag}_t`);
        await page.getByRole("link", { name: plain.username }).waitFor({ state: "detached" });
        await link.click();
        await page.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/);
        await page.getByRole("heading", { name: target.username }).waitFor();

        await page.getByRole("button", { name: "Lock", exact: true }).click();
        await page.getByText(`Lock “${target.username}” (${target.email})?`).waitFor();
        await page.getByLabel("Reason (kept in the audit log)").fill(`spam from ${tag}`);
        await b.shot("admin-lock-confirm");
        await accessible("the lock confirmation");
        await page.getByRole("group").getByRole("button", { name: "Lock", exact: true }).click();
        await page.getByText("Account locked; every session of it has ended.").waitFor();
        await page.getByText("Locked", { exact: true }).waitFor();
        // The right password of a locked account is told so (403).
        expect(await loginStatus(target.email)).toBe(403);
        await accessible("a locked user's page");

        await page.getByRole("button", { name: "Unlock", exact: true }).click();
        await page.getByRole("group").getByRole("button", { name: "Unlock", exact: true }).click();
        await page.getByText("Account unlocked.").waitFor();
        expect(await loginStatus(target.email)).toBe(200);

        await page.goto(url("/admin/audit"));
        const rows = page.getByRole("row");
        await page.getByText(`spam from ${tag}`).waitFor();
        expect(await rows.filter({ hasText: target.email }).count()).toBeGreaterThanOrEqual(2);
        await accessible("the audit log");
        expect(b.problems).toEqual([]);
      });
    });
  }
} else leftOut("browser/admin-console", NEEDS.chromium);
