/**
 * "Who can reach this?": the rules' answer for a host, a path, a method and a person (or nobody),
 * with the rule that gives it and why, in words; the console's form and `rules check` both ask here.
 */
import type { ForwardedRequest, Verdict } from "../kit.ts";
import { decide, type Policy, type Rules } from "./rules.ts";

/** Someone the question is asked about (a session of one factor: a step-up shows as such). */
export interface Person {
  email: string;
  groups: string[];
}

export interface Check {
  answer: Verdict["answer"];
  /** The rule that decides (from 1), or null for the default policy. */
  rule: number | null;
  policy: Policy;
  reason: string;
}

/** A rule as written in the file (its settings), with its number. */
export interface RuleView {
  number: number;
  policy: Policy;
  hosts: string[];
  paths?: string[];
  methods?: string[];
  networks?: string[];
  groups?: string[];
  users?: string[];
}

const LISTS = ["hosts", "paths", "methods", "networks", "groups", "users"] as const;

export function ruleViews(rules: Rules): RuleView[] {
  return rules.rules.map((rule) => {
    const view: RuleView = { number: rule.number, policy: rule.policy, hosts: [] };
    for (const key of LISTS) {
      const value = rule.source[key];
      if (Array.isArray(value)) view[key] = value.map(String);
    }
    return view;
  });
}

function because(verdict: Verdict, named: boolean, person: Person | null): string {
  const who = person?.email ?? "Someone";
  switch (verdict.answer) {
    case "bypass":
      return "Anyone reaches it, signed in or not; the service is told no identity.";
    case "deny":
      return "Nobody reaches it: the proxy answers 403.";
    case "sign_in":
      return named
        ? "A sign-in is needed first: this rule names groups or people, so who signs in decides."
        : "A sign-in is needed: the proxy sends the browser to the sign-in page.";
    case "step_up":
      return `${who} reaches it with two factors: a session signed in with one is sent to the step-up page first.`;
    default:
      return `${who} reaches it.`;
  }
}

/** The answer for `person` (or nobody signed in) and why. */
export function explain(rules: Rules, request: ForwardedRequest, person: Person | null): Check {
  const subject = person ? { ...person, twoFactors: false } : null;
  const verdict = decide(rules, request, subject);
  const rule = verdict.rule === null ? null : (rules.rules[verdict.rule - 1] ?? null);
  const policy = rule?.policy ?? rules.defaultPolicy;
  const which =
    rule === null
      ? `No rule matches, so the default policy (${policy}) decides.`
      : `Rule ${rule.number} (${policy}) decides.`;
  return {
    answer: verdict.answer,
    rule: verdict.rule,
    policy,
    reason: `${which} ${because(verdict, Boolean(rule?.groups || rule?.users), person)}`,
  };
}
