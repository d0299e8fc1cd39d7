/**
 * The access rules (src/access/rules.ts, rules-file.ts): what matches (host globs, path globs and
 * regexes, methods, IPv4 and IPv6 networks, groups, users), the first match deciding, the default,
 * the answers for nobody and for someone; a bad file named by its line; a reload that keeps the rules
 * in force when the new file is bad.
 */
import { describe, expect, test } from "bun:test";
import { mkdtemp, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileRules, decide } from "../../src/access/rules.ts";
import { readRules, watchRules } from "../../src/access/rules-file.ts";
import { createLogger } from "../../src/http/log.ts";
import type { ForwardedRequest, Subject } from "../../src/kit.ts";
import { eventually } from "../helpers/wait.ts";

const ask = (over: Partial<ForwardedRequest> = {}): ForwardedRequest => ({
  host: "app.example.com",
  path: "/",
  method: "GET",
  ip: "203.0.113.7",
  ...over,
});
const ada: Subject = { email: "ada@example.com", groups: ["admins"], twoFactors: false };
const bob: Subject = { email: "bob@example.com", groups: [], twoFactors: true };

const answer = (rules: unknown, request: ForwardedRequest, subject: Subject | null = null) =>
  decide(compileRules(rules), request, subject).answer;

describe("matching", () => {
  test("host globs: exact, any case, * across labels; no match falls to the default", () => {
    const rules = { default_policy: "deny", rules: [{ hosts: ["*.example.com", "exact.test"], policy: "bypass" }] };
    expect(answer(rules, ask({ host: "app.example.com" }))).toBe("bypass");
    expect(answer(rules, ask({ host: "a.b.example.com" }))).toBe("bypass");
    expect(answer(rules, ask({ host: "exact.test" }))).toBe("bypass");
    expect(answer(rules, ask({ host: "example.com" }))).toBe("deny");
    expect(answer(rules, ask({ host: "evil-example.com" }))).toBe("deny");
    expect(answer(rules, ask({ host: "exact.test.evil" }))).toBe("deny");
  });

  test("path globs (* within a segment, ** across) against the path; ^regex against path and query", () => {
    const rules = {
      default_policy: "deny",
      rules: [
        { hosts: ["*"], paths: ["/public/*"], policy: "bypass" },
        { hosts: ["*"], paths: ["/docs/**"], policy: "signed_in" },
        { hosts: ["*"], paths: ["^/api/v[0-9]+/.*\\?debug=1$"], policy: "two_factor" },
      ],
    };
    expect(answer(rules, ask({ path: "/public/logo.png?v=3" }))).toBe("bypass");
    expect(answer(rules, ask({ path: "/public/a/b" }))).toBe("deny");
    expect(answer(rules, ask({ path: "/docs/a/b/c" }))).toBe("sign_in");
    expect(answer(rules, ask({ path: "/api/v2/x?debug=1" }), ada)).toBe("step_up");
    expect(answer(rules, ask({ path: "/api/v2/x" }), ada)).toBe("deny");
    // A dot is a dot, not any character.
    expect(
      answer(
        { rules: [{ hosts: ["*"], paths: ["/a.b"], policy: "bypass" }], default_policy: "deny" },
        ask({ path: "/aXb" }),
      ),
    ).toBe("deny");
  });

  test("methods and networks (IPv4, IPv6, an IPv4 seen through IPv6, a bare address)", () => {
    const rules = {
      default_policy: "deny",
      rules: [
        {
          hosts: ["*"],
          methods: ["get", "HEAD"],
          networks: ["10.0.0.0/8", "2001:db8::/32", "192.0.2.9"],
          policy: "bypass",
        },
      ],
    };
    expect(answer(rules, ask({ ip: "10.1.2.3" }))).toBe("bypass");
    expect(answer(rules, ask({ ip: "::ffff:10.1.2.3" }))).toBe("bypass");
    expect(answer(rules, ask({ ip: "2001:db8:abcd::1" }))).toBe("bypass");
    expect(answer(rules, ask({ ip: "192.0.2.9" }))).toBe("bypass");
    expect(answer(rules, ask({ ip: "192.0.2.10" }))).toBe("deny");
    expect(answer(rules, ask({ ip: "2001:db9::1" }))).toBe("deny");
    expect(answer(rules, ask({ ip: "11.0.0.1" }))).toBe("deny");
    expect(answer(rules, ask({ ip: null }))).toBe("deny");
    expect(answer(rules, ask({ ip: "10.1.2.3", method: "POST" }))).toBe("deny");
  });

  test("groups and users: nobody is asked to sign in; someone not named passes to the next rule", () => {
    const rules = {
      rules: [
        { hosts: ["*"], paths: ["/admin/**"], groups: ["admins"], policy: "signed_in" },
        { hosts: ["*"], paths: ["/admin/**"], users: ["BOB@example.com"], policy: "two_factor" },
        { hosts: ["*"], paths: ["/admin/**"], policy: "deny" },
      ],
    };
    expect(answer(rules, ask({ path: "/admin/x" }))).toBe("sign_in");
    expect(answer(rules, ask({ path: "/admin/x" }), ada)).toBe("allow");
    expect(answer(rules, ask({ path: "/admin/x" }), bob)).toBe("allow");
    expect(answer(rules, ask({ path: "/admin/x" }), { ...bob, twoFactors: false })).toBe("step_up");
    expect(answer(rules, ask({ path: "/admin/x" }), { ...bob, email: "eve@example.com" })).toBe("deny");
  });

  test("the first match decides; the default is signed_in; each policy for nobody and someone", () => {
    const first = {
      rules: [
        { hosts: ["*"], policy: "deny" },
        { hosts: ["*"], policy: "bypass" },
      ],
    };
    expect(decide(compileRules(first), ask(), ada)).toEqual({ answer: "deny", rule: 1 });
    expect(decide(compileRules({ rules: [] }), ask(), null)).toEqual({ answer: "sign_in", rule: null });
    expect(decide(compileRules({ rules: [] }), ask(), ada)).toEqual({ answer: "allow", rule: null });
    const only = (policy: string) => ({ rules: [{ hosts: ["*"], policy }] });
    expect([null, ada, bob].map((s) => answer(only("bypass"), ask(), s))).toEqual(["bypass", "bypass", "bypass"]);
    expect([null, ada, bob].map((s) => answer(only("deny"), ask(), s))).toEqual(["deny", "deny", "deny"]);
    expect([null, ada, bob].map((s) => answer(only("signed_in"), ask(), s))).toEqual(["sign_in", "allow", "allow"]);
    expect([null, ada, bob].map((s) => answer(only("two_factor"), ask(), s))).toEqual(["sign_in", "step_up", "allow"]);
  });

  test("one rule set asked about many hosts (the hosts it remembers, and past their bound) answers as a new one", () => {
    const document = {
      default_policy: "deny",
      rules: [
        { hosts: ["a.example.com"], paths: ["/admin/**"], policy: "deny" },
        { hosts: ["*.example.com"], policy: "two_factor" },
        { hosts: ["a.example.com", "b.test"], policy: "bypass" },
      ],
    };
    const kept = compileRules(document);
    const hosts = ["a.example.com", "b.test", "c.example.com", "example.com"];
    // More hosts than the set remembers, then the first ones again.
    for (let i = 0; i < 1100; i++) hosts.push(`h${i}.example.com`);
    for (const host of [...hosts, ...hosts.slice(0, 4)]) {
      for (const path of ["/", "/admin/x"]) {
        const request = ask({ host, path });
        expect(decide(kept, request, bob)).toEqual(decide(compileRules(document), request, bob));
      }
    }
    expect(decide(kept, ask({ host: "b.test" }), null)).toEqual({ answer: "bypass", rule: 3 });
    expect(decide(kept, ask({ host: "a.example.com", path: "/admin/x" }), bob)).toEqual({ answer: "deny", rule: 1 });
    expect(decide(kept, ask({ host: "a.example.com" }), ada)).toEqual({ answer: "step_up", rule: 2 });
    expect(decide(kept, ask({ host: "example.com" }), ada)).toEqual({ answer: "deny", rule: null });
  });
});

describe("the file", () => {
  const file = async (name: string, text: string) => {
    const dir = await mkdtemp(join(tmpdir(), "datta-rules-"));
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };
  const refusal = (path: string) => {
    try {
      readRules(path);
      return "read";
    } catch (error) {
      return (error as Error).message;
    }
  };

  test("a bad file is named by its line: YAML and JSON syntax, a rule that is not right", async () => {
    const yaml =
      "rules:\n  - hosts: [app.example.com]\n    policy: bypass\n  - hosts: [b.example.com\n    policy: deny\n";
    expect(refusal(await file("a.yaml", yaml))).toMatch(/a\.yaml line [45]: not valid YAML/);
    const json = '{"rules": [\n  {"hosts": ["a"], "policy": "bypass"},\n  {"hosts": ["b"] "policy": "deny"}\n]}';
    expect(refusal(await file("b.json", json))).toMatch(/b\.json line 3: not valid JSON/);
    const badRule =
      "default_policy: signed_in\nrules:\n  - hosts: [a]\n    policy: bypass\n\n  - hosts: [b]\n    policy: allow_all\n";
    expect(refusal(await file("c.yaml", badRule))).toContain(
      "c.yaml line 6 (rule 2): policy must be one of bypass, signed_in, two_factor, deny",
    );
    const badJsonRule =
      '{"rules": [\n {"hosts": ["a"], "policy": "bypass"},\n {"hosts": ["b"],\n  "networks": ["10.0.0.0/33"], "policy": "deny"}\n]}';
    expect(refusal(await file("d.json", badJsonRule))).toContain(
      'd.json line 3 (rule 2): networks: "10.0.0.0/33" is not an address or a CIDR',
    );
    expect(refusal(await file("e.yaml", "rules:\n  - policy: deny\n"))).toContain("line 2 (rule 1): needs hosts");
    expect(refusal(await file("f.yaml", "rules:\n  - hosts: [a]\n    paths: ['^(']\n    policy: deny\n"))).toContain(
      "is not a valid regular expression",
    );
    expect(refusal(await file("g.yaml", "default_policy: maybe\nrules: []\n"))).toContain(
      "default_policy must be one of",
    );
    expect(refusal(join(tmpdir(), "no-such-rules.yaml"))).toContain("cannot read");
  });

  test("a reload: the new rules in force; a bad file keeps the old ones and says why", async () => {
    const path = await file("rules.yaml", "rules:\n  - hosts: ['*']\n    policy: bypass\n");
    const lines: string[] = [];
    const watched = watchRules(
      path,
      createLogger((line) => lines.push(line)),
      { watch: false },
    );
    expect(decide(watched.current(), ask(), null).answer).toBe("bypass");
    await writeFile(path, "rules:\n  - hosts: ['*']\n    policy: deny\n");
    expect(watched.reload()).toBe(true);
    expect(decide(watched.current(), ask(), null).answer).toBe("deny");
    await writeFile(path, "rules:\n  - hosts: ['*']\n    policy: nope\n");
    expect(watched.reload()).toBe(false);
    expect(decide(watched.current(), ask(), null).answer).toBe("deny");
    expect(lines.join("\n")).toContain("access rules not reloaded");
    expect(lines.join("\n")).toContain("line 2 (rule 1)");
    watched.stop();
  });

  test("watched: a file written again (or replaced by a rename, as editors do) is read by itself", async () => {
    const path = await file("watched.yaml", "rules:\n  - hosts: ['*']\n    policy: bypass\n");
    const watched = watchRules(
      path,
      createLogger(() => {}),
    );
    try {
      await writeFile(path, "rules:\n  - hosts: ['*']\n    policy: deny\n");
      await eventually(async () => decide(watched.current(), ask(), null).answer === "deny", 5000);
      await writeFile(`${path}.new`, "rules:\n  - hosts: ['*']\n    policy: two_factor\n");
      await rename(`${path}.new`, path);
      await eventually(async () => decide(watched.current(), ask(), ada).answer === "step_up", 5000);
    } finally {
      watched.stop();
    }
  });
});
