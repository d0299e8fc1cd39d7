/**
 * What a sign-in is here, with no HTTP framework in it: a proof (a password, then the second factors
 * the account owes; or a method another feature plugs in, a passkey), the guards other features
 * register (an account an admin locked), and the finish every way shares (recorded, a notice for a
 * new device, a session started). The factors, guards, remembered browsers and methods come from
 * the features (their `signIn`), registered when the app is composed.
 */
import { type RequestMeta, storedMeta } from "../http/context.ts";
import { HttpError, invalidFields } from "../http/errors.ts";
import { describeAgent } from "../http/user-agent.ts";
import type {
  AccountMail,
  RememberedBrowsers,
  SecondFactor,
  SecondStepAnswer,
  SignedInAnswer,
  SignInGuard,
  SignInMethod,
  SignInPlugins,
  SignInService,
} from "../kit.ts";
import type { Sql } from "../platform/db/sql.ts";
import { type Attempt, clientNetwork, guarded, type RateLimiter } from "../platform/rate-limit.ts";
import type { ByProvider, ProvenBy } from "../session/records.ts";
import type { SessionService } from "../session/service.ts";
import type { SessionTransport } from "../session/transport.ts";
import { recordEvent } from "../users/events.ts";
import type { PublicUser } from "../users/model.ts";
import type { PasswordHasher } from "../users/password.ts";
import type { UserRecord, UserRepository } from "../users/repository.ts";
import { validateCredentials } from "../users/validation.ts";
import { SIGN_IN_MESSAGES as MESSAGES } from "./messages.ts";
import type { PendingSignIns } from "./pending.ts";
import type { SignInRepository } from "./repository.ts";

/** How long a device stays known to an account without signing in again. */
export const KNOWN_DEVICE_DAYS = 30;

/** What the features plugged in, filled when the app is composed (every feature before any request). */
export interface SignInRegistry {
  guards: SignInGuard[];
  factors: SecondFactor[];
  browsers: RememberedBrowsers[];
  methods: SignInMethod[];
}

export const emptyRegistry = (): SignInRegistry => ({ guards: [], factors: [], browsers: [], methods: [] });

export function register(registry: SignInRegistry, plugins: SignInPlugins): void {
  registry.guards.push(...(plugins.guards ?? []));
  registry.factors.push(...(plugins.factors ?? []));
  if (plugins.browsers) registry.browsers.push(plugins.browsers);
  registry.methods.push(...(plugins.methods ?? []));
}

/** A proof that was right, with its attempt still open: the caller ends it (signed in, or a step due). */
export interface Checked {
  user: UserRecord;
  attempt: Attempt;
  method: ProvenBy;
  answer?: Record<string, unknown>;
}

export interface SignInOptions {
  sql: Sql;
  users: UserRepository;
  repo: SignInRepository;
  passwords: PasswordHasher;
  sessions: SessionService<UserRecord>;
  transport: SessionTransport;
  limiter: RateLimiter;
  mail: AccountMail;
  present(user: UserRecord): PublicUser;
  registry: SignInRegistry;
  /** REQUIRE_VERIFIED_EMAIL: a password signs in only once the address is confirmed. */
  requireVerifiedEmail: boolean;
  /** The second steps under way (in the shared store). */
  pending: PendingSignIns;
  now: () => number;
}

/**
 * The network a device is seen from: an IPv4 address's /24, an IPv6 address's /64 (a home or an
 * office keeps its network while its address changes).
 */
export function deviceNetwork(ip: string | null): string | null {
  if (ip === null) return null;
  if (ip.includes(":")) return clientNetwork(ip);
  const octets = ip.split(".");
  return octets.length === 4 ? `${octets.slice(0, 3).join(".")}.0/24` : ip;
}

const deviceOf = (ip: string | null, userAgent: string | null): string =>
  `${describeAgent(userAgent)}|${deviceNetwork(ip) ?? "-"}`;

/** The first guard's refusal of this user, or null. */
function refusalOf(registry: SignInRegistry, user: UserRecord): HttpError | null {
  for (const guard of registry.guards) {
    const refused = guard(user);
    if (refused) return refused;
  }
  return null;
}

/** The `login` event (saying how it was proven), and a notice when the device (browser, network) is new. */
function signInRecorder({ sql, repo, mail, now }: SignInOptions) {
  return async (user: UserRecord, meta: RequestMeta, method: ProvenBy): Promise<void> => {
    const since = new Date(now() - KNOWN_DEVICE_DAYS * 86_400_000);
    const seen = await repo.devicesSince(user.id, since);
    const { ip, ua } = storedMeta(meta);
    const device = deviceOf(ip, ua);
    if (seen.some((row) => deviceOf(row.ip, row.user_agent) === device)) {
      await repo.recordLogin(user.id, meta, method);
      return;
    }
    await sql.begin(async (tx) => {
      await repo.with(tx).recordLogin(user.id, meta, method);
      await mail.notify(tx, user, "new_sign_in", meta);
    });
  };
}

/** A browser session for a sign-in already recorded: cookies written to `set`, the login answer. */
function browserSessions({ sessions, transport, present }: SignInOptions) {
  return async (
    { user, method, answer }: Pick<Checked, "user" | "method" | "answer">,
    meta: RequestMeta,
    set: { headers: Record<string, unknown> },
  ) => {
    const issued = await sessions.start(user, "browser", meta, method);
    transport.write({ set }, issued);
    return {
      success: true as const,
      msg: MESSAGES.signedIn,
      user: present(user),
      csrf_token: issued.csrf,
      ...answer,
    };
  };
}

/**
 * A first step proven at another provider (kit.ts, SignInService.proceed): signed in, or the second
 * step the account owes (the provider's own two factors count only when the caller says so).
 */
function providerProofs(
  options: SignInOptions,
  secondStep: (user: UserRecord, due: readonly SecondFactor[], via: ByProvider) => Promise<SecondStepAnswer>,
) {
  const recordSignIn = signInRecorder(options);
  const startBrowserSession = browserSessions(options);
  return async (
    { user, method, secondFactorProven }: { user: UserRecord; method: ByProvider; secondFactorProven?: boolean },
    meta: RequestMeta,
    set: { headers: Record<string, unknown> },
  ): Promise<SignedInAnswer | SecondStepAnswer> => {
    const refused = refusalOf(options.registry, user);
    if (refused) throw refused;
    const due = options.registry.factors.filter((factor) => factor.required(user));
    if (due.length > 0 && !secondFactorProven) return secondStep(user, due, method);
    const proven: ProvenBy = due.length > 0 ? `${method}+mfa` : method;
    await recordSignIn(user, meta, proven);
    return startBrowserSession({ user, method: proven }, meta, set);
  };
}

export function createSignIn(options: SignInOptions) {
  const { sql, users, repo, passwords, limiter, registry, pending } = options;
  const badCredentials = (): HttpError => new HttpError(401, MESSAGES.badCredentials);

  const refusal = (user: UserRecord) => refusalOf(registry, user);
  const recordSignIn = signInRecorder(options);
  const startBrowserSession = browserSessions(options);
  /** The answer that asks for a second step: a token standing for the first (and how it was proven). */
  const secondStep = async (
    user: UserRecord,
    due: readonly SecondFactor[],
    via?: ByProvider,
  ): Promise<SecondStepAnswer> => {
    const mfa_token = await pending.start(user.id, via);
    return { success: true as const, mfa_required: true as const, mfa_token, methods: due.map((f) => f.name) };
  };

  return {
    admit(user: UserRecord): void {
      const refused = refusal(user);
      if (refused) throw refused;
    },

    async finish(
      { user, method, answer }: { user: UserRecord; method: ProvenBy; answer?: Record<string, unknown> },
      meta: RequestMeta,
      set: { headers: Record<string, unknown> },
    ) {
      await recordSignIn(user, meta, method);
      return startBrowserSession({ user, method, answer }, meta, set);
    },

    startBrowserSession,
    pending,

    secondStep,

    proceed: providerProofs(options, secondStep),

    /**
     * The password check shared by login and token: rate limited per e-mail and IP before any
     * hashing. An unknown e-mail and a wrong password do the same work (one lookup, one argon2id
     * verification against a dummy hash when there is no account, one failed-sign-in write that
     * finds nobody to record against), so neither answer nor time tells them apart.
     */
    async checkPassword(body: { email: string; password: string }, meta: RequestMeta): Promise<Checked> {
      const input = validateCredentials(body);
      if (!input.ok) throw invalidFields(input.errors);
      const { email, password } = input.value;
      const attempt = await limiter.attempt("login", { email, ip: meta.ip });
      return guarded(attempt, async () => {
        const user = await users.findByEmail(email);
        const valid = await passwords.verify(password, user?.password_hash ?? null);
        if (!user || !valid) {
          await repo.recordFailedSignIn(email, meta);
          throw badCredentials();
        }
        // The right password: not a failure to count, nor a sign-in. Whoever typed it may know why
        // (a wrong password of a locked account still gets the one answer above, after the same work).
        const refused = refusal(user);
        if (refused) {
          await attempt.abandoned();
          throw refused;
        }
        if (options.requireVerifiedEmail && !user.email_verified) {
          await attempt.abandoned();
          throw new HttpError(403, MESSAGES.verifyEmailFirst);
        }
        return { user, attempt, method: "password" };
      });
    },

    /** Every second factor plugged in, in the order registered. */
    factors: (): readonly SecondFactor[] => registry.factors,
    /** Every other way to sign in plugged in (their routes are mounted with sign-in's). */
    methods: (): readonly SignInMethod[] => registry.methods,

    /** The second factors this account owes after its password (none: the password is enough). */
    factorsDue(user: UserRecord): SecondFactor[] {
      return registry.factors.filter((factor) => factor.required(user));
    },

    /** Whether this browser was remembered for the account at the second step (it skips it). */
    async remembered(user: UserRecord, cookieHeader: string | null): Promise<boolean> {
      for (const browsers of registry.browsers) if (await browsers.recognizes(user, cookieHeader)) return true;
      return false;
    },

    /** Remembers this browser for the account: the Set-Cookie headers to send. */
    async remember(user: UserRecord, meta: RequestMeta): Promise<string[]> {
      return Promise.all(registry.browsers.map((browsers) => browsers.remember(user, meta)));
    },

    /**
     * A second factor, counted like a password: a wrong one keeps its slot in the e-mail's and the
     * IP's count (429 past the limit, shared by every replica) and records `mfa_failed`.
     */
    async checkFactor(user: UserRecord, factor: SecondFactor, value: string, meta: RequestMeta): Promise<Checked> {
      const attempt = await limiter.attempt("login", { email: user.email, ip: meta.ip });
      return guarded(attempt, async () => {
        const proof = await factor.check(user, value, meta);
        if (proof) return { ...proof, attempt };
        await recordEvent(sql, user.id, "mfa_failed", meta);
        throw new HttpError(401, MESSAGES.wrongCode);
      });
    },

    /** Signed in: the e-mail's count starts over, the sign-in is recorded (a new device mails a notice). */
    async signedIn({ user, attempt, method }: Checked, meta: RequestMeta): Promise<void> {
      await Promise.all([attempt.succeeded(), recordSignIn(user, meta, method)]);
    },
  } satisfies SignInService & Record<string, unknown>;
}

export type SignIn = ReturnType<typeof createSignIn>;
