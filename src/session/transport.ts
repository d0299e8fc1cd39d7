/**
 * How a session travels over HTTP. In: a bearer header or the access-token cookie. Out: both
 * cookies and the two expiry headers, written here only, by every path that starts, renews or
 * ends a session (sign-in, password change, the implicit refresh, sign-out, account deletion).
 */
import type { Cookie } from "elysia";
import { needsCsrfCheck } from "./csrf.ts";
import type { IssuedSession, PresentedToken, SessionTimes } from "./service.ts";

/** The names Flask-JWT-Extended used, so clients of the original keep working. */
export const ACCESS_COOKIE = "access_token_cookie";
export const CSRF_COOKIE = "csrf_access_token";
export const CSRF_HEADER = "x-csrf-token";

export interface CookieSettings {
  secure: boolean;
}

/** The parts of Elysia's context the transport reads and writes. */
interface HttpExchange {
  request: Request;
  cookie: Record<string, Cookie<unknown>>;
  set: { headers: Record<string, unknown> };
}

function bearerToken(authorization: string | null): string | null {
  if (authorization === null) return null;
  const match = /^Bearer\s+(\S*)\s*$/i.exec(authorization);
  return match ? (match[1] ?? "") : null;
}

/**
 * More than one access-token cookie: somebody on a sibling subdomain (or a path below ours) has
 * tossed one in beside ours, hoping that the server reads theirs. Nobody's cookie is trusted then.
 */
function hasTossedCookie(header: string | null): boolean {
  if (header === null) return false;
  let seen = 0;
  for (const part of header.split(";")) {
    if (part.trimStart().startsWith(`${ACCESS_COOKIE}=`) && ++seen > 1) return true;
  }
  return false;
}

/** Where proxies put the method of the request they ask about (Traefik and Caddy; our nginx config). */
const FORWARDED_METHOD_HEADERS = ["x-forwarded-method", "x-original-method"] as const;

/**
 * The method of the request a proxy asks about (forward auth), else this request's own. When more
 * than one header names it, the strictest wins: a client that adds `X-Forwarded-Method: GET` beside
 * the proxy's `X-Original-Method: POST` does not escape the CSRF check.
 */
export function forwardedMethod(request: Request): string {
  let method: string | undefined;
  for (const name of FORWARDED_METHOD_HEADERS) {
    const value = request.headers.get(name)?.trim().toUpperCase();
    if (!value) continue;
    if (needsCsrfCheck(value)) return value;
    method ??= value;
  }
  return method ?? request.method;
}

/**
 * The token a request presents: a bearer header wins over the cookie when both are there. `method`
 * is the one the CSRF rule applies to (forward auth passes the original request's).
 */
export function presentedToken(
  { request, cookie }: Pick<HttpExchange, "request" | "cookie">,
  method: string = request.method,
): PresentedToken | null {
  const bearer = bearerToken(request.headers.get("authorization"));
  const token = bearer ?? cookie[ACCESS_COOKIE]?.value;
  const tossed = hasTossedCookie(request.headers.get("cookie"));
  if (!tossed && (typeof token !== "string" || token === "")) return null;
  return {
    token: typeof token === "string" ? token : "",
    source: bearer !== null ? "bearer" : "cookie",
    method,
    csrfHeader: request.headers.get(CSRF_HEADER),
    tossed,
  };
}

export type SessionTransport = ReturnType<typeof createSessionTransport>;

/**
 * The only place cookie attributes are written. The access token is HttpOnly (no script reads
 * it); the CSRF value is readable so the page can echo it in X-CSRF-TOKEN. Both are SameSite=Lax,
 * Path=/, Secure when configured, and live as long as the token.
 */
export function createSessionTransport(settings: CookieSettings) {
  const setCookies = (jar: HttpExchange["cookie"], token: string, csrf: string, maxAge: number): void => {
    const common = { path: "/", sameSite: "lax", secure: settings.secure, maxAge } as const;
    jar[ACCESS_COOKIE]?.set({ ...common, value: token, httpOnly: true });
    jar[CSRF_COOKIE]?.set({ ...common, value: csrf, httpOnly: false });
  };

  /**
   * The session's times (seconds since the epoch, no secret) for the dashboard, which cannot read
   * the HttpOnly token: a live countdown, and a visible jump when the token is renewed.
   */
  const expose = (set: HttpExchange["set"], times: SessionTimes): void => {
    set.headers["x-token-expires-at"] = String(times.tokenExpiresAt);
    set.headers["x-session-expires-at"] = String(times.sessionExpiresAt);
  };

  return {
    expose,
    /** A new or renewed token: both cookies and the expiry headers. */
    write({ cookie, set }: Pick<HttpExchange, "cookie" | "set">, issued: IssuedSession): void {
      setCookies(cookie, issued.token, issued.csrf, issued.maxAgeSeconds);
      expose(set, issued.times);
    },
    /** Both cookies expired at once (Max-Age=0) with the same attributes they were set with. */
    clear({ cookie }: Pick<HttpExchange, "cookie">): void {
      setCookies(cookie, "", "", 0);
    },
  };
}
