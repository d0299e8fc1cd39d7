import { Elysia } from "elysia";
import { HttpError } from "../http/errors.ts";
import type { Blocklist } from "../platform/store/store.ts";
import type { UserRecord, UserRepository } from "../account/repository.ts";
import { ACCESS_COOKIE, CSRF_HEADER, exposeSessionTimes, setSessionCookies, type CookieSettings } from "./transport.ts";
import { isCsrfHeaderValid, needsCsrfCheck } from "./csrf.ts";
import type { AccessClaims, TokenService } from "./tokens.ts";

export interface AuthDeps {
  tokens: TokenService;
  blocklist: Blocklist;
  users: UserRepository;
  cookies: CookieSettings;
}

/** How the token arrived: cookies need CSRF and get refreshed; a bearer header needs neither. */
export type TokenSource = "cookie" | "bearer";

export interface Session {
  user: UserRecord;
  claims: AccessClaims;
  source: TokenSource;
}

const unauthorized = (msg = "Authentication required."): HttpError => new HttpError(401, msg);

function bearerToken(authorization: string | null): string | null {
  if (authorization === null) return null;
  const match = /^Bearer\s+(\S*)\s*$/i.exec(authorization);
  return match ? (match[1] ?? "") : null;
}

/**
 * The auth plugin: `{ auth: true }` on a route resolves `session` (the user, the token's claims
 * and how it came) or answers 401/403, or 503 when the blocklist cannot be checked.
 * `seed` tells apart the instances that tests build side by side in one process.
 */
export function authPlugin(deps: AuthDeps, seed: string) {
  const { tokens, blocklist, users, cookies } = deps;
  return new Elysia({ name: "auth", seed }).macro({
    auth: {
      async resolve({ request, cookie, set }) {
        // A bearer header wins over the cookie when both are present.
        const bearer = bearerToken(request.headers.get("authorization"));
        const source: TokenSource = bearer !== null ? "bearer" : "cookie";
        const token = bearer ?? cookie[ACCESS_COOKIE]?.value;
        if (typeof token !== "string" || token === "") throw unauthorized();

        const verified = await tokens.verify(token);
        if (!verified.ok) {
          throw unauthorized(verified.reason === "session_expired" ? "Your session has ended; sign in again." : undefined);
        }
        const { claims } = verified;

        if (source === "cookie" && needsCsrfCheck(request.method)) {
          if (!isCsrfHeaderValid(request.headers.get(CSRF_HEADER), claims.csrf)) {
            throw new HttpError(403, "Missing or invalid CSRF token.");
          }
        }

        // Both lookups at once; if the store cannot answer, this rejects (503): fail closed.
        const [revoked, user] = await Promise.all([blocklist.isRevoked(claims.jti), users.findByPublicId(claims.sub)]);
        if (revoked || user === null) throw unauthorized();

        // Implicit refresh: a cookie session past half its TTL gets fresh cookies (new jti and
        // csrf, same auth_time); the old token stays valid until its own exp.
        let expiresAt = claims.exp;
        if (source === "cookie" && tokens.shouldRefresh(claims)) {
          const fresh = await tokens.issue(user.public_id, claims.auth_time);
          if (fresh.ok) {
            setSessionCookies(cookie, cookies, fresh.token, fresh.claims.csrf, tokens.secondsLeft(fresh.claims));
            expiresAt = fresh.claims.exp;
          }
        }
        exposeSessionTimes(set.headers, expiresAt, tokens.sessionEnd(claims));

        return { session: { user, claims, source } satisfies Session };
      },
    },
  });
}
