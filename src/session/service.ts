/**
 * What a session is here, in one file: a sign-in that lasts from the password being entered until
 * sign-out, the absolute lifetime (SESSION_MAX_AGE) or the user's public_id rotating, carried by
 * short-lived access tokens that are renewed while it is used.
 *
 *   start         a token for a user who just proved who they are
 *   authenticate  verify the token, CSRF for cookie writes, revocation and the user, renewal
 *   revoke        this token dies now (until its own expiry, in the shared blocklist)
 *   end           revoke, then rotate the user's public_id: every token of the user dies
 *
 * It knows nothing of HTTP frameworks: transport.ts moves tokens in and out of requests, and the
 * auth plugin (plugin.ts) joins the two for Elysia routes.
 */
import type { RequestMeta } from "../http/context.ts";
import type { Blocklist } from "../platform/store/store.ts";
import { isCsrfHeaderValid, needsCsrfCheck } from "./csrf.ts";
import type { AccessClaims, IssuedToken, TokenService } from "./tokens.ts";

/** What the session needs to know of a user. */
export interface SessionUser {
  id: string;
  /** The token subject; rotating it ends every session of the user. */
  public_id: string;
}

/** The narrow part of the user store a session uses; the account repository provides it. */
export interface SessionUsers<U extends SessionUser> {
  findByPublicId(publicId: string): Promise<U | null>;
  /** A new public_id (every token naming the old one dies), recorded as a `logout` event. */
  signOutEverywhere(id: string, meta: RequestMeta): Promise<U | null>;
}

/** How the token arrived: cookies need CSRF and get renewed; a bearer header needs neither. */
export type TokenSource = "cookie" | "bearer";

/** The authenticated caller of a request. */
export interface Session<U extends SessionUser> {
  user: U;
  claims: AccessClaims;
  source: TokenSource;
}

/** Seconds since the epoch; no secret, so the dashboard may be told. */
export interface SessionTimes {
  tokenExpiresAt: number;
  sessionExpiresAt: number;
}

/** A token to hand to the client, with everything the transport writes beside it. */
export interface IssuedSession {
  token: string;
  csrf: string;
  maxAgeSeconds: number;
  times: SessionTimes;
}

/** A token as a request presented it (transport.ts reads it). */
export interface PresentedToken {
  token: string;
  source: TokenSource;
  method: string;
  csrfHeader: string | null;
  /** The request carried more than one access-token cookie: refused whatever it holds. */
  tossed: boolean;
}

/**
 * Why a request is not authenticated; the plugin turns these into 401 or 403 ("cookie_conflict"
 * also clears the cookies, so the browser drops ours and a fresh sign-in starts clean).
 */
export type AuthFailure = "unauthenticated" | "session_expired" | "csrf" | "cookie_conflict";

export type Authenticated<U extends SessionUser> =
  | { ok: true; session: Session<U>; times: SessionTimes; renewed: IssuedSession | null }
  | { ok: false; failure: AuthFailure };

export interface SessionService<U extends SessionUser> {
  start(user: U): IssuedSession;
  /** Rejects with UnavailableError when the blocklist cannot answer: fail closed (503). */
  authenticate(presented: PresentedToken | null): Promise<Authenticated<U>>;
  revoke(session: Session<U>): Promise<void>;
  /** Revoke first: with the store down this fails before anything else changes. */
  end(session: Session<U>, meta: RequestMeta): Promise<U>;
}

export interface SessionDeps<U extends SessionUser> {
  tokens: TokenService;
  blocklist: Blocklist;
  users: SessionUsers<U>;
}

export function createSessionService<U extends SessionUser>({
  tokens,
  blocklist,
  users,
}: SessionDeps<U>): SessionService<U> {
  const toIssued = ({ token, claims }: IssuedToken): IssuedSession => ({
    token,
    csrf: claims.csrf,
    maxAgeSeconds: tokens.secondsLeft(claims),
    times: { tokenExpiresAt: claims.exp, sessionExpiresAt: tokens.sessionEnd(claims) },
  });
  const fail = (failure: AuthFailure): Authenticated<U> => ({ ok: false, failure });

  const revoke = (session: Session<U>): Promise<void> =>
    blocklist.revoke(session.claims.jti, tokens.secondsLeft(session.claims));

  return {
    start: (user) => toIssued(tokens.issue(user.public_id)),

    async authenticate(presented) {
      if (presented === null) return fail("unauthenticated");
      if (presented.tossed) return fail("cookie_conflict");
      const verified = tokens.verify(presented.token);
      if (!verified.ok) return fail(verified.reason === "session_expired" ? "session_expired" : "unauthenticated");
      const { claims } = verified;

      // Signed double submit: the header must equal the csrf claim inside the signed token.
      if (
        presented.source === "cookie" &&
        needsCsrfCheck(presented.method) &&
        !isCsrfHeaderValid(presented.csrfHeader, claims.csrf)
      ) {
        return fail("csrf");
      }

      // Both lookups at once; if the store cannot answer, this rejects (503): fail closed.
      const [revoked, user] = await Promise.all([blocklist.isRevoked(claims.jti), users.findByPublicId(claims.sub)]);
      if (revoked || user === null) return fail("unauthenticated");

      // Implicit renewal: a cookie session past half its TTL gets a fresh token (new jti and csrf,
      // same auth_time); the old token stays valid until its own exp.
      const fresh = presented.source === "cookie" && tokens.shouldRenew(claims) ? tokens.renew(claims) : null;
      const renewed = fresh && toIssued(fresh);
      return {
        ok: true,
        session: { user, claims, source: presented.source },
        times: renewed?.times ?? { tokenExpiresAt: claims.exp, sessionExpiresAt: tokens.sessionEnd(claims) },
        renewed,
      };
    },

    revoke,

    async end(session, meta) {
      await revoke(session);
      return (await users.signOutEverywhere(session.user.id, meta)) ?? session.user;
    },
  };
}
