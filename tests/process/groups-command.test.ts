/**
 * `datta-dashboard groups list|add|remove|members` against the server's own database (the embedded
 * one, in its DATA_DIR): JSON on stdout, mistakes said on stderr with exit 2 (1 for what is not
 * there); each change audited as the command line's, which an admin then reads in the audit log.
 */
import { afterAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdtemp, writeFile } from "node:fs/promises";
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

describe("groups and rules from the command line", () => {
  let dataDir = "";
  const [ada, bob] = [uniqueEmail("grp-ada"), uniqueEmail("grp-bob")];
  test("add (the group made when new), members, list, remove; mistakes named", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "datta-groups-"));
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
    expect(await again.stop()).toBe(0);
  }, 90_000);

  test("rules check: the rule that decides for a request, for a member of a group and for nobody", async () => {
    const rulesFile = join(dataDir, "rules.yaml");
    await writeFile(
      rulesFile,
      `rules:\n  - hosts: [app.example.com]\n    paths: ["/ops/**"]\n    groups: [ops]\n    policy: two_factor\n  - hosts: [app.example.com]\n    paths: ["/ops/**"]\n    policy: deny\n`,
    );
    const check = (args: string[], file = rulesFile) =>
      runMain({ DATA_DIR: dataDir, ACCESS_RULES: file }, ["rules", "check", ...args]);
    const member = await check(["--host", "app.example.com", "--path", "/ops/x", "--user", ada]);
    expect(member.code).toBe(0);
    expect(JSON.parse(member.stdout)).toMatchObject({
      file: rulesFile,
      host: "app.example.com",
      path: "/ops/x",
      method: "GET",
      user: ada.toLowerCase(),
      answer: "step_up",
      rule: 1,
      policy: "two_factor",
    });
    // bob left ops: the next rule refuses him; nobody is asked to sign in first.
    const other = JSON.parse((await check(["--host", "app.example.com", "--path", "/ops/x", "--user", bob])).stdout);
    expect([other.answer, other.rule]).toEqual(["deny", 2]);
    const nobody = JSON.parse(
      (await check(["--host", "app.example.com", "--path", "/ops/x", "--method", "post"])).stdout,
    );
    expect([nobody.answer, nobody.rule, nobody.method]).toEqual(["sign_in", 1, "POST"]);
    const fallback = JSON.parse((await check(["--host", "elsewhere.test"])).stdout);
    expect([fallback.answer, fallback.rule, fallback.policy]).toEqual(["sign_in", null, "signed_in"]);

    // Mistakes: said on stderr, nothing on stdout.
    expect(await check(["--host", "app.example.com", "--user", "nobody@example.com"])).toMatchObject({
      code: 1,
      stdout: "",
    });
    expect(await check(["--path", "/x"])).toMatchObject({ code: 2, stdout: "" });
    expect(await check(["--host", "a.test", "--colour", "red"])).toMatchObject({ code: 2, stdout: "" });
    await writeFile(join(dataDir, "bad.yaml"), "rules:\n  - hosts: [a.test]\n    policy: maybe\n");
    const bad = await check(["--host", "a.test"], join(dataDir, "bad.yaml"));
    expect(bad).toMatchObject({ code: 1, stdout: "" });
    expect(bad.stderr).toContain("line 2 (rule 1): policy must be one of bypass, signed_in, two_factor, deny");
  }, 90_000);
});
