/**
 * `datta-dashboard groups list|add|remove|members` against the server's own database (the embedded
 * one, in its DATA_DIR): JSON on stdout, mistakes said on stderr with exit 2 (1 for what is not
 * there); each change audited as the command line's, which an admin then reads in the audit log.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { uniqueEmail } from "../helpers/backends.ts";
import { CookieJar } from "../helpers/cookie-jar.ts";
import { call, runMain, type Server, startServer } from "../helpers/process.ts";
import { SLOW_MACHINE_MS } from "../helpers/wait.ts";

setDefaultTimeout(SLOW_MACHINE_MS);

const PASSWORD = "groups command passphrase";
const running: Server[] = [];
afterAll(async () => {
  await Promise.all(running.map((server) => server.stop("SIGKILL")));
});

describe("groups from the command line", () => {
  test("add (the group made when new), members, list, remove; mistakes named", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "datta-groups-"));
    const [ada, bob] = [uniqueEmail("grp-ada"), uniqueEmail("grp-bob")];
    const server = await startServer({ DATA_DIR: dataDir });
    running.push(server);
    for (const email of [ada, bob]) {
      const made = await call(server, "/api/users/signup", {
        method: "POST",
        body: { username: "grp_user", email, password: PASSWORD },
      });
      expect(made.status).toBe(201);
    }
    expect(await server.stop()).toBe(0);
    const run = (args: string[]) => runMain({ DATA_DIR: dataDir }, ["groups", ...args]);

    const added = await run(["add", "ops", ada.toUpperCase()]);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toEqual({
      group: "ops",
      added: ada.toLowerCase(),
      group_created: true,
      already: false,
    });
    expect(JSON.parse((await run(["add", "ops", bob])).stdout)).toMatchObject({ group_created: false });
    const members = JSON.parse((await run(["members", "ops"])).stdout);
    expect(members).toMatchObject({ name: "ops", member_count: 2 });
    expect(members.members.map((m: { email: string }) => m.email).sort()).toEqual(
      [ada, bob].map((e) => e.toLowerCase()).sort(),
    );
    expect(JSON.parse((await run(["list"])).stdout)).toEqual({ groups: [{ name: "ops", member_count: 2 }] });
    expect(JSON.parse((await run(["remove", "ops", bob])).stdout)).toEqual({
      group: "ops",
      removed: bob.toLowerCase(),
    });

    // Mistakes: nothing on stdout.
    expect(await run(["add", "Ops!", ada])).toMatchObject({ code: 2, stdout: "" });
    expect(await run(["add", "ops", "nobody@example.com"])).toMatchObject({ code: 1, stdout: "" });
    expect(await run(["remove", "ops", bob])).toMatchObject({ code: 1, stdout: "" });
    expect(await run(["members", "nope"])).toMatchObject({ code: 1, stdout: "" });
    expect(await run(["spin"])).toMatchObject({ code: 2, stdout: "" });
    expect((await run(["add", "ops"])).stderr).toContain("usage: datta-dashboard groups");

    // The changes are the command line's in the audit log.
    expect((await runMain({ DATA_DIR: dataDir }, ["admin", "grant", ada])).code).toBe(0);
    const again = await startServer({ DATA_DIR: dataDir });
    running.push(again);
    const jar = new CookieJar();
    await call(again, "/api/users/login", { method: "POST", body: { email: ada, password: PASSWORD }, jar });
    const audit = await call(again, "/api/admin/audit?limit=50", { jar });
    const mine = audit.body.entries.filter((e: { action: string }) => e.action.startsWith("group_"));
    expect(mine.map((e: { action: string }) => e.action).sort()).toEqual(
      ["group_created", "group_member_added", "group_member_added", "group_member_removed"].sort(),
    );
    expect(mine.every((e: { actor: { email: string } }) => e.actor.email === "command line")).toBe(true);
  }, 90_000);
});
