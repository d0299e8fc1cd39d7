import { join } from "node:path";
import { type AnyElysia, Elysia } from "elysia";
import packageJson from "../package.json" with { type: "json" };
import type { WatchedRules } from "./access/rules-file.ts";
import { type DashboardSource, dashboardRoutes } from "./dashboard/routes.ts";
import { docsRoutes } from "./docs/routes.ts";
import { createAccountMailer } from "./email/mailer.ts";
import { features } from "./features.ts";
import { readJsonBody } from "./http/body.ts";
import type { Language } from "./http/catalogue.ts";
import { requestContext } from "./http/context.ts";
import { errorHandler } from "./http/errors.ts";
import { languagePlugin } from "./http/language.ts";
import { nativeFirst, serveNatively } from "./http/native.ts";
// Every language's sentences, installed once (languages/<code>/server.ts).
import "./languages.ts";
import { rememberedTimeZone } from "./http/language.ts";
import { type Logger, requestLog, silentLogger } from "./http/log.ts";
import { plainText } from "./http/plain-text.ts";
import { securityHeaders, securityHeaderValues } from "./http/security-headers.ts";
import {
  type AccessPolicy,
  CONFIRM_LIMITS,
  type Feature,
  type Plugged,
  passwordConfirmation,
  type RouteKit,
  SIGNED_IN_ONLY,
} from "./kit.ts";
import { instrumentSql, instrumentStore } from "./metrics/instrument.ts";
import { createMetrics, type Metrics } from "./metrics/metrics.ts";
import type { Database } from "./platform/db/sql.ts";
import type { Keyring } from "./platform/keys/keyring.ts";
import { createRateLimiter, type LimitNumbers, type LimitRules } from "./platform/rate-limit.ts";
import type { Sealer } from "./platform/sealed.ts";
import type { Store } from "./platform/store/store.ts";
import { authPlugin } from "./session/plugin.ts";
import { createSessionRecords } from "./session/records.ts";
import { createSessionService } from "./session/service.ts";
import type { TokenService } from "./session/tokens.ts";
import { type CookieSettings, createSessionTransport } from "./session/transport.ts";
import { createPendingSignIns } from "./sign-in/pending.ts";
import { createSignInRepository } from "./sign-in/repository.ts";
import { createSignIn, emptyRegistry, register } from "./sign-in/service.ts";
import type { Upstream } from "./upstream/providers.ts";
import { USER_EVENTS } from "./users/events.ts";
import { type AccountHooks, joinHooks } from "./users/hooks.ts";
import type { PublicUser } from "./users/model.ts";
import type { PasswordHasher } from "./users/password.ts";
import { corePublic, createUserRepository, type UserRecord } from "./users/repository.ts";

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
  /** DEFAULT_LANGUAGE: for whoever chose none and whose browser asks for none we speak (default en). */
  defaultLanguage?: Language;
  /** Numbers for rate limits by name (`login`, `signups`, …), instead of the contract's (tests shrink them). */
  rateLimits?: Readonly<Record<string, LimitNumbers>>;
  /** Prefix for rate-limit counter keys, so apps sharing a store (tests) count apart. */
  counterPrefix?: string;
  logger?: Logger;
  /** The built dashboard: read from dist/web per request by default; held in memory in production. */
  web?: DashboardSource;
  /** How long each dependency may take to answer /api/ready (ms). */
  readyTimeoutMs?: number;
  /**
   * Forward auth: the keys that sign assertions (platform/keys/keyring.ts, made once the database is
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
  /** The providers users may sign in with (SIGN_IN_PROVIDERS, upstream/providers.ts); none by default. */
  upstreams?: readonly Upstream[];
  /** ACCESS_RULES, read and watched (access/rules-file.ts): who may reach which service; none by default. */
  accessRules?: WatchedRules;
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
  const { passwords } = deps;
  metrics.watch({ passwordHashes: () => passwords.load?.() ?? { running: 0, waiting: 0 } });
  const now = deps.email.now ?? Date.now;
  const users = createUserRepository(sql);
  const records = createSessionRecords(sql);
  const sessions = createSessionService<UserRecord>({ tokens: deps.tokens, blocklist: store, users, records });
  const transport = createSessionTransport(deps.cookies);
  const mailer = createAccountMailer({ sql, sealer: deps.sealer, publicUrl: deps.email.publicUrl, now, logger });
  // The limits of every feature, added once the features are made (below); read at each attempt.
  const rules: Record<string, LimitRules[string]> = { ...CONFIRM_LIMITS };
  const limiter = createRateLimiter(store, rules, deps.rateLimits, deps.counterPrefix);

  // What the features plug in, filled as each is plugged below (every one before any request).
  const listeners: AccountHooks[] = [];
  const presenters: Array<NonNullable<Plugged["present"]>> = [];
  const registry = emptyRegistry();
  const present = (user: UserRecord): PublicUser =>
    Object.assign(corePublic(user), ...presenters.map((part) => part(user))) as PublicUser;
  const signIn = createSignIn({
    sql,
    users,
    repo: createSignInRepository(sql),
    passwords,
    sessions,
    transport,
    limiter,
    mail: mailer,
    present,
    registry,
    requireVerifiedEmail: deps.email.requireVerifiedEmail ?? false,
    pending: createPendingSignIns(store, now),
    now,
  });
  const list = features(deps, { store, metrics, records, signIn, mailer });
  Object.assign(rules, limitsOf(list));
  let policy: AccessPolicy = SIGNED_IN_ONLY;
  const kit: RouteKit = {
    defaultLanguage: deps.defaultLanguage ?? "en",
    users,
    passwords,
    sessions,
    transport,
    auth: authPlugin(sessions, transport, async (user, request) => {
      // The time zone the user's browser says it is in: their notices name their times in it.
      const timeZone = rememberedTimeZone(request);
      if (timeZone && timeZone !== user.time_zone) await users.setTimeZone(user.id, timeZone).catch(() => undefined);
    }),
    context: requestContext({ trustProxy: deps.trustProxy ?? false }),
    limiter,
    sql,
    hooks: joinHooks(listeners),
    mail: mailer,
    signIn,
    present,
    confirmPassword: passwordConfirmation(limiter, passwords),
    eventTypes: eventTypesOf(list),
    // Asked at each request: the feature that has rules plugs them in below.
    access: { decide: (request, subject) => policy.decide(request, subject) },
    now,
  };
  const plugged = list.map((feature) => {
    const built = feature.plug(kit);
    if (built.access) policy = built.access;
    if (built.hooks) listeners.push(built.hooks);
    if (built.present) presenters.push(built.present);
    if (built.signIn) register(registry, built.signIn);
    return built;
  });

  const security = { https: deps.cookies.secure };
  const web = await dashboardRoutes(deps.web ?? { dir: DIST_WEB }, securityHeaderValues(security));
  const raw = plugged.flatMap((built) => (built.rawRoutes ? [built.rawRoutes()] : []));
  // The hottest reads, Bun's router's own, under the same contract (http/native.ts).
  const native = nativeRoutes(plugged, deps, logger, metrics);
  let app: AnyElysia =
    // The dashboard's files held in memory also go to Bun's router as they are (see dashboardRoutes),
    // as do the native routes (before Elysia's own route of the same path and method).
    // No answer has a transform to apply (t.Integer is one, for parsing query strings; in a response
    // it only costs a TypeBox Encode walk of every body): answers are checked against their schema only.
    new Elysia({ serve: { routes: { ...web.native, ...native } }, encodeSchema: false })
      // Each request in the language it is answered in (the user's choice, Accept-Language, the default).
      .use(languagePlugin(deps.defaultLanguage ?? "en"))
      .use(requestLog(logger, metrics.request))
      .use(securityHeaders(security))
      .use(errorHandler(logger));
  for (const routes of raw) app = app.use(routes);
  app = app
    // Every body goes through this parser: 64 KiB, 415 for another type, 400 for malformed JSON.
    // Routes with a body also say `parse: "json"`: this parser answers first, so that option only
    // tells the API document (/api/docs/json) that the body is JSON.
    .onParse(({ request, contentType }) => readJsonBody(request, contentType))
    // No control character in any text a route is given (422 naming the field).
    .use(plainText())
    .use(docsRoutes(packageJson.version));
  const mounted = plugged.flatMap((built) => (built.routes ? [built.routes()] : []));
  for (const routes of mounted) app = app.use(routes);
  const composed = app.use(web.plugin);
  /** Resolves once the work an answer did not wait for (a reset request's write) is done: for shutdown. */
  const settled = (): Promise<void> => mailer.settled();
  return Object.assign(composed, {
    // app.handle (the tests', the cluster's) finds the native routes first too, as Bun's router does.
    handle: nativeFirst(native, composed.handle),
    settled,
    metrics,
    features: list,
    eventTypes: kit.eventTypes,
    featureRoutes: routeTable([...raw, ...mounted]),
    /** The features' work apart from requests (main.ts starts it after listening). */
    background: plugged.flatMap((built) => (built.background ? [built.background] : [])),
  });
}

export type App = Awaited<ReturnType<typeof createApp>>;

/** The features' hottest reads, under the contract every answer keeps, as Bun's router takes them. */
function nativeRoutes(plugged: readonly Plugged[], deps: AppDeps, logger: Logger, metrics: Metrics) {
  return serveNatively(
    plugged.flatMap((built) => built.native ?? []),
    {
      logger,
      onAnswered: metrics.request,
      fallbackLanguage: deps.defaultLanguage ?? "en",
      https: deps.cookies.secure,
    },
  );
}

/**
 * The features' routes as the API document names them: `get /api/users/passkeys/{id}`, and whether
 * it takes a body. Not the routes a feature keeps out of the document (the OpenID provider's own
 * endpoints, which answer as their standards say).
 */
function routeTable(mounted: readonly AnyElysia[]): Array<{ method: string; path: string; body: boolean }> {
  return mounted.flatMap((routes) =>
    routes.routes
      .filter((route) => !(route.hooks as { detail?: { hide?: boolean } } | undefined)?.detail?.hide)
      .map((route) => ({
        method: route.method.toLowerCase(),
        path: route.path.replace(/:(\w+)/g, "{$1}"),
        body: (route.hooks as { body?: unknown } | undefined)?.body !== undefined,
      })),
  );
}

/** Every feature's limits, each name once (the password typed again is the kit's own). */
function limitsOf(list: readonly Feature[]): LimitRules {
  const rules: Record<string, LimitRules[string]> = { ...CONFIRM_LIMITS };
  for (const feature of list) {
    for (const [name, rule] of Object.entries(feature.limits ?? {})) {
      if (rules[name]) throw new Error(`the rate limit ${name} is declared twice`);
      rules[name] = rule;
    }
  }
  return rules;
}

/** The kernel's event types, then each feature's, in the features' order. */
function eventTypesOf(list: readonly Feature[]): readonly [string, ...string[]] {
  const types = [...USER_EVENTS, ...list.flatMap((feature) => feature.events ?? [])];
  const twice = types.filter((type, i) => types.indexOf(type) !== i);
  if (twice.length > 0) throw new Error(`event types declared twice: ${twice.join(", ")}`);
  return types as [string, ...string[]];
}
