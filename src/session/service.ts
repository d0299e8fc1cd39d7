/**
 * What a session is here, in one file: a sign-in that lasts from the password being entered until
 * sign-out, the absolute lifetime (SESSION_MAX_AGE) or the user's public_id rotating, carried by
 * short-lived access tokens that are renewed while it is used.
 *
 *   start         a new session (its `sid` and its row) and its first token, for a user who just
 *                 proved who they are
 *   authenticate  verify the token, CSRF for cookie writes, revocation of the token or its session
 *                 and the user, renewal (which also marks the session seen)
 *   revoke        this token dies now (until its own expiry, in the shared blocklist)
 *   end           revoke, then rotate the user's public_id: every session of the user ends
 *   list          the user's live sessions
 *   endSession    one session of the user ends (any replica refuses its tokens at once)
 *   endOthers     every session of the user but this one ends
 *   signedInWithin  whether the session's sign-in is recent enough to count as proof again
 *
 * It knows nothing of HTTP frameworks: transport.ts moves tokens in and out of requests, and the
 * auth plugin (plugin.ts) joins the two for Elysia routes.
 */
import type { RequestMeta } from "../http/context.ts";
import type { Blocklist } from "../platform/store/store.ts";
import { isCsrfHeaderValid, needsCsrfCheck } from "./csrf.ts";
import {
  type EndReason,
  type ProvenBy,
  provesTwoFactors,
  type SecondFactor,
  type SessionKind,
  type SessionRecord,
  type SessionRecords,
} from "./records.ts";
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
  /**
   * A new public_id (every token naming the old one dies), recorded as a `logout` event; every
   * session ends, `sid` (the one asking) as signed out, the others as signed out elsewhere.
   */
  signOutEverywhere(id: string, sid: string, meta: RequestMeta): Promise<U | null>;
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

/**
 * Why a token that was valid no longer is, as its holder may be told (the 401's `reason`). Never
 * for a token that was never valid: only one whose signature verified gets one.
 */
export type EndedBecause = "signed_out_elsewhere" | "locked" | "password_changed" | "expired";

export type Authenticated<U extends SessionUser> =
  | { ok: true; session: Session<U>; times: SessionTimes; renewed: IssuedSession | null }
  | { ok: false; failure: AuthFailure; reason?: EndedBecause };

/** A live session as the user's list shows it. */
export interface LiveSession extends Omit<SessionRecord, "expires_at"> {
  /** The session of the request that asked. */
  current: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SessionService<U extends SessionUser> {
  /**
   * A new session for a user who just proved who they are (`method` says how). Rejects when the
   * session's row cannot be written (503): no token for a session nobody can see.
   */
  start(user: U, kind: SessionKind, meta: RequestMeta, method: ProvenBy): Promise<IssuedSession>;
  /** Rejects with UnavailableError when the blocklist cannot answer: fail closed (503). */
  authenticate(presented: PresentedToken | null): Promise<Authenticated<U>>;
  revoke(session: Session<U>): Promise<void>;
  /** Revoke first: with the store down this fails before anything else changes. */
  end(session: Session<U>, meta: RequestMeta): Promise<U>;
  list(session: Session<U>): Promise<LiveSession[]>;
  /**
   * Ends the user's live session `sid` ("not_found" for an unknown, ended or another user's one:
   * one answer for all three). The store first, so that with it down nothing claims to be ended.
   */
  endSession(session: Session<U>, sid: string, meta: RequestMeta): Promise<"ended" | "not_found">;
  /** Ends every live session of the user but this one; answers how many. */
  endOthers(session: Session<U>, meta: RequestMeta): Promise<number>;
  /**
   * Whether the session began (a password or passkey given) less than `seconds` ago: a fresh
   * sign-in is proof enough for what a stolen, older token must not do (adding a passkey).
   */
  signedInWithin(session: Session<U>, seconds: number): boolean;
  /** A second factor given now (a step-up): the same session's new token saying two; null once it ended. */
  raise(session: Session<U>, factor: SecondFactor): Promise<IssuedSession | null>;
}

export interface SessionDeps<U extends SessionUser> {
  tokens: TokenService;
  blocklist: Blocklist;
  users: SessionUsers<U>;
  records: SessionRecords;
}

export function createSessionService<U extends SessionUser>({
  tokens,
  blocklist,
  users,
  records,
}: SessionDeps<U>): SessionService<U> {
  const toIssued = ({ token, claims }: IssuedToken): IssuedSession => ({
    token,
    csrf: claims.csrf,
    maxAgeSeconds: tokens.secondsLeft(claims),
    times: { tokenExpiresAt: claims.exp, sessionExpiresAt: tokens.sessionEnd(claims) },
  });
  /**
   * Why the session of a token whose signature verified ended, as far as its holder may know: what
   * its row says, else that its time ran out (when it did), else nothing (the account is gone, say).
   */
  const whyEnded = async (sid: string, timedOut: boolean): Promise<EndedBecause | undefined> => {
    const kept: EndReason | null = await records.endReason(sid);
    if (kept && kept !== "signed_out") return kept;
    return timedOut ? "expired" : undefined;
  };

  const revoke = (session: Session<U>): Promise<void> =>
    blocklist.revoke(session.claims.jti, tokens.secondsLeft(session.claims));

  /** Ends these sessions in the store (every replica refuses them at once), then in their rows. */
  const endSessions = async (
    session: Session<U>,
    ended: readonly SessionRecord[],
    type: "session_revoked" | "sessions_revoked",
    reason: EndReason,
    meta: RequestMeta,
  ): Promise<number> => {
    if (ended.length === 0) return 0;
    const now = Math.floor(Date.now() / 1000);
    await blocklist.endSessions(ended.map((s) => ({ sid: s.id, ttlSeconds: Math.max(1, s.expires_at - now) })));
    return records.end(
      session.user.id,
      ended.map((s) => s.id),
      type,
      reason,
      meta,
    );
  };

  return {
    async raise(session, factor) {
      const raised = tokens.renew({ ...session.claims, mfa: true });
      if (!raised || !(await records.raise(session.claims.sid, factor, raised.claims.exp))) return null;
      return toIssued(raised);
    },

    async start(user, kind, meta, method) {
      const issued = tokens.issue(user.public_id, crypto.randomUUID(), provesTwoFactors(method));
      const { claims } = issued;
      await records.create({
        sid: claims.sid,
        userId: user.id,
        kind,
        method,
        tokenExpiresAt: claims.exp,
        expiresAt: tokens.sessionEnd(claims),
        meta,
      });
      return toIssued(issued);
    },

    authenticate: authenticator({ tokens, blocklist, users, records }, toIssued, whyEnded),

    revoke,

    async end(session, meta) {
      await revoke(session);
      return (await users.signOutEverywhere(session.user.id, session.claims.sid, meta)) ?? session.user;
    },

    async list(session) {
      const live = await records.listLive(session.user.id);
      return live.map(({ expires_at: _, ...rest }) => ({ ...rest, current: rest.id === session.claims.sid }));
    },

    async endSession(session, sid, meta) {
      if (!UUID.test(sid)) return "not_found";
      const target = (await records.listLive(session.user.id)).find((s) => s.id === sid.toLowerCase());
      if (!target) return "not_found";
      const reason = target.id === session.claims.sid ? "signed_out" : "signed_out_elsewhere";
      return (await endSessions(session, [target], "session_revoked", reason, meta)) > 0 ? "ended" : "not_found";
    },

    async endOthers(session, meta) {
      const others = (await records.listLive(session.user.id)).filter((s) => s.id !== session.claims.sid);
      return endSessions(session, others, "sessions_revoked", "signed_out_elsewhere", meta);
    },

    signedInWithin(session, seconds) {
      return tokens.sinceSignIn(session.claims) < seconds;
    },
  };
}

const fail = <U extends SessionUser>(failure: AuthFailure, reason?: EndedBecause): Authenticated<U> =>
  reason ? { ok: false, failure, reason } : { ok: false, failure };

/**
 * `authenticate`: the presented token verified, CSRF for cookie writes, the token and its session
 * not revoked and the user still there (one store round trip), then renewal past half the TTL.
 */
function authenticator<U extends SessionUser>(
  { tokens, blocklist, users, records }: SessionDeps<U>,
  toIssued: (issued: IssuedToken) => IssuedSession,
  whyEnded: (sid: string, timedOut: boolean) => Promise<EndedBecause | undefined>,
) {
  return async (presented: PresentedToken | null): Promise<Authenticated<U>> => {
    if (presented === null) return fail("unauthenticated");
    if (presented.tossed) return fail("cookie_conflict");
    const verified = tokens.verify(presented.token);
    if (!verified.ok) {
      const failure = verified.reason === "session_expired" ? "session_expired" : "unauthenticated";
      return fail(failure, verified.claims && (await whyEnded(verified.claims.sid, true)));
    }
    const { claims } = verified;

    // Signed double submit: the header must equal the csrf claim inside the signed token.
    if (
      presented.source === "cookie" &&
      needsCsrfCheck(presented.method) &&
      !isCsrfHeaderValid(presented.csrfHeader, claims.csrf)
    ) {
      return fail("csrf");
    }

    // Both lookups at once: one store round trip answers for the token and its session. If the
    // store cannot answer, this rejects (503): fail closed.
    const [revoked, user] = await Promise.all([
      blocklist.isRevoked(claims.jti, claims.sid),
      users.findByPublicId(claims.sub),
    ]);
    if (revoked || user === null) return fail("unauthenticated", await whyEnded(claims.sid, false));

    // Implicit renewal: a cookie session past half its TTL gets a fresh token (new jti and csrf,
    // same sid and auth_time); the old token stays valid until its own exp. The session's row is
    // marked seen, and has the last word if it says the session ended.
    const fresh = presented.source === "cookie" && tokens.shouldRenew(claims) ? tokens.renew(claims) : null;
    if (fresh && !(await records.touch(claims.sid, fresh.claims.exp))) {
      return fail("unauthenticated", await whyEnded(claims.sid, false));
    }
    const renewed = fresh && toIssued(fresh);
    return {
      ok: true,
      session: { user, claims, source: presented.source },
      times: renewed?.times ?? { tokenExpiresAt: claims.exp, sessionExpiresAt: tokens.sessionEnd(claims) },
      renewed,
    };
  };
}
