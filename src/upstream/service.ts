/**
 * What an identity proven at another provider leads to, with no HTTP in it:
 *
 * - started from Profile by a signed-in account: linked to it;
 * - linked already: a sign-in to its account, finished by sign-in's service (the guards, the second
 *   factor the account owes unless the provider proved two and the operator trusts it for that,
 *   the new-device notice), a session like any other;
 * - unknown, and an account has its address: never linked by the address alone. A link step waits
 *   (flows.ts) for that account's owner to sign in to it, in the same browser;
 * - unknown, no account has its address: a new account when the provider allows sign-up, its
 *   address confirmed only when the operator trusts the provider's `email_verified`.
 */
import type { RequestMeta } from "../http/context.ts";
import type { RouteKit, SecondStepAnswer, SignedInAnswer } from "../kit.ts";
import { randomToken } from "../platform/secrets.ts";
import type { UserRecord } from "../users/repository.ts";
import { validateEmailAddress, validateProfileChanges } from "../users/validation.ts";
import type { Flow, Flows } from "./flows.ts";
import type { IdentityRepository, LinkOutcome } from "./repository.ts";
import type { UpstreamSetting } from "./settings.ts";

/** What the provider said about the person, as validated by openid-client. */
export interface UpstreamClaims {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  username: string | null;
  /** The provider says it proved two factors (`amr` holds `mfa`). */
  mfa: boolean;
}

/** Why an identity did not sign in or link; the dashboard says each in words. */
export type Refusal = "no_account" | "no_email" | "taken" | "provider_taken" | "gone";

export type Outcome =
  | { kind: "signed_in"; answer: SignedInAnswer }
  | { kind: "second_step"; answer: SecondStepAnswer }
  | { kind: "link_step"; token: string; email: string }
  | { kind: "linked" }
  | { kind: "refused"; reason: Refusal };

interface Request {
  meta: RequestMeta;
  set: { headers: Record<string, unknown> };
  /** The browser's binding value (flows.ts), for a link step that must finish in this browser. */
  browser: string;
}

const refusalOf = (outcome: Exclude<LinkOutcome, "linked" | "already_linked">): Refusal => outcome;

/** A username from what the provider calls the person: the characters a username may hold, 3-50 of them. */
function usernameFrom(claims: UpstreamClaims): string {
  const candidates = [claims.username, claims.email?.split("@")[0]];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const cleaned = candidate
      .normalize("NFKC")
      .replace(/[^\p{L}\p{N}_.-]+/gu, "_")
      .slice(0, 50);
    const username = cleaned.length < 3 ? cleaned.padEnd(3, "_") : cleaned;
    if (validateProfileChanges({ username }).ok) return username;
  }
  return "user";
}

export function createUpstreamService(kit: RouteKit, identities: IdentityRepository, flows: Flows) {
  /** A username no account has yet (a number added when one does). */
  const uniqueUsername = async (base: string): Promise<string> => {
    for (let tries = 0; tries < 5; tries++) {
      const username = tries === 0 ? base : `${base.slice(0, 45)}_${Math.floor(1000 + Math.random() * 9000)}`;
      if (!(await identities.usernameTaken(username))) return username;
    }
    return `${base.slice(0, 40)}_${crypto.randomUUID().slice(0, 8)}`;
  };

  const signIn = async (
    setting: UpstreamSetting,
    user: UserRecord,
    claims: UpstreamClaims,
    { meta, set }: Request,
  ): Promise<Outcome> => {
    const secondFactorProven = setting.trustMfa && claims.mfa;
    const answer = await kit.signIn.proceed({ user, method: `provider:${setting.id}`, secondFactorProven }, meta, set);
    return "mfa_required" in answer ? { kind: "second_step", answer } : { kind: "signed_in", answer };
  };

  /** A new account for this identity, linked to it, in one transaction; null when its address was taken meanwhile. */
  const createAccount = async (setting: UpstreamSetting, claims: UpstreamClaims, email: string, meta: RequestMeta) => {
    const username = await uniqueUsername(usernameFrom(claims));
    // Nobody's password: a random one, forgotten at once (the owner sets one by the reset mail).
    const passwordHash = await kit.passwords.hash(randomToken());
    const emailVerified = setting.trustEmail && claims.emailVerified;
    return kit.sql.begin(async (tx) => {
      const created = await kit.users
        .with(tx)
        .create({ username, email, passwordHash, emailVerified, passwordSet: false }, meta);
      if (!created.ok) return null;
      const identity = {
        userId: created.user.id,
        providerId: setting.id,
        issuer: setting.issuer,
        subject: claims.subject,
      };
      await identities.with(tx).link({ ...identity, email, proven: emailVerified }, meta);
      if (emailVerified) await kit.hooks.addressConfirmed(tx, created.user, meta);
      else await kit.mail.sendVerification(tx, created.user);
      return (await kit.users.with(tx).findById(created.user.id)) ?? created.user;
    });
  };

  return {
    /** The outcome of a flow's callback whose ID token openid-client validated. */
    async arrived(setting: UpstreamSetting, claims: UpstreamClaims, flow: Flow, request: Request): Promise<Outcome> {
      const identity = { providerId: setting.id, issuer: setting.issuer, subject: claims.subject, email: claims.email };
      if (flow.linkTo !== null) {
        const outcome = await identities.link({ ...identity, userId: flow.linkTo, proven: true }, request.meta);
        return outcome === "linked" || outcome === "already_linked"
          ? { kind: "linked" }
          : { kind: "refused", reason: refusalOf(outcome) };
      }
      const linked = await identities.use(setting.issuer, claims.subject);
      if (linked) {
        const user = await kit.users.findById(linked.userId);
        return user ? signIn(setting, user, claims, request) : { kind: "refused", reason: "gone" };
      }
      const address = claims.email === null ? null : validateEmailAddress(claims.email);
      const email = address?.ok ? address.value : null;
      const existing = email === null ? null : await kit.users.findByEmail(email);
      if (email !== null && existing) {
        const step = {
          provider: setting.id,
          issuer: setting.issuer,
          subject: claims.subject,
          email,
          userId: existing.id,
          next: flow.next,
        };
        return { kind: "link_step", token: await flows.awaitLink(step, request.browser), email };
      }
      if (!setting.allowSignup) return { kind: "refused", reason: "no_account" };
      if (email === null) return { kind: "refused", reason: "no_email" };
      const user = await createAccount(setting, claims, email, request.meta);
      // Taken between the look and the insert: the address is an account's now, so the same as above.
      if (!user) return { kind: "refused", reason: "taken" };
      return signIn(setting, user, claims, request);
    },

    /**
     * The link step finished by the account's owner, signed in to it in the browser it began in:
     * the identity linked. Null for a token unknown, used, expired or from another browser; "other"
     * (the step kept) when the account signed in is not the one with the address.
     */
    async finishLink(
      user: UserRecord,
      token: string,
      cookieHeader: string | null,
      meta: RequestMeta,
    ): Promise<{ provider: string; outcome: LinkOutcome | "other" } | null> {
      // Looked at first: signed in to another account, the step is still there for the right one.
      const seen = await flows.peekLink(token, cookieHeader);
      if (!seen) return null;
      if (seen.userId !== user.id) return { provider: seen.provider, outcome: "other" };
      // Used once: of two requests racing, one links.
      const step = await flows.takeLink(token, cookieHeader);
      if (!step) return null;
      const identity = { providerId: step.provider, issuer: step.issuer, subject: step.subject, email: step.email };
      return {
        provider: step.provider,
        outcome: await identities.link({ ...identity, userId: user.id, proven: true }, meta),
      };
    },
  };
}

export type UpstreamService = ReturnType<typeof createUpstreamService>;
