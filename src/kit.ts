/**
 * What a feature is built with, and what it is: the route kit every feature takes, the one object
 * a feature is (`feature({...})`), and the plug points of sign-in. createApp (app.ts) builds the
 * kit once and plugs in the features of features.ts, in their order.
 *
 * A feature imports the kernel (users/), this kit, session/, mail/ (delivery), http/ and platform/;
 * never another feature's files. What features do for each other goes through here: the hooks of
 * an account's life, the sign-in plug points, the mail, and `present` (the user as the API shows it).
 */
import { type AnyElysia, Elysia } from "elysia";
import type { NoticeKind } from "./email/templates.ts";
import type { Language, Sentences } from "./http/catalogue.ts";
import type { RequestContext, RequestMeta } from "./http/context.ts";
import { HttpError } from "./http/errors.ts";
import { MESSAGES } from "./http/messages.ts";
import type { NativeRoute } from "./http/native.ts";
import type { Sql } from "./platform/db/sql.ts";
import { guarded, type LimitRules, type RateLimiter } from "./platform/rate-limit.ts";
import type { authPlugin } from "./session/plugin.ts";
import type { ByProvider, ProvenBy } from "./session/records.ts";
import type { Session, SessionService } from "./session/service.ts";
import type { SessionTransport } from "./session/transport.ts";
import type { AccountHooks } from "./users/hooks.ts";
import type { PublicUser } from "./users/model.ts";
import type { PasswordHasher } from "./users/password.ts";
import type { UserRecord, UserRepository } from "./users/repository.ts";

/** The auth plugin as built for this app's users (`{ auth: true }` resolves `session`). */
export type UserAuth = ReturnType<typeof authPlugin<UserRecord>>;

/** Whom a mail goes to: their language (null: the request's) and the time zone their browser said (none: UTC). */
export type Recipient = Pick<UserRecord, "email" | "language"> & Partial<Pick<UserRecord, "time_zone">>;

/** What the e-mail feature does for the others: every message is written in the caller's transaction. */
export interface AccountMail {
  /** A confirmation link for the user's current address, mailed there (older ones void). */
  sendVerification(tx: Sql, user: Recipient & { id: string }): Promise<void>;
  /** A reset link mailed to the user's address now, with its `password_reset_requested` event. */
  sendReset(tx: Sql, user: Recipient & { id: string }, meta: RequestMeta): Promise<void>;
  /** A notice of something that happened to the account. */
  notify(tx: Sql, to: Recipient, kind: NoticeKind, meta: RequestMeta): Promise<void>;
  /** Every unused link of the account voids (of one purpose, or all when the address changes). */
  voidLinks(tx: Sql, userId: string, purpose?: "reset_password" | "verify_email"): Promise<void>;
  /** The address confirmed, with its `email_verified` event (the caller runs the hooks). */
  markConfirmed(tx: Sql, userId: string, meta: RequestMeta): Promise<UserRecord | null>;
  /**
   * The owner of a reset link still good (not used up): for a page that shows what the reset will
   * do. Throws the 400 every link that cannot be used gets.
   */
  resetLinkOwner(token: string): Promise<{ userId: string; email: string }>;
  /** Resolves once the work an answer did not wait for (a reset request's write) is done. */
  settled(): Promise<void>;
}

/** A refusal of a sign-in whose proof was right (an admin locked the account): its 403, or null. */
export type SignInGuard = (user: UserRecord) => HttpError | null;

/** A second factor was right: how the sign-in was proven, the user as it is now, what the answer adds. */
export interface FactorProof {
  method: ProvenBy;
  user: UserRecord;
  answer?: Record<string, unknown>;
}

/** A second factor an account may owe after its password (the app's code, a recovery code). */
export interface SecondFactor {
  /** Its name in an `mfa_required` answer's `methods`. */
  name: "totp" | "recovery_code";
  /** The field of the second step's body that carries it. */
  field: "code" | "recovery_code";
  /** Whether this account must give a second step (any of its factors set up). */
  required(user: UserRecord): boolean;
  /** Whether a value typed into one box (the token route's `code`) has this factor's shape. */
  fits(value: string): boolean;
  /** A right, unused value proves the sign-in (used up for good); null otherwise. */
  check(user: UserRecord, value: string, meta: RequestMeta): Promise<FactorProof | null>;
}

/** Browsers that skip the second step for an account (remembered there): the cookie's side of it. */
export interface RememberedBrowsers {
  recognizes(user: UserRecord, cookieHeader: string | null): Promise<boolean>;
  /** Remembers this browser: the Set-Cookie header to send. */
  remember(user: UserRecord, meta: RequestMeta): Promise<string>;
}

/** A way to prove who one is besides a password (a passkey; next, another provider): its routes. */
export interface SignInMethod {
  name: string;
  /** Its routes that are a sign-in attempt, counted by the sign-in metric. */
  attempts: readonly string[];
  routes(kit: RouteKit): AnyElysia;
}

/** What a feature plugs into sign-in. */
export interface SignInPlugins {
  guards?: readonly SignInGuard[];
  factors?: readonly SecondFactor[];
  /** A wrong second factor, recorded (it counts in the limit either way). */
  wrongFactor?(user: UserRecord, meta: RequestMeta): Promise<void>;
  browsers?: RememberedBrowsers;
  methods?: readonly SignInMethod[];
}

/** What sign-in does for a method: refuse who may not sign in, and finish the sign-in. */
export interface SignInService {
  /** Throws the 403 of a guard that refuses this user (an account an admin locked). */
  admit(user: UserRecord): void;
  /**
   * Signed in: recorded (a notice when the device is new), a browser session started with its
   * cookies written to `set`; the login answer.
   */
  finish(
    proof: { user: UserRecord; method: ProvenBy; answer?: Record<string, unknown> },
    meta: RequestMeta,
    set: { headers: Record<string, unknown> },
  ): Promise<SignedInAnswer>;
  /**
   * A first step proven another way (another provider): refused by the guards, or signed in as
   * `finish` does, or, when the account owes a second factor that this proof did not give, the
   * second step's answer (its `mfa_token` for POST /api/users/login/2fa, which then signs in
   * saying how the first step was proven).
   */
  proceed(
    first: { user: UserRecord; method: ByProvider; secondFactorProven?: boolean },
    meta: RequestMeta,
    set: { headers: Record<string, unknown> },
  ): Promise<SignedInAnswer | SecondStepAnswer>;
}

export interface SignedInAnswer {
  success: true;
  msg: string;
  user: PublicUser;
  csrf_token: string;
}

export interface SecondStepAnswer {
  success: true;
  mfa_required: true;
  mfa_token: string;
  methods: Array<SecondFactor["name"]>;
}

/** What a request behind the proxy is (forward auth asks about it): where to, how, from where. */
export interface ForwardedRequest {
  /** Lower case, without a port. */
  host: string;
  /** With its query. */
  path: string;
  method: string;
  /** The client's address (TRUST_PROXY's rules), or null. */
  ip: string | null;
}

/** Who asks, as the access rules see them. */
export interface Subject {
  email: string;
  groups: readonly string[];
  /** The session was proven by two factors. */
  twoFactors: boolean;
}

/**
 * The access rules' answer about a request: reach it with no identity (`bypass`), refused (`deny`),
 * a sign-in needed (`sign_in`: only when nobody is signed in), reach it (`allow`), or a second factor
 * needed first (`step_up`). `rule` is the deciding rule's number (from 1), null for the default.
 */
export interface Verdict {
  answer: "bypass" | "deny" | "sign_in" | "allow" | "step_up";
  rule: number | null;
}

/** Who may reach which service behind the proxy: forward auth asks, first with nobody, then with who is signed in. */
export interface AccessPolicy {
  decide(request: ForwardedRequest, subject: Subject | null): Verdict;
}

/** With no rules: every signed-in user reaches every service (forward auth as it began). */
export const SIGNED_IN_ONLY: AccessPolicy = {
  decide: (_request, subject) => ({ answer: subject ? "allow" : "sign_in", rule: null }),
};

/** What every feature's routes are built with; createApp builds each once. */
export interface RouteKit {
  users: UserRepository;
  passwords: PasswordHasher;
  sessions: SessionService<UserRecord>;
  transport: SessionTransport;
  auth: UserAuth;
  context: RequestContext;
  limiter: RateLimiter;
  /** For the changes that write more than one statement (and mail) in one transaction. */
  sql: Sql;
  /** What the features listening do when something happens to an account (users/hooks.ts). */
  hooks: Required<AccountHooks>;
  mail: AccountMail;
  defaultLanguage: Language; // DEFAULT_LANGUAGE: a mail someone else caused, to a user who chose none
  signIn: SignInService;
  /** The user as the API shows it: the kernel's fields and each feature's part (`mfa`). */
  present(user: UserRecord): PublicUser;
  /** The password typed again to confirm a change (see passwordConfirmation). */
  confirmPassword: ReturnType<typeof passwordConfirmation>;
  /** Every event type the composed features declare, in their order (the activity's schema). */
  eventTypes: readonly [string, ...string[]];
  /** The access rules forward auth applies (the access feature's; SIGNED_IN_ONLY without it). */
  access: AccessPolicy;
  /** Milliseconds since the epoch; tests move it. */
  now: () => number;
}

/** A feature built over the kit: what it adds to the app. */
export interface Plugged {
  /** Its routes, built once every feature is plugged (sign-in mounts the methods plugged after it). */
  routes?(): AnyElysia;
  /** Routes reading their request as it came (the OpenID provider's): before the body parser, text checks. */
  rawRoutes?(): AnyElysia;
  /** Its hottest reads, served by Bun's router under the same contract (http/native.ts). */
  native?: readonly NativeRoute[];
  hooks?: AccountHooks;
  signIn?: SignInPlugins;
  /** Its part of the user as the API shows it. */
  present?(user: UserRecord): Partial<PublicUser>;
  /** Work it does apart from requests (an outbox to send): main.ts starts and stops it. */
  background?: Background;
  /** The access rules (one feature's at most). */
  access?: AccessPolicy;
}

/** A feature's work apart from requests, in every replica. */
export interface Background {
  /** Does what is due now (tests call it instead of waiting); answers how much it did. */
  tick(): Promise<number>;
  start(): void;
  /** Stops, after what is in progress. */
  stop(): Promise<void>;
}

/** A feature: one object, composed in features.ts. */
export interface Feature {
  readonly name: string;
  /** The event types it records; its migration adds them to `event_types`. */
  readonly events?: readonly string[];
  /** Its rate limits by name (`kit.limiter.attempt(name, …)`). */
  readonly limits?: LimitRules;
  readonly messages?: Sentences;
  /** Builds it over the kit, once, when the app is composed. */
  plug(kit: RouteKit): Plugged;
}

export const feature = <F extends Feature>(definition: F): F => definition;

/** The limit of the password typed again (kit.confirmPassword): every feature's changes share it. */
export const CONFIRM_LIMITS = {
  passwordChecks: {
    scope: "password-check",
    numbers: { windowSeconds: 15 * 60, maxPerAccount: 5 },
    onSuccess: "give-back",
    message: MESSAGES.tooManyPasswordAttempts,
  },
} as const satisfies LimitRules;

/**
 * The signed-in user's password, typed again to confirm a sensitive change (password, deletion,
 * two-factor settings): at most 5 wrong ones per account per 15 minutes (a stolen session must not
 * guess it without bound), then 429; a wrong one is 403 with `wrong`. `then` runs once the password
 * is right, under the same attempt.
 */
export function passwordConfirmation(limiter: RateLimiter, passwords: PasswordHasher) {
  return async function withPassword<T>(
    user: UserRecord,
    password: string,
    wrong: string,
    then: () => Promise<T>,
  ): Promise<T> {
    const attempt = await limiter.attempt("passwordChecks", { account: user.id });
    return guarded(attempt, async () => {
      if (!(await passwords.verify(password, user.password_hash))) throw new HttpError(403, wrong);
      await attempt.succeeded();
      return then();
    });
  };
}

/**
 * `{ admin: true }`: an admin's session. The role is read with the user on every request, so a
 * demotion counts at once, even for a bearer token issued before it. Written once, for every route.
 */
export function adminGuard(auth: RouteKit["auth"]) {
  return new Elysia({ name: "admin-guard" }).use(auth).macro({
    admin: {
      auth: true,
      // `auth: true` runs first and resolves `session`; Elysia's types do not carry a composed
      // macro's resolve into this hook, hence the cast.
      beforeHandle: (context) => {
        const { session } = context as unknown as { session: Session<UserRecord> };
        if (session.user.role !== "admin") throw new HttpError(403, MESSAGES.adminOnly);
      },
    },
  });
}
