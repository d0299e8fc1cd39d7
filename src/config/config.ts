/**
 * Configuration, read from the environment once at start and validated.
 * A bad value throws a ConfigError naming the variable (never echoing a secret or a URL,
 * which may carry a password); src/main.ts prints it as one line and exits.
 */

import { isLanguage, LANGUAGES, type Language } from "../platform/languages.ts";

export type NodeEnv = "development" | "production" | "test";

export interface Config {
  nodeEnv: NodeEnv;
  /** The listen address: loopback in development, every interface in production. */
  host: string;
  port: number;
  /** Where GET /metrics answers (on HOST); undefined: no metrics listener. Never the public port. */
  metricsPort: number | undefined;
  /** postgres:// URL; undefined means the embedded PGlite database in dataDir. */
  databaseUrl: string | undefined;
  /** redis:// URL; undefined means the in-process store (single process only). */
  redisUrl: string | undefined;
  /** Put before every Redis key, so deployments sharing one Redis keep apart. */
  redisKeyPrefix: string;
  /** Undefined outside production: src/config/secret.ts generates one and keeps it in dataDir. */
  jwtSecret: string | undefined;
  accessTokenTtlSeconds: number;
  sessionMaxAgeSeconds: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  dataDir: string;
  /** The origin users reach (behind nginx: nginx's), without a trailing slash: the assertions' `iss`. */
  publicUrl: string;
  /** The `aud` of identity assertions. */
  forwardAuthAudience: string;
  /**
   * DATA_ENCRYPTION_KEY as a list (the first seals, all open); undefined outside production when
   * unset: src/config/secret.ts generates one and keeps it in dataDir.
   */
  dataEncryptionKeys: string[] | undefined;
  /** smtp:// or smtps:// URL; undefined means .eml files in dataDir/outbox. */
  smtpUrl: string | undefined;
  /** The From of every message. */
  mailFrom: string;
  /** Sign-in refuses (403) the right password of an unconfirmed address. */
  requireVerifiedEmail: boolean;
  /** ADMIN_EMAILS, lower-cased: these accounts hold the admin role. */
  adminEmails: string[];
  /** The language of whoever has not chosen one and whose browser asks for none the product speaks. */
  defaultLanguage: Language;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable} ${message}`);
    this.name = "ConfigError";
  }
}

export const MIN_SECRET_BYTES = 32;

/** One row per variable: the README's configuration table is written from the same facts. */
export const CONFIG_HELP: ReadonlyArray<readonly [name: string, fallback: string, meaning: string]> = [
  ["HOST", "127.0.0.1; 0.0.0.0 in production", "address to listen on"],
  ["PORT", "3000", "HTTP port to listen on"],
  ["METRICS_PORT", "(none)", "serve GET /metrics (Prometheus) on this port of HOST, apart from the public port"],
  ["DATABASE_URL", "(embedded)", "postgres:// URL; unset: embedded PGlite in DATA_DIR"],
  ["REDIS_URL", "(in-process)", "redis:// URL; unset: in-process store, single process only"],
  ["REDIS_KEY_PREFIX", "(none)", "prefix for every Redis key, when deployments share one Redis"],
  ["JWT_SECRET_KEY", "(generated in dev)", `HS256 key, at least ${MIN_SECRET_BYTES} bytes; required in production`],
  ["ACCESS_TOKEN_TTL", "900", "access token lifetime (seconds, or 15m / 1h)"],
  ["SESSION_MAX_AGE", "12h", "absolute session lifetime since the password was entered"],
  ["COOKIE_SECURE", "true in production", "mark cookies Secure (HTTPS only)"],
  ["TRUST_PROXY", "false", "take the client IP from X-Forwarded-For (only behind your proxy)"],
  ["DATA_DIR", "./data", "embedded database and the generated development secrets"],
  ["PUBLIC_URL", "http://localhost:$PORT; required in production", "the origin users reach (behind nginx: nginx's)"],
  ["FORWARD_AUTH_AUDIENCE", "datta-services", "`aud` of the identity assertions other services verify"],
  [
    "SMTP_URL",
    "(file outbox)",
    "smtp://[user:pass@]host:port (STARTTLS when offered) or smtps://; unset: .eml files in DATA_DIR/outbox",
  ],
  ["MAIL_FROM", "Datta Dashboard <no-reply@HOST of PUBLIC_URL>", "the sender of every message"],
  ["REQUIRE_VERIFIED_EMAIL", "false", "refuse sign-in (403) until the e-mail address is confirmed"],
  ["ADMIN_EMAILS", "(none)", "comma list: these accounts hold the admin role (granted at sign-up or at start)"],
  [
    "DATA_ENCRYPTION_KEY",
    "(generated in dev)",
    `seals secrets at rest (signing keys, TOTP secrets, unsent mail); a comma list rotates: the first seals, all open; each at least ${MIN_SECRET_BYTES} bytes; required in production`,
  ],
  [
    "SIGN_IN_PROVIDERS",
    "(none)",
    "providers users may sign in with: a JSON list, or a path to a file of one (README: sign in with another provider)",
  ],
  [
    "ACCESS_RULES",
    "(none)",
    "a YAML or JSON file of who may reach which service behind the proxy; reloaded when it changes (README: access rules)",
  ],
  ["DEFAULT_LANGUAGE", "en", `for whoever chose no language and whose browser asks for none of ${LANGUAGES.join(" ")}`],
  ["NODE_ENV", "development", "development, production or test"],
];

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env): Config {
  const nodeEnv = parseNodeEnv(env.NODE_ENV);
  const production = nodeEnv === "production";

  const accessTokenTtlSeconds = parseDuration(env, "ACCESS_TOKEN_TTL", 900, 10, 24 * 3600);
  const sessionMaxAgeSeconds = parseDuration(env, "SESSION_MAX_AGE", 12 * 3600, 60, 30 * 24 * 3600);
  if (sessionMaxAgeSeconds < accessTokenTtlSeconds) {
    throw new ConfigError("SESSION_MAX_AGE", "must be at least ACCESS_TOKEN_TTL");
  }

  const jwtSecret = blankToUndefined(env.JWT_SECRET_KEY);
  if (production && jwtSecret === undefined) {
    throw new ConfigError("JWT_SECRET_KEY", "is required in production (at least 32 random bytes)");
  }
  if (production && jwtSecret !== undefined && byteLength(jwtSecret) < MIN_SECRET_BYTES) {
    throw new ConfigError("JWT_SECRET_KEY", `must be at least ${MIN_SECRET_BYTES} bytes in production`);
  }

  const port = parseInteger(env, "PORT", 3000, 0, 65535);
  const metricsPort =
    blankToUndefined(env.METRICS_PORT) === undefined ? undefined : parseInteger(env, "METRICS_PORT", 0, 0, 65535);
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === port) {
    throw new ConfigError("METRICS_PORT", "must differ from PORT: metrics are never served on the public port");
  }
  const publicUrl = parsePublicUrl(env);
  if (production && publicUrl === undefined) {
    throw new ConfigError("PUBLIC_URL", "is required in production (the origin users reach, like https://example.com)");
  }

  const dataEncryptionKeys = blankToUndefined(env.DATA_ENCRYPTION_KEY)
    ?.split(",")
    .map((key) => key.trim());
  if (production && dataEncryptionKeys === undefined) {
    throw new ConfigError(
      "DATA_ENCRYPTION_KEY",
      `is required in production (at least ${MIN_SECRET_BYTES} random bytes)`,
    );
  }
  if (dataEncryptionKeys?.some((key) => byteLength(key) < MIN_SECRET_BYTES)) {
    throw new ConfigError("DATA_ENCRYPTION_KEY", `must hold keys of at least ${MIN_SECRET_BYTES} bytes each`);
  }

  const audience = blankToUndefined(env.FORWARD_AUTH_AUDIENCE) ?? "datta-services";
  if (!/^[\x21-\x7e]{1,200}$/.test(audience)) {
    throw new ConfigError("FORWARD_AUTH_AUDIENCE", "must be 1-200 printable ASCII characters without spaces");
  }

  const origin = publicUrl ?? `http://localhost:${port}`;
  const mailFrom = blankToUndefined(env.MAIL_FROM) ?? `Datta Dashboard <no-reply@${new URL(origin).hostname}>`;
  // One line, one address: a line break would let it write headers of its own.
  if (!/^[^\r\n]*@[^\r\n]*$/.test(mailFrom) || mailFrom.length > 254) {
    throw new ConfigError("MAIL_FROM", `must be one address, like "Datta Dashboard <no-reply@example.com>"`);
  }

  return {
    nodeEnv,
    host: parseHost(env, production ? "0.0.0.0" : "127.0.0.1"),
    port,
    metricsPort,
    publicUrl: origin,
    smtpUrl: parseUrl(env, "SMTP_URL", ["smtp:", "smtps:"]),
    mailFrom,
    requireVerifiedEmail: parseBoolean(env, "REQUIRE_VERIFIED_EMAIL", false),
    adminEmails: (blankToUndefined(env.ADMIN_EMAILS) ?? "")
      .split(",")
      .map((email) => email.trim().toLowerCase())
      .filter(Boolean),
    forwardAuthAudience: audience,
    dataEncryptionKeys,
    databaseUrl: parseUrl(env, "DATABASE_URL", ["postgres:", "postgresql:"]),
    redisUrl: parseUrl(env, "REDIS_URL", ["redis:", "rediss:"]),
    redisKeyPrefix: parsePrefix(env, "REDIS_KEY_PREFIX"),
    jwtSecret,
    accessTokenTtlSeconds,
    sessionMaxAgeSeconds,
    cookieSecure: parseBoolean(env, "COOKIE_SECURE", production),
    trustProxy: parseBoolean(env, "TRUST_PROXY", false),
    dataDir: blankToUndefined(env.DATA_DIR) ?? "./data",
    defaultLanguage: parseLanguage(env),
  };
}

/** An http(s) origin: scheme, host and port only (a trailing slash is dropped). */
function parsePublicUrl(env: Env): string | undefined {
  const raw = blankToUndefined(env.PUBLIC_URL);
  if (raw === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (!url || !["http:", "https:"].includes(url.protocol) || url.username || url.password) {
    throw new ConfigError(
      "PUBLIC_URL",
      `must be an http:// or https:// origin, like https://example.com (got "${raw}")`,
    );
  }
  if (url.pathname !== "/" || url.search || url.hash) {
    throw new ConfigError("PUBLIC_URL", `must be an origin without a path (got "${raw}")`);
  }
  return url.origin;
}

function parseLanguage(env: Env): Language {
  const value = blankToUndefined(env.DEFAULT_LANGUAGE) ?? "en";
  if (!isLanguage(value)) throw new ConfigError("DEFAULT_LANGUAGE", `must be one of ${LANGUAGES.join(", ")}`);
  return value;
}

function blankToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function byteLength(value: string): number {
  return new TextEncoder().encode(value).length;
}

function parseNodeEnv(raw: string | undefined): NodeEnv {
  const value = blankToUndefined(raw) ?? "development";
  if (value === "development" || value === "production" || value === "test") return value;
  throw new ConfigError("NODE_ENV", `must be development, production or test (got "${value}")`);
}

function parseInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = blankToUndefined(env[name]);
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds, written as "900", "900s", "15m", "12h" or "1d". */
function parseDuration(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = blankToUndefined(env[name]);
  if (raw === undefined) return fallback;
  const match = /^(\d+)\s*([smhd]?)$/i.exec(raw);
  const seconds = match ? Number(match[1]) * (UNIT_SECONDS[(match[2] || "s").toLowerCase()] ?? 1) : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds < min || seconds > max) {
    throw new ConfigError(name, `must be a duration from ${min}s to ${max}s, like 900, 15m or 12h (got "${raw}")`);
  }
  return seconds;
}

/** An IPv4 or IPv6 address, or a host name (localhost); brackets around IPv6 are dropped. */
function parseHost(env: Env, fallback: string): string {
  const raw = blankToUndefined(env.HOST);
  if (raw === undefined) return fallback;
  const host = raw.replace(/^\[(.*)\]$/, "$1");
  if (!/^[0-9A-Za-z.:-]{1,253}$/.test(host)) {
    throw new ConfigError("HOST", `must be an address to listen on, like 127.0.0.1, 0.0.0.0 or ::1 (got "${raw}")`);
  }
  return host;
}

function parsePrefix(env: Env, name: string): string {
  const raw = blankToUndefined(env[name]) ?? "";
  if (!/^[A-Za-z0-9:._-]{0,64}$/.test(raw)) {
    throw new ConfigError(name, "may hold only letters, digits and : . _ - (at most 64)");
  }
  return raw;
}

function parseBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = blankToUndefined(env[name])?.toLowerCase();
  if (raw === undefined) return fallback;
  if (["true", "1", "yes", "on"].includes(raw)) return true;
  if (["false", "0", "no", "off"].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false (got "${raw}")`);
}

function parseUrl(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = blankToUndefined(env[name]);
  if (raw === undefined) return undefined;
  let protocol = "";
  try {
    protocol = new URL(raw).protocol;
  } catch {
    // reported below, without the value: a URL may carry a password
  }
  if (!protocols.includes(protocol)) {
    throw new ConfigError(name, `must be a ${protocols.map((p) => `${p}//`).join(" or ")} URL`);
  }
  return raw;
}
