/**
 * Access rules (ACCESS_RULES; API.md part 3): `{default_policy?, rules: [{hosts, paths?, methods?,
 * networks?, groups?, users?, policy}]}`. Checked and compiled once, at load: each glob and regex a
 * RegExp, each network two integers, each list a Set; a request walks the rules in order and the
 * first that matches decides.
 *
 * A rule that names groups or users matches only someone signed in: asked with nobody signed in, it
 * answers that a sign-in is needed (who it is decides), and after the sign-in the walk starts again
 * with the person. `deny` refuses whoever asks; `bypass` lets anyone through with no identity.
 */
import type { ForwardedRequest, Subject, Verdict } from "../kit.ts";
import { addressOf, inNetwork, type Network, parseNetwork } from "./network.ts";

export const POLICIES = ["bypass", "signed_in", "two_factor", "deny"] as const;
export type Policy = (typeof POLICIES)[number];

/** A rule that is not right: its number (from 1) and what is wrong (rules-file.ts adds the line). */
export class RuleError extends Error {
  constructor(
    readonly rule: number | null,
    message: string,
  ) {
    super(message);
  }
}

export interface CompiledRule {
  /** From 1, in the file's order. */
  number: number;
  hosts: RegExp[];
  paths: RegExp[] | null;
  methods: Set<string> | null;
  networks: Network[] | null;
  groups: Set<string> | null;
  users: Set<string> | null;
  policy: Policy;
  /** As written, for the console and `rules check`. */
  source: Record<string, unknown>;
}

export interface Rules {
  defaultPolicy: Policy;
  rules: CompiledRule[];
  /** The rules whose hosts match a host, by host, made as hosts are asked about (see rulesFor). */
  byHost?: Map<string, CompiledRule[]>;
}

/** Hosts remembered per rule set; past this the memory starts again (a proxy asks about few hosts). */
const HOSTS_REMEMBERED = 1024;

const KEYS = new Set(["hosts", "paths", "methods", "networks", "groups", "users", "policy"]);
export const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"]);

const escapeRegex = (text: string): string => text.replace(/[.+^${}()|[\]\\]/g, "\\$&");

/** A host glob: `*` stands for any run of characters (`*.example.com` is every subdomain); any case. */
function hostPattern(glob: string): RegExp {
  return new RegExp(`^${escapeRegex(glob.toLowerCase()).replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
}

/**
 * A path: `^…` is a regular expression, tested against the path with its query; anything else a
 * glob against the path alone, `*` within one segment, `**` across segments.
 */
function pathPattern(path: string, rule: number): { regex: RegExp; withQuery: boolean } {
  if (path.startsWith("^")) {
    try {
      return { regex: new RegExp(path), withQuery: true };
    } catch {
      throw new RuleError(rule, `paths: ${JSON.stringify(path)} is not a valid regular expression`);
    }
  }
  if (!path.startsWith("/"))
    throw new RuleError(rule, `paths: ${JSON.stringify(path)} must start with / (or ^ for a regex)`);
  const body = path
    .split("**")
    .map((part) => escapeRegex(part).replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]"))
    .join(".*");
  return { regex: new RegExp(`^${body}$`), withQuery: false };
}

function list(value: unknown, key: string, rule: number): string[] | null {
  if (value === undefined) return null;
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== "string" || v.trim() === "")) {
    throw new RuleError(rule, `${key} must be a list of one or more strings`);
  }
  return value as string[];
}

export function policyOf(value: unknown, where: string, rule: number | null): Policy {
  if (typeof value !== "string" || !(POLICIES as readonly string[]).includes(value)) {
    throw new RuleError(rule, `${where} must be one of ${POLICIES.join(", ")}`);
  }
  return value as Policy;
}

function compileRule(raw: unknown, number: number): CompiledRule & { pathsWithQuery: boolean[] } {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new RuleError(number, "must be a mapping");
  const r = raw as Record<string, unknown>;
  const unknown = Object.keys(r).find((key) => !KEYS.has(key));
  if (unknown)
    throw new RuleError(number, `has no setting "${unknown.slice(0, 40)}" (settings: ${[...KEYS].join(", ")})`);
  const hosts = list(r.hosts, "hosts", number);
  if (!hosts) throw new RuleError(number, "needs hosts (a list of host names or globs)");
  const paths = list(r.paths, "paths", number)?.map((p) => pathPattern(p, number)) ?? null;
  const methods = list(r.methods, "methods", number)?.map((m) => m.toUpperCase()) ?? null;
  const wrongMethod = methods?.find((m) => !METHODS.has(m));
  if (wrongMethod) throw new RuleError(number, `methods: ${JSON.stringify(wrongMethod)} is not an HTTP method`);
  const networks = list(r.networks, "networks", number)?.map((cidr) => {
    const network = parseNetwork(cidr);
    if (!network) throw new RuleError(number, `networks: ${JSON.stringify(cidr)} is not an address or a CIDR`);
    return network;
  });
  const groups = list(r.groups, "groups", number);
  const users = list(r.users, "users", number)?.map((u) => u.trim().toLowerCase());
  return {
    number,
    hosts: hosts.map(hostPattern),
    paths: paths?.map((p) => p.regex) ?? null,
    pathsWithQuery: paths?.map((p) => p.withQuery) ?? [],
    methods: methods ? new Set(methods) : null,
    networks: networks ?? null,
    groups: groups ? new Set(groups) : null,
    users: users ? new Set(users) : null,
    policy: policyOf(r.policy, "policy", number),
    source: r,
  };
}

/** The rules of a file's content (parsed already): checked and compiled, or a RuleError. */
export function compileRules(
  document: unknown,
): Rules & { compiled: Array<CompiledRule & { pathsWithQuery: boolean[] }> } {
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw new RuleError(null, "the file must be a mapping with `rules` (and `default_policy`)");
  }
  const d = document as Record<string, unknown>;
  const extra = Object.keys(d).find((key) => key !== "rules" && key !== "default_policy");
  if (extra) throw new RuleError(null, `has no setting "${extra.slice(0, 40)}" (settings: default_policy, rules)`);
  if (!Array.isArray(d.rules)) throw new RuleError(null, "rules must be a list");
  const defaultPolicy =
    d.default_policy === undefined ? "signed_in" : policyOf(d.default_policy, "default_policy", null);
  const compiled = d.rules.map((raw, i) => compileRule(raw, i + 1));
  return { defaultPolicy, rules: compiled, compiled, byHost: new Map() };
}

type Compiled = CompiledRule & { pathsWithQuery?: boolean[] };

/**
 * The rules that can match a host, in order: the host globs are tested once per host, not once per
 * request (a proxy in front of a few services asks about the same few hosts all day).
 */
function rulesFor(rules: Rules, host: string): CompiledRule[] {
  const known = rules.byHost?.get(host);
  if (known) return known;
  const matching = rules.rules.filter((rule) => rule.hosts.some((pattern) => pattern.test(host)));
  if (rules.byHost) {
    if (rules.byHost.size >= HOSTS_REMEMBERED) rules.byHost.clear();
    rules.byHost.set(host, matching);
  }
  return matching;
}

/** The request as the rules test it: the path without its query and the address, each worked out once. */
interface Asked {
  request: ForwardedRequest;
  bare: string;
  method: string;
  /** Parsed when a rule with networks is first reached. */
  address: () => ReturnType<typeof addressOf>;
}

function asked(request: ForwardedRequest): Asked {
  let address: ReturnType<typeof addressOf> | undefined;
  const query = request.path.indexOf("?");
  return {
    request,
    bare: query === -1 ? request.path : request.path.slice(0, query),
    method: request.method.toUpperCase(),
    address: () => {
      if (address === undefined) address = request.ip === null ? null : addressOf(request.ip);
      return address;
    },
  };
}

/** Whether the request's path, method and network fit a rule (its hosts fit already). */
function requestMatches(rule: Compiled, asked: Asked): boolean {
  if (
    rule.paths &&
    !rule.paths.some((path, i) => path.test(rule.pathsWithQuery?.[i] ? asked.request.path : asked.bare))
  )
    return false;
  if (rule.methods && !rule.methods.has(asked.method)) return false;
  if (rule.networks) {
    const address = asked.address();
    if (!(address && rule.networks.some((network) => inNetwork(address, network)))) return false;
  }
  return true;
}

function subjectMatches(rule: CompiledRule, subject: Subject): boolean {
  if (rule.users?.has(subject.email.toLowerCase())) return true;
  return rule.groups !== null && subject.groups.some((group) => rule.groups?.has(group));
}

function apply(policy: Policy, subject: Subject | null, rule: number | null): Verdict {
  if (policy === "bypass" || policy === "deny") return { answer: policy, rule };
  if (!subject) return { answer: "sign_in", rule };
  if (policy === "two_factor" && !subject.twoFactors) return { answer: "step_up", rule };
  return { answer: "allow", rule };
}

/** The first rule that matches decides (the default policy when none does). */
export function decide(rules: Rules, request: ForwardedRequest, subject: Subject | null): Verdict {
  const question = asked(request);
  for (const rule of rulesFor(rules, request.host)) {
    if (!requestMatches(rule, question)) continue;
    if (rule.groups || rule.users) {
      // Who asks decides this rule: nobody signed in yet, so a sign-in is needed first.
      if (!subject) return { answer: "sign_in", rule: rule.number };
      if (!subjectMatches(rule, subject)) continue;
    }
    return apply(rule.policy, subject, rule.number);
  }
  return apply(rules.defaultPolicy, subject, null);
}
