/**
 * Scenario, in Debian's Chromium (desktop dark, phone light) against the real server with an
 * ACCESS_RULES file: an admin makes a group on the Groups page, adds a member by e-mail, asks "Who
 * can reach this?" for that member (the rule naming the group decides: a second factor first), renames
 * the group (now the rules match nobody by it: the next rule refuses), sees the group on the member's
 * admin page and takes them out there, then deletes the group (asked first). Every state: axe clean.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp, writeFile } from "node:fs/promises";
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
import { call, confirmedAdmin, type Server, startServer } from "../helpers/process.ts";

setDefaultTimeout(60_000);

const PASSWORD = "access console passphrase 4";
const RULES = `rules:
  - hosts: [app.example.com]
    paths: ["/public/**"]
    policy: bypass
  - hosts: [app.example.com]
    paths: ["/ops/**"]
    groups: [team-desktop, team-mobile]
    policy: two_factor
  - hosts: [app.example.com]
    paths: ["/ops/**"]
    policy: deny
`;

if (hasChromium) {
  let server: Server;
  const adminEmail = uniqueEmail("access-admin");
  beforeAll(async () => {
    await buildWeb();
    const dataDir = await mkdtemp(join(tmpdir(), "datta-browser-access-"));
    const rules = join(dataDir, "rules.yaml");
    await writeFile(rules, RULES);
    server = await startServer({ DATA_DIR: dataDir, ACCESS_RULES: rules, ADMIN_EMAILS: adminEmail });
    await confirmedAdmin(server, dataDir, adminEmail, PASSWORD);
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  for (const [viewport, theme] of [
    ["desktop", "dark"],
    ["mobile", "light"],
  ] as Array<[ViewportName, ThemeName]>) {
    describe(`groups and access rules in the console, in Chromium, ${viewport}, ${theme}`, () => {
      let b: BrowserSession;
      const member = uniqueEmail(`member-${viewport}`);
      const team = `team-${viewport}`;
      const crew = `crew-${viewport}`;
      beforeAll(async () => {
        b = await openBrowser(viewport, theme);
        const made = await call(server, "/api/users/signup", {
          method: "POST",
          body: { username: `member_${viewport}`, email: member, password: PASSWORD },
        });
        expect(made.status).toBe(201);
        await signInWithPassword(b.page, server.url, adminEmail, PASSWORD);
      }, 30_000);
      afterAll(async () => {
        await b?.close();
      });
      const accessible = async (state: string) =>
        expect({ state, violations: await b.axe() }).toEqual({ state, violations: [] });
      const check = async (path: string) => {
        const { page } = b;
        await page.getByLabel("Host", { exact: true }).fill("app.example.com");
        await page.getByLabel("Path", { exact: true }).fill(path);
        await page.getByLabel("User's e-mail").fill(member);
        await page.getByRole("button", { name: "Check" }).click();
        return page.locator(".access-answer").textContent();
      };

      test("a group made, a member added by e-mail, and the rule naming the group decides for them", async () => {
        const { page } = b;
        await page.goto(`${server.url}/admin/groups`);
        await page.getByRole("heading", { name: "Groups", level: 2 }).waitFor();
        // A name the rules cannot take: said at the field.
        await page.getByLabel("Name", { exact: true }).fill("Team!");
        await page.getByRole("button", { name: "Create group" }).click();
        await page.locator("#field-group-name[aria-invalid=true]").waitFor();
        await page.getByLabel("Name", { exact: true }).fill(team);
        await page.getByRole("button", { name: "Create group" }).click();
        await page.getByRole("heading", { name: team, level: 3 }).waitFor();
        await page.getByRole("button", { name: `Members of ${team}` }).click();
        await page.getByLabel(`Add to ${team} by e-mail`).fill(uniqueEmail("nobody"));
        await page.getByRole("button", { name: "Add", exact: true }).click();
        await page.getByText("No account uses that e-mail address.").waitFor();
        await page.getByLabel(`Add to ${team} by e-mail`).fill(member);
        await page.getByRole("button", { name: "Add", exact: true }).click();
        await page
          .getByRole("list", { name: `Members of ${team}` })
          .getByRole("button", { name: `Remove ${member} from ${team}` })
          .waitFor();
        await accessible("groups, members open");
        await b.shot("admin-groups");

        await page.goto(`${server.url}/admin/access`);
        await page.getByRole("table").getByText("group team-desktop, group team-mobile").waitFor();
        expect(await check("/ops/deploy")).toContain("Let through after a second factor. Rule 2 (two_factor) decides.");
        expect(await page.locator("tr[aria-current=true] th").textContent()).toBe("2");
        await accessible("access rules, answered");
        await b.shot("admin-access-rules");
      });

      test("renamed, the group no longer fits the rule; on the member's page; removed there; deleted", async () => {
        const { page } = b;
        await page.goto(`${server.url}/admin/groups`);
        await page.getByRole("button", { name: `Rename… ${team}` }).click();
        await page.getByLabel(`New name of ${team}`).fill(crew);
        await page.getByRole("button", { name: "Rename", exact: true }).click();
        await page.getByRole("heading", { name: crew, level: 3 }).waitFor();

        await page.goto(`${server.url}/admin/access`);
        expect(await check("/ops/deploy")).toContain("Refused (403). Rule 3 (deny) decides.");

        // The member's admin page (their name in the group's members links to it): their groups.
        await page.goto(`${server.url}/admin/groups`);
        await page.getByRole("button", { name: `Members of ${crew}` }).click();
        await page.getByRole("link", { name: `member_${viewport}` }).click();
        const groups = page.getByRole("list", { name: `Groups of member_${viewport}` });
        await groups.getByRole("link", { name: crew }).waitFor();
        await accessible("a user's groups");
        await page.getByRole("button", { name: `Remove from ${crew}` }).click();
        await page.getByText("In no group.").waitFor();
        await page.getByLabel("Add to a group").selectOption(crew);
        await page.getByRole("button", { name: "Add", exact: true }).click();
        await groups.getByRole("link", { name: crew }).waitFor();

        await page.goto(`${server.url}/admin/groups`);
        const row = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: crew }) });
        await row.getByRole("button", { name: "Delete…" }).click();
        await accessible("a delete asked");
        await row.getByRole("button", { name: "Delete", exact: true }).click();
        await page.locator("#main").getByText(`The group ${crew} is deleted.`).waitFor();
        // The list read again without it.
        await page.getByRole("heading", { name: crew, level: 3 }).waitFor({ state: "detached" });
        expect(b.problems).toEqual([]);
      });
    });
  }
} else leftOut("browser/groups-and-rules-console", NEEDS.chromium);
