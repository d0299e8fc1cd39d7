/**
 * Access tokens: compact JWS, HS256 only.
 *
 * Written here rather than through a general JWT library so that the rules are exactly the
 * contract's and visible in one file: the header must say HS256 (no `none`, no other HMAC, no
 * key chosen by `kid`/`jku`/`jwk`/`x5u`: the key is always ours), every claim is required and
 * typed, `iat`/`nbf` may not lie in the future, and `auth_time` caps the session's whole life.
 */
import { timingSafeEqual } from "node:crypto";
import { randomToken } from "../platform/secrets.ts";

export interface AccessClaims {
  /** The user's public_id. */
  sub: string;
  jti: string;
  /** The session (sign-in) this token belongs to; kept by every renewal. */
  sid: string;
  iat: number;
  exp: number;
  type: "access";
  /** The signed double-submit value the client echoes in X-CSRF-TOKEN. */
  csrf: string;
  /** When the user last entered the password (seconds since the epoch). */
  auth_time: number;
  /** The session was proven by two factors (the access rules' `two_factor`); kept by renewals. */
  mfa?: true;
}

export type TokenRejection =
  | "malformed"
  | "bad_signature"
  | "bad_header"
  | "missing_claim"
  | "wrong_type"
  | "not_yet_valid"
  | "expired"
  | "session_expired";

/**
 * A token that verified but whose time is over ("expired", "session_expired") carries its claims:
 * its signature is good, so the server may tell its holder why the session ended.
 */
export type VerifyResult =
  | { ok: true; claims: AccessClaims }
  | { ok: false; reason: TokenRejection; claims?: AccessClaims };

export interface IssuedToken {
  token: string;
  claims: AccessClaims;
}

export interface TokenService {
  /** A new token for `subject` who signed in just now, starting the session `sid`. */
  issue(subject: string, sid: string, twoFactors?: boolean): IssuedToken;
  /**
   * A fresh token for the same session (new `jti` and `csrf`, same `sub`, `sid` and `auth_time`), or null
   * when the session's absolute lifetime leaves no room for a later expiry.
   */
  renew(claims: AccessClaims): IssuedToken | null;
  verify(token: string): VerifyResult;
  /** Whether a response should carry a fresh token: less than half the TTL left, and a later one can be had. */
  shouldRenew(claims: AccessClaims): boolean;
  /** Seconds until `claims` expire (at least 1): the cookies' Max-Age and the blocklist entry's TTL. */
  secondsLeft(claims: AccessClaims): number;
  /** When the session must end whatever the activity (auth_time + SESSION_MAX_AGE). */
  sessionEnd(claims: AccessClaims): number;
  /** Seconds since the password (or passkey) that started the session was given. */
  sinceSignIn(claims: AccessClaims): number;
}

export interface TokenServiceOptions {
  secret: string;
  ttlSeconds: number;
  sessionMaxAgeSeconds: number;
  /** Seconds since the epoch; injectable for tests. */
  now?: () => number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });
const HEADER_SEGMENT = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
const SEGMENT = /^[A-Za-z0-9_-]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A SHA-256 HMAC is 32 bytes: 43 base64url characters. */
const SIGNATURE_LENGTH = 43;

const wallClock = (): number => Math.floor(Date.now() / 1000);

/** A token whose signature and claims were checked: its claims and its nbf (null: none). */
interface Signed {
  signed: Readonly<AccessClaims>;
  nbf: number | null;
}

export function createTokenService(options: TokenServiceOptions): TokenService {
  const { ttlSeconds, sessionMaxAgeSeconds } = options;
  const now = options.now ?? wallClock;
  const key = encoder.encode(options.secret);
  // HMAC-SHA256 computed synchronously (no promise per request, unlike crypto.subtle); the
  // comparison with the presented MAC is constant-time.
  const mac = (input: string): Buffer => new Bun.CryptoHasher("sha256", key).update(input).digest() as Buffer;

  const sessionEnd = (authTime: number): number => authTime + sessionMaxAgeSeconds;

  function sign(subject: string, sid: string, authTime: number, twoFactors: boolean): IssuedToken | null {
    const iat = now();
    const exp = Math.min(iat + ttlSeconds, sessionEnd(authTime));
    if (exp <= iat) return null;
    const claims: AccessClaims = {
      sub: subject,
      jti: crypto.randomUUID(),
      sid,
      iat,
      exp,
      type: "access",
      csrf: randomToken(),
      auth_time: authTime,
      ...(twoFactors ? { mfa: true as const } : {}),
    };
    const signingInput = `${HEADER_SEGMENT}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
    return { token: `${signingInput}.${mac(signingInput).toString("base64url")}`, claims };
  }

  /**
   * What a token says once its signature and claims are checked, apart from time. Checked once per
   * process and token (the HMAC, the base64 and the JSON were a tenth of an authenticated request's
   * CPU), then only the clock; only a token this secret signed is ever kept, the oldest first out.
   */
  const checked = new Map<string, Signed>();
  const CHECKED_MAX = 2048;

  function verifySignature(token: string): Signed | Extract<VerifyResult, { ok: false }> {
    const parts = token.split(".");
    if (parts.length !== 3) return { ok: false, reason: "malformed" };
    const [headerSegment, payloadSegment, signatureSegment] = parts as [string, string, string];
    if (!SEGMENT.test(headerSegment) || !SEGMENT.test(payloadSegment) || signatureSegment.length !== SIGNATURE_LENGTH) {
      return { ok: false, reason: "malformed" };
    }
    if (!SEGMENT.test(signatureSegment)) return { ok: false, reason: "malformed" };

    // The header we issue is one fixed string; anything else is parsed and held to the rules.
    if (headerSegment !== HEADER_SEGMENT) {
      const header = parseSegment(headerSegment);
      if (!header) return { ok: false, reason: "malformed" };
      if (!isAcceptableHeader(header)) return { ok: false, reason: "bad_header" };
    }

    const signature = Buffer.from(signatureSegment, "base64url");
    if (!timingSafeEqual(signature, mac(`${headerSegment}.${payloadSegment}`)))
      return { ok: false, reason: "bad_signature" };

    const payload = parseSegment(payloadSegment);
    if (!payload) return { ok: false, reason: "malformed" };
    if (!hasRequiredClaims(payload)) return { ok: false, reason: "missing_claim" };
    if (payload.type !== "access") return { ok: false, reason: "wrong_type" };
    const { sub, jti, sid, iat, exp, csrf, auth_time } = payload;
    // Signed in after it was issued: never valid, whatever the clock says.
    if (auth_time > iat) return { ok: false, reason: "not_yet_valid" };
    const claims: AccessClaims = { sub, jti, sid, iat, exp, type: "access", csrf, auth_time };
    if (payload.mfa === true) claims.mfa = true;
    // A present nbf that is not a number is never valid (Infinity: never reached).
    const nbf = "nbf" in payload ? (typeof payload.nbf === "number" ? payload.nbf : Number.POSITIVE_INFINITY) : null;
    return { signed: claims, nbf };
  }

  function verify(token: string): VerifyResult {
    let known = checked.get(token);
    if (!known) {
      const result = verifySignature(token);
      if (!("signed" in result)) return result;
      known = result;
      if (checked.size >= CHECKED_MAX) checked.delete(checked.keys().next().value as string);
      checked.set(token, known);
    }
    const { signed, nbf } = known;
    const t = now();
    if (signed.iat > t) return { ok: false, reason: "not_yet_valid" };
    if (nbf !== null && nbf > t) return { ok: false, reason: "not_yet_valid" };
    // A copy: what a caller does with its claims is not what the next use of the token sees.
    const claims = { ...signed };
    if (signed.exp <= t) return { ok: false, reason: "expired", claims };
    if (sessionEnd(signed.auth_time) <= t) return { ok: false, reason: "session_expired", claims };
    return { ok: true, claims };
  }

  return {
    issue(subject, sid, twoFactors = false) {
      // A sign-in's token always fits while both lifetimes are positive (config.ts makes sure).
      const issued = sign(subject, sid, now(), twoFactors);
      if (!issued) throw new Error("token lifetimes must be positive");
      return issued;
    },
    renew: (claims) => sign(claims.sub, claims.sid, claims.auth_time, claims.mfa === true),
    verify,
    shouldRenew(claims) {
      const t = now();
      const left = claims.exp - t;
      return left < ttlSeconds / 2 && Math.min(t + ttlSeconds, sessionEnd(claims.auth_time)) > claims.exp;
    },
    secondsLeft(claims) {
      return Math.max(1, claims.exp - now());
    },
    sinceSignIn(claims) {
      return now() - claims.auth_time;
    },
    sessionEnd(claims) {
      return sessionEnd(claims.auth_time);
    },
  };
}

function parseSegment(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(decoder.decode(Buffer.from(segment, "base64url")));
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Only `alg: HS256` (and an optional `typ: JWT`); `crit` or any key-selecting field is refused. */
function isAcceptableHeader(header: Record<string, unknown>): boolean {
  if (header.alg !== "HS256") return false;
  if ("typ" in header && header.typ !== "JWT") return false;
  return !("crit" in header || "b64" in header);
}

type ClaimsInput = Omit<AccessClaims, "type"> & { type: unknown; nbf?: unknown };

function hasRequiredClaims(payload: Record<string, unknown>): payload is ClaimsInput {
  return (
    typeof payload.sub === "string" &&
    UUID.test(payload.sub) &&
    typeof payload.jti === "string" &&
    UUID.test(payload.jti) &&
    typeof payload.sid === "string" &&
    UUID.test(payload.sid) &&
    Number.isInteger(payload.iat) &&
    Number.isInteger(payload.exp) &&
    Number.isInteger(payload.auth_time) &&
    typeof payload.csrf === "string" &&
    payload.csrf.length >= 22 &&
    "type" in payload
  );
}
