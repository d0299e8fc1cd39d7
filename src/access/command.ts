/**
 * `datta-dashboard groups list|add|remove|members` (`bun run groups …` from source): groups from the
 * command line, against the server's own database, each change audited as the command line's; and
 * `datta-dashboard rules check …`, the console's "Who can reach this?" for the file in ACCESS_RULES.
 */
import { parseArgs } from "node:util";
import { type CommandResult, NOBODY } from "../platform/command.ts";
import type { Sql } from "../platform/db/sql.ts";
import { createUserRepository } from "../users/repository.ts";
import { explain } from "./explain.ts";
import { ACCESS_MESSAGES as MESSAGES } from "./messages.ts";
import { GROUP_NAME } from "./model.ts";
import { createGroupRepository } from "./repository.ts";
import { compileRules, type Rules } from "./rules.ts";
import { RulesFileError, readRules } from "./rules-file.ts";
import { checkedRequest } from "./rules-source.ts";

export const GROUPS_USAGE = `usage: datta-dashboard groups list
       datta-dashboard groups add GROUP EMAIL      (the group is made when it is new)
       datta-dashboard groups remove GROUP EMAIL
       datta-dashboard groups members GROUP`;

export async function groupsCommand(sql: Sql, args: string[]): Promise<CommandResult> {
  const groups = createGroupRepository(sql);
  const [verb, name, email, ...extra] = args;
  if (verb === "list" && name === undefined) {
    const all = await groups.list();
    return { code: 0, out: { groups: all.map((g) => ({ name: g.name, member_count: g.member_count })) } };
  }
  if (!name || extra.length > 0) return { code: 2, error: GROUPS_USAGE };
  if (!GROUP_NAME.test(name)) return { code: 2, error: `GROUP: ${MESSAGES.groupName}` };
  if (verb === "members" && email === undefined) {
    const group = await groups.find(name);
    return group ? { code: 0, out: group } : { code: 1, error: MESSAGES.groupNotFound };
  }
  if ((verb !== "add" && verb !== "remove") || !email) return { code: 2, error: GROUPS_USAGE };
  const user = await createUserRepository(sql).findByEmail(email.trim());
  if (!user) return { code: 1, error: `No account uses ${email.trim()}.` };
  const member = { id: user.id, stable_id: user.stable_id, email: user.email };
  if (verb === "add") {
    const made = (await groups.create("command line", name, NOBODY)) === "created";
    const outcome = await groups.addMember("command line", name, member, NOBODY);
    if (outcome === "no_group") return { code: 1, error: MESSAGES.groupNotFound };
    return { code: 0, out: { group: name, added: user.email, group_created: made, already: outcome === "already" } };
  }
  const outcome = await groups.removeMember("command line", name, member, NOBODY);
  if (outcome === "no_group") return { code: 1, error: MESSAGES.groupNotFound };
  if (outcome === "not_member") return { code: 1, error: MESSAGES.notMember };
  return { code: 0, out: { group: name, removed: user.email } };
}

export const RULES_USAGE =
  "usage: datta-dashboard rules check --host HOST [--path PATH] [--method METHOD] [--user EMAIL]   (the rules of ACCESS_RULES)";

/** `--host … --path …` as parsed by node's parseArgs (as `clients add` is); null for anything else. */
function checkFlags(args: string[]): Record<string, string | undefined> | null {
  try {
    const { values } = parseArgs({
      args,
      options: {
        host: { type: "string" },
        path: { type: "string" },
        method: { type: "string" },
        user: { type: "string" },
      },
      strict: true,
    });
    return values;
  } catch {
    return null;
  }
}

/** `rules check …`: what forward auth answers for a request, by which rule and why (the console's form). */
export async function rulesCommand(sql: Sql, args: string[]): Promise<CommandResult> {
  const asked = args[0] === "check" ? checkFlags(args.slice(1)) : null;
  if (!asked) return { code: 2, error: RULES_USAGE };
  const question = checkedRequest(asked);
  if ("errors" in question)
    return { code: 2, error: question.errors.map((e) => `--${e.field}: ${e.message}`).join("\n") };
  const file = process.env.ACCESS_RULES?.trim() || null;
  let rules: Rules;
  try {
    rules = file ? readRules(file) : compileRules({ rules: [] });
  } catch (error) {
    if (error instanceof RulesFileError) return { code: 1, error: error.message };
    throw error;
  }
  const email = asked.user?.trim();
  const user = email ? await createUserRepository(sql).findByEmail(email) : null;
  if (email && !user) return { code: 1, error: `No account uses ${email}.` };
  const person = user ? { email: user.email, groups: user.groups } : null;
  const { host, path, method } = question.request;
  return {
    code: 0,
    out: { file, host, path, method, user: user?.email ?? null, ...explain(rules, question.request, person) },
  };
}
