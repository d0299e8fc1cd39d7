/**
 * The rules the console and `rules check` read: the watched file's (ACCESS_RULES) or, with none,
 * no rules and signed_in for everything; and a question checked before it is asked.
 */
import type { ForwardedRequest } from "../kit.ts";
import { type RuleView, ruleViews } from "./explain.ts";
import { compileRules, METHODS, type Policy, type Rules } from "./rules.ts";
import type { WatchedRules } from "./rules-file.ts";

export interface RulesSource {
  rules(): Rules;
  view(): { file: string | null; default_policy: Policy; rules: RuleView[] };
}

export function rulesSource(watched: WatchedRules | undefined): RulesSource {
  const none = compileRules({ rules: [] });
  const rules = () => watched?.current() ?? none;
  return {
    rules,
    view: () => ({ file: watched?.path ?? null, default_policy: rules().defaultPolicy, rules: ruleViews(rules()) }),
  };
}

export interface Question {
  host?: string;
  path?: string;
  method?: string;
}

/** A host (a name, no scheme), a path from / (default /), an HTTP method (default GET); or what is wrong. */
export function checkedRequest(
  question: Question,
): { request: ForwardedRequest } | { errors: Array<{ field: string; message: string }> } {
  const errors: Array<{ field: string; message: string }> = [];
  const host = (question.host ?? "").trim().toLowerCase();
  if (!/^[a-z0-9.*-]{1,253}(:\d{1,5})?$/.test(host) && !/^\[[0-9a-f:.]+\](:\d{1,5})?$/.test(host))
    errors.push({ field: "host", message: "A host name, such as app.example.com (no scheme, no path)" });
  const path = question.path?.trim() || "/";
  if (!path.startsWith("/") || path.length > 2048 || /[\s\p{Cc}]/u.test(path))
    errors.push({ field: "path", message: "A path starting with /" });
  const method = (question.method?.trim() || "GET").toUpperCase();
  if (!METHODS.has(method)) errors.push({ field: "method", message: "An HTTP method, such as GET or POST" });
  if (errors.length) return { errors };
  return { request: { host: host.replace(/:\d+$/, ""), path, method, ip: null } };
}
