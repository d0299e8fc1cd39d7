/**
 * Builds the real app on a backend and drives it through app.handle(new Request(...)), with a
 * browser-like cookie jar. The token clock is adjustable, to walk a session through time.
 */

import type { WatchedRules } from "../../src/access/rules-file.ts";
import { createAdminRepository } from "../../src/admin/repository.ts";
import { type App, createApp } from "../../src/app.ts";
import type { DashboardSource } from "../../src/dashboard/routes.ts";
import { createEmailLinks } from "../../src/email/links.ts";
import type { Language } from "../../src/http/catalogue.ts";
import type { Logger } from "../../src/http/log.ts";
import type { Database } from "../../src/platform/db/sql.ts";
import { createKeyring, type Keyring } from "../../src/platform/keys/keyring.ts";
import type { LimitNumbers } from "../../src/platform/rate-limit.ts";
import { createSealer, type Sealer } from "../../src/platform/sealed.ts";
import type { Store } from "../../src/platform/store/store.ts";
import { createTokenService, type TokenService } from "../../src/session/tokens.ts";
import type { Upstream } from "../../src/upstream/providers.ts";
import { createPasswordHasher, type PasswordHasher } from "../../src/users/password.ts";
import type { Backend } from "./backends.ts";
import { TEST_DATA_KEY, uniqueEmail } from "./backends.ts";
import { CookieJar } from "./cookie-jar.ts";

export const TEST_SECRET = "test-secret-that-is-at-least-32-bytes-long!";
export const PASSWORD = "correct horse battery staple";
/** The assertions' `iss` and `aud` in tests. */
export const ISSUER = "http://localhost";
export const AUDIENCE = "datta-services";
export const TEST_SEALER = createSealer([TEST_DATA_KEY]);
const ORIGIN = "http://localhost";
const NOBODY = { ip: null, userAgent: null };

export interface TestAppOptions {
  db?: Database;
  store?: Store;
  passwords?: PasswordHasher;
  ttlSeconds?: number;
  sessionMaxAgeSeconds?: number;
  secure?: boolean;
  logger?: Logger;
  /** Numbers for rate limits by name (`login`, `signups`, …), instead of the contract's. */
  rateLimits?: Readonly<Record<string, LimitNumbers>>;
  trustProxy?: boolean;
  readyTimeoutMs?: number;
  /** Apps given the same prefix (and store) share their rate-limit counts, like replicas. */
  counterPrefix?: string;
  /** The dashboard: a directory read per request, or files held in memory (production). */
  web?: DashboardSource;
  audience?: string;
  requireVerifiedEmail?: boolean;
  /** PUBLIC_URL: mailed links' origin, and the WebAuthn origin (its host the RP ID). */
  publicUrl?: string;
  /** ADMIN_EMAILS: these addresses make admins once confirmed. */
  adminEmails?: string[];
  /** DATA_ENCRYPTION_KEY's sealer for the app's secrets (TOTP secrets, mail bodies); TEST_SEALER by default. */
  sealer?: Sealer;
  /** SIGN_IN_PROVIDERS as read (upstream/providers.ts): the providers users may sign in with. */
  upstreams?: readonly Upstream[];
  /** ACCESS_RULES as read (access/rules-file.ts). */
  accessRules?: WatchedRules;
  /** DEFAULT_LANGUAGE. */
  defaultLanguage?: Language;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  jar?: CookieJar;
  headers?: Record<string, string>;
  /** Send X-CSRF-TOKEN from the jar's csrf_access_token cookie, as the dashboard does. */
  csrf?: boolean;
}

export class TestApp {
  /** Seconds added to the wall clock, for the token service only. */
  clockOffset = 0;
  /** Seconds added to the wall clock, for the signing keys and assertions only. */
  keysClockOffset = 0;
  /**
   * Seconds added to the wall clock for the app's own clock: mailed links, TOTP codes, mfa_tokens,
   * WebAuthn challenges (not the session tokens, not the signing keys).
   */
  appClockOffset = 0;

  private constructor(
    readonly app: App,
    readonly tokens: TokenService,
    readonly backend: Backend,
    readonly keyring: Keyring,
  ) {}

  static async create(backend: Backend, options: TestAppOptions = {}): Promise<TestApp> {
    let self: TestApp | undefined;
    const tokens = createTokenService({
      secret: TEST_SECRET,
      ttlSeconds: options.ttlSeconds ?? 900,
      sessionMaxAgeSeconds: options.sessionMaxAgeSeconds ?? 12 * 3600,
      now: () => Math.floor(Date.now() / 1000) + (self?.clockOffset ?? 0),
    });
    const db = options.db ?? backend.db;
    const keysNow = () => Math.floor(Date.now() / 1000) + (self?.keysClockOffset ?? 0);
    // The keys come from the backend's own database, also for an app given a broken one (outage tests).
    const keyring = await createKeyring({ sql: backend.db.sql, sealer: TEST_SEALER, now: keysNow, autoRefresh: false });
    const app = await createApp({
      forwardAuth: { keyring, issuer: ISSUER, audience: options.audience ?? AUDIENCE, now: keysNow },
      email: {
        publicUrl: options.publicUrl ?? ISSUER,
        requireVerifiedEmail: options.requireVerifiedEmail,
        now: () => Date.now() + (self?.appClockOffset ?? 0) * 1000,
      },
      sealer: options.sealer ?? TEST_SEALER,
      adminEmails: options.adminEmails,
      db,
      store: options.store ?? backend.store,
      tokens,
      passwords: options.passwords ?? createPasswordHasher(),
      cookies: { secure: options.secure ?? false },
      logger: options.logger,
      rateLimits: options.rateLimits,
      trustProxy: options.trustProxy,
      readyTimeoutMs: options.readyTimeoutMs,
      web: options.web,
      upstreams: options.upstreams,
      accessRules: options.accessRules,
      defaultLanguage: options.defaultLanguage,
      // Each test app counts failed logins apart, even on a shared store.
      counterPrefix: options.counterPrefix ?? `test:${crypto.randomUUID()}:`,
    });
    self = new TestApp(app, tokens, backend, keyring);
    return self;
  }

  async request(path: string, options: RequestOptions = {}): Promise<Response> {
    const headers = new Headers(options.headers);
    if (options.body !== undefined) {
      headers.set("content-type", headers.get("content-type") ?? "application/json");
    }
    if (options.jar?.cookies.size) headers.set("cookie", options.jar.header());
    const csrf = options.jar?.get("csrf_access_token");
    if (options.csrf && csrf) headers.set("x-csrf-token", csrf);
    const body =
      options.body === undefined
        ? undefined
        : typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body);
    const response = await this.app.handle(
      new Request(ORIGIN + path, { method: options.method ?? "GET", headers, body }),
    );
    options.jar?.take(response);
    return response;
  }

  async json<T = Record<string, unknown>>(
    path: string,
    options: RequestOptions = {},
  ): Promise<{ status: number; body: T; response: Response }> {
    const response = await this.request(path, options);
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T, response };
  }

  async signup(fields: Partial<{ username: string; email: string; password: string }> = {}) {
    const body = { username: "ada_lovelace", email: uniqueEmail(), password: PASSWORD, ...fields };
    const result = await this.json<{ user: { public_id: string; email: string } }>("/api/users/signup", {
      method: "POST",
      body,
    });
    if (result.status !== 201) throw new Error(`signup failed: ${result.status} ${JSON.stringify(result.body)}`);
    return { ...body, user: result.body.user };
  }

  /** The status of a fresh sign-in with these credentials (200, 401, 429...). */
  async loginStatus(email: string, password: string): Promise<number> {
    const res = await this.request("/api/users/login", {
      method: "POST",
      body: { email, password },
      jar: new CookieJar(),
    });
    return res.status;
  }

  /**
   * Confirms the account's address through POST /api/users/email/verify, with a link issued by the
   * app's own link store as its confirmation mail carries one (for tests that are not about mail;
   * those read the link from a real SMTP server).
   */
  async confirmEmail(email: string): Promise<void> {
    const { sql } = this.backend.db;
    const [user] = await sql<{ id: string | number }>`select id from users where lower(email) = lower(${email})`;
    if (!user) throw new Error(`no account uses ${email}`);
    const links = createEmailLinks(sql);
    const token = await sql.begin((tx) =>
      links.issue(tx, { userId: String(user.id), email: email.toLowerCase() }, "verify_email"),
    );
    const verified = await this.request("/api/users/email/verify", { method: "POST", body: { token } });
    if (verified.status !== 200) throw new Error(`confirming ${email} failed: ${verified.status}`);
  }

  /** Makes the account an admin as `admin grant EMAIL` does: an explicit grant, by the command line. */
  async grantAdmin(email: string): Promise<void> {
    const { sql } = this.backend.db;
    const [user] = await sql<{ id: string | number; stable_id: string; email: string }>`
      select id, stable_id, email from users where lower(email) = lower(${email})
    `;
    if (!user) throw new Error(`no account uses ${email}`);
    const target = { id: String(user.id), stable_id: user.stable_id, email: user.email, language: null };
    const outcome = await createAdminRepository(sql).setRole("command line", target, "admin", NOBODY);
    if (outcome !== "ok") throw new Error(`admin grant failed: ${outcome}`);
  }

  /** A new user made an admin by an explicit grant, signed in. */
  async signedInAdmin(fields: Partial<{ username: string; email: string; password: string }> = {}) {
    const account = await this.signedIn(fields);
    await this.grantAdmin(account.email);
    return account;
  }

  /** A new user, signed in: the jar holds both cookies. */
  async signedIn(fields: Partial<{ username: string; email: string; password: string }> = {}) {
    const account = await this.signup(fields);
    const jar = new CookieJar();
    const login = await this.json("/api/users/login", {
      method: "POST",
      body: { email: account.email, password: account.password },
      jar,
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
    return { ...account, jar };
  }
}
