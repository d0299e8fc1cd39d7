/**
 * SIGN_IN_PROVIDERS (API.md part 3, "Sign in with another provider"): the providers users may sign
 * in with, read and checked at start. The value is the JSON itself or a path to a file holding it:
 *
 *   [{"id": "gitlab", "name": "GitLab", "issuer": "https://gitlab.example.com",
 *     "client_id": "…", "client_secret_env": "GITLAB_SECRET"}]
 *
 * A malformed entry stops the start with one line naming it (its place and id, the field, what is
 * wanted), never echoing a secret: `SIGN_IN_PROVIDERS entry 2 (gitlab): issuer must be …`.
 */
import { readFileSync } from "node:fs";

/** What is wrong with SIGN_IN_PROVIDERS, in one line (startup prints it as a configuration error). */
export class UpstreamSettingsError extends Error {
  override name = "UpstreamSettingsError";
}

export interface UpstreamSetting {
  /** In the provider's URLs (`/api/auth/providers/{id}/…`): lower case letters, digits and dashes. */
  id: string;
  /** On the sign-in page's button. */
  name: string;
  kind: "oidc" | "github";
  /** The issuer its discovery document must name exactly. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  /** A first sign-in with no account here makes one. */
  allowSignup: boolean;
  /** The provider's `email_verified` counts as a confirmed address here. */
  trustEmail: boolean;
  /** The provider's `amr` with `mfa` counts as this account's second factor. */
  trustMfa: boolean;
}

type Env = Record<string, string | undefined>;

const KEYS = new Set([
  "id",
  "name",
  "kind",
  "issuer",
  "client_id",
  "client_secret",
  "client_secret_env",
  "scopes",
  "allow_signup",
  "trust_email",
  "trust_mfa",
]);
const ID = /^[a-z0-9][a-z0-9-]{0,31}$/;
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The JSON of SIGN_IN_PROVIDERS: the value itself, or the file it names. */
function readJson(raw: string): unknown {
  const text = /^\s*[[{]/.test(raw) ? raw : readFile(raw.trim());
  try {
    return JSON.parse(text);
  } catch {
    throw new UpstreamSettingsError("is not valid JSON (a list of providers, or a path to a file of one)");
  }
}

function readFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    throw new UpstreamSettingsError("names a file that cannot be read (the JSON itself starts with [)");
  }
}

/** An https:// origin (or http:// on the loopback), with no query or fragment. */
function issuerUrl(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const url = URL.parse(value);
  if (!url || url.search || url.hash || url.username || url.password) return null;
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(url.hostname))) return null;
  return value.replace(/\/$/, "");
}

function one(entry: unknown, place: number, env: Env): UpstreamSetting {
  const where = (id?: unknown) => `entry ${place}${typeof id === "string" && ID.test(id) ? ` (${id})` : ""}`;
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
    throw new UpstreamSettingsError(`${where()} must be an object`);
  }
  const e = entry as Record<string, unknown>;
  const fail = (message: string): never => {
    throw new UpstreamSettingsError(`${where(e.id)}: ${message}`);
  };
  const unknown = Object.keys(e).find((key) => !KEYS.has(key));
  if (unknown) fail(`has no setting "${unknown.slice(0, 40)}" (settings: ${[...KEYS].join(", ")})`);
  if (typeof e.id !== "string" || !ID.test(e.id)) fail("id must be 1-32 lower case letters, digits or dashes");
  if (typeof e.name !== "string" || e.name.trim().length === 0 || e.name.length > 60)
    fail("name must be 1-60 characters");
  const kind = e.kind ?? "oidc";
  if (kind !== "oidc" && kind !== "github") fail('kind must be "oidc" or "github"');
  const issuer = issuerUrl(e.issuer ?? (kind === "github" ? "https://github.com" : undefined));
  if (!issuer) fail("issuer must be an https:// URL (http:// only on the loopback), without a query");
  if (typeof e.client_id !== "string" || e.client_id.length === 0 || e.client_id.length > 255) {
    fail("client_id must be a string of 1-255 characters");
  }
  if ((e.client_secret === undefined) === (e.client_secret_env === undefined)) {
    fail("needs client_secret or client_secret_env (the name of a variable holding it), one of them");
  }
  const fromEnv = typeof e.client_secret_env === "string" ? env[e.client_secret_env] : undefined;
  if (e.client_secret_env !== undefined && !fromEnv) fail("client_secret_env names a variable that is not set");
  const secret = e.client_secret ?? fromEnv;
  if (typeof secret !== "string" || secret.length === 0) fail("client_secret must be a string");
  const scopes = e.scopes ?? (kind === "github" ? "read:user user:email" : "openid profile email");
  if (typeof scopes !== "string" || !/^[\x21-\x7e]+( [\x21-\x7e]+)*$/.test(scopes)) {
    fail("scopes must be scope names separated by spaces");
  }
  if (kind === "oidc" && !(scopes as string).split(" ").includes("openid")) fail('scopes must include "openid"');
  const flag = (key: string, fallback: boolean): boolean => {
    const value = e[key] ?? fallback;
    if (typeof value !== "boolean") fail(`${key} must be true or false`);
    return value as boolean;
  };
  return {
    id: e.id as string,
    name: (e.name as string).trim(),
    kind: kind as UpstreamSetting["kind"],
    issuer: issuer as string,
    clientId: e.client_id as string,
    clientSecret: secret as string,
    scopes: scopes as string,
    allowSignup: flag("allow_signup", true),
    trustEmail: flag("trust_email", false),
    trustMfa: flag("trust_mfa", false),
  };
}

/** The providers SIGN_IN_PROVIDERS names (none when it is unset or blank). */
export function loadUpstreamSettings(env: Env): UpstreamSetting[] {
  const raw = env.SIGN_IN_PROVIDERS;
  if (raw === undefined || raw.trim() === "") return [];
  const list = readJson(raw);
  if (!Array.isArray(list)) throw new UpstreamSettingsError("must be a JSON list of providers");
  if (list.length > 20) throw new UpstreamSettingsError("may name at most 20 providers");
  const settings = list.map((entry, i) => one(entry, i + 1, env));
  const ids = settings.map((s) => s.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new UpstreamSettingsError(`names the id "${twice}" twice`);
  return settings;
}
