import { join } from "node:path";
import { Elysia } from "elysia";
import packageJson from "../package.json" with { type: "json" };
import { joinHooks } from "./account/hooks.ts";
import { createAccountMailer } from "./account/mailer.ts";
import type { PasswordHasher } from "./account/password.ts";
import { createUserRepository, type UserRecord } from "./account/repository.ts";
import { accountRoutes } from "./account/routes.ts";
import { adminEmailRoles } from "./admin/admin-emails.ts";
import { auditRoutes } from "./admin/audit.ts";
import { helpDeskRoutes } from "./admin/help-desk.ts";
import { adminRoutes } from "./admin/routes.ts";
import { type DashboardSource, dashboardRoutes } from "./dashboard/routes.ts";
import { docsRoutes } from "./docs/routes.ts";
import { emailRoutes } from "./email/routes.ts";
import { createAssertionSigner } from "./forward-auth/assertion.ts";
import type { Keyring } from "./forward-auth/keys.ts";
import { forwardAuthRoutes } from "./forward-auth/routes.ts";
import { healthRoutes } from "./health/routes.ts";
import { readJsonBody } from "./http/body.ts";
import { requestContext } from "./http/context.ts";
import { errorHandler } from "./http/errors.ts";
import { type Logger, requestLog, silentLogger } from "./http/log.ts";
import { plainText } from "./http/plain-text.ts";
import { securityHeaders, securityHeaderValues } from "./http/security-headers.ts";
import { instrumentSql, instrumentStore } from "./metrics/instrument.ts";
import { createMetrics, type Metrics } from "./metrics/metrics.ts";
import type { Database } from "./platform/db/sql.ts";
import { createRateLimiter, RATE_LIMITS, type RateLimits } from "./platform/rate-limit.ts";
import type { Sealer } from "./platform/sealed.ts";
import type { Store } from "./platform/store/store.ts";
import { authPlugin } from "./session/plugin.ts";
import { createSessionRecords } from "./session/records.ts";
import { sessionRoutes } from "./session/routes.ts";
import { createSessionService } from "./session/service.ts";
import type { TokenService } from "./session/tokens.ts";
import { type CookieSettings, createSessionTransport } from "./session/transport.ts";
import { signInRoutes } from "./sign-in/routes.ts";
import { twoFactorRoutes } from "./two-factor/routes.ts";
import { createTwoFactor } from "./two-factor/service.ts";

/** Where `bun run build:web` writes the dashboard. */
export const DIST_WEB = join(import.meta.dir, "..", "dist", "web");

export interface AppDeps {
  db: Database;
  /** The shared store: the revocation blocklist and the rate-limit counters. */
  store: Store;
  tokens: TokenService;
  passwords: PasswordHasher;
  cookies: CookieSettings;
  /** Take the client IP from X-Forwarded-For (behind our own nginx only). */
  trustProxy?: boolean;
  /** The rate limits; the contract's by default (tests shrink them). */
  rateLimits?: RateLimits;
  /** Prefix for rate-limit counter keys, so apps sharing a store (tests) count apart. */
  counterPrefix?: string;
  logger?: Logger;
  /** The built dashboard: read from dist/web per request by default; held in memory in production. */
  web?: DashboardSource;
  /** How long each dependency may take to answer /api/ready (ms). */
  readyTimeoutMs?: number;
  /**
   * Forward auth: the keys that sign assertions (forward-auth/keys.ts, made once the database is
   * migrated), the assertions' `iss` (PUBLIC_URL) and `aud`, and their clock (seconds; for tests).
   */
  forwardAuth: { keyring: Keyring; issuer: string; audience: string; now?: () => number };
  /**
   * E-mail and two-factor: the origin of mailed links and of passkeys (PUBLIC_URL), whether sign-in
   * waits for a confirmed address (REQUIRE_VERIFIED_EMAIL), and the clock of links, codes and
   * challenges (ms; for tests). Messages go to the outbox; the
   * worker that sends them is main.ts's (mail/outbox.ts).
   */
  email: { publicUrl: string; requireVerifiedEmail?: boolean; now?: () => number };
  /** Seals secrets kept at rest (DATA_ENCRYPTION_KEY): TOTP secrets, the bodies of mail not yet sent. */
  sealer: Sealer;
  /**
   * ADMIN_EMAILS: an account gets the admin role when it confirms one of these addresses (main.ts
   * brings existing accounts in line at start).
   */
  adminEmails?: readonly string[];
  /** What is counted for /metrics (main.ts serves it on METRICS_PORT); a registry of its own by default. */
  metrics?: Metrics;
}

/**
 * Builds the whole HTTP app without listening: tests call app.handle(request); main.ts listens.
 * Every service and plugin is built here once and handed to the routes that use it.
 * Async because the static-file plugin reads the dashboard's directory while it is set up.
 */
export async function createApp(deps: AppDeps) {
  const logger = deps.logger ?? silentLogger;
  const metrics = deps.metrics ?? createMetrics();
  // The database and the store as every route uses them: their failures and revocations counted.
  const sql = instrumentSql(deps.db.sql, metrics);
  const store = instrumentStore(deps.store, metrics);
  const passwords = deps.passwords;
  metrics.watch({ passwordHashes: () => passwords.load?.() ?? { running: 0, waiting: 0 } });
  const users = createUserRepository(sql);
  const records = createSessionRecords(sql);
  const sessions = createSessionService<UserRecord>({
    tokens: deps.tokens,
    blocklist: store,
    users,
    records,
  });
  const transport = createSessionTransport(deps.cookies);
  const mailer = createAccountMailer({
    sql,
    users,
    sealer: deps.sealer,
    publicUrl: deps.email.publicUrl,
    now: deps.email.now,
    logger,
  });
  const twoFactor = createTwoFactor({
    sql,
    sealer: deps.sealer,
    store,
    mailer,
    publicUrl: deps.email.publicUrl,
    now: deps.email.now,
  });
  const routeDeps = {
    records,
    hooks: joinHooks(adminEmailRoles(deps.adminEmails ?? []), twoFactor.hooks),
    sql,
    mailer,
    twoFactor,
    users,
    passwords,
    sessions,
    transport,
    auth: authPlugin(sessions, transport),
    context: requestContext({ trustProxy: deps.trustProxy ?? false }),
    limiter: createRateLimiter(store, deps.rateLimits ?? RATE_LIMITS, deps.counterPrefix),
  };

  const { keyring } = deps.forwardAuth;
  const assertions = createAssertionSigner(deps.forwardAuth);

  const security = { https: deps.cookies.secure };
  const web = await dashboardRoutes(deps.web ?? { dir: DIST_WEB }, securityHeaderValues(security));
  const app =
    // The dashboard's files held in memory also go to Bun's router as they are (see dashboardRoutes).
    new Elysia({ serve: { routes: web.native } })
      .use(requestLog(logger, metrics.request))
      .use(securityHeaders(security))
      .use(errorHandler(logger))
      // Every body goes through this parser: 64 KiB, 415 for another type, 400 for malformed JSON.
      // Routes with a body also say `parse: "json"`: this parser answers first, so that option only
      // tells the API document (/api/docs/json) that the body is JSON.
      .onParse(({ request, contentType }) => readJsonBody(request, contentType))
      // No control character in any text a route is given (422 naming the field).
      .use(plainText())
      .use(docsRoutes(packageJson.version))
      .use(healthRoutes(deps))
      .use(accountRoutes(routeDeps))
      .use(
        signInRoutes(
          { ...routeDeps, onSignIn: metrics.signIn },
          { requireVerifiedEmail: deps.email.requireVerifiedEmail, cookieSecure: deps.cookies.secure },
        ),
      )
      .use(emailRoutes(routeDeps))
      .use(twoFactorRoutes(routeDeps))
      .use(adminRoutes(routeDeps))
      .use(helpDeskRoutes({ ...routeDeps, blocklist: store, twoFactorRepo: twoFactor.repo }))
      .use(auditRoutes(routeDeps))
      .use(sessionRoutes(routeDeps))
      .use(forwardAuthRoutes({ auth: routeDeps.auth, keyring, assertions }))
      .use(web.plugin);
  /** Resolves once the work an answer did not wait for (a reset request's write) is done: for shutdown. */
  const settled = (): Promise<void> => mailer.settled();
  return Object.assign(app, { settled, metrics });
}

export type App = Awaited<ReturnType<typeof createApp>>;
