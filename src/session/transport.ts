/**
 * How a session travels over HTTP. In: a bearer header or the access-token cookie. Out: both
 * cookies and the two expiry headers, written here only, by every path that starts, renews or
 * ends a session (sign-in, password change, the implicit refresh, sign-out, account deletion).
 */
import { LANGUAGE_COOKIE, rememberedLanguage } from "../http/language.ts";
import { needsCsrfCheck } from "./csrf.ts";
import type { IssuedSession, PresentedToken, SessionTimes } from "./service.ts";

/** The names Flask-JWT-Extended used, so clients of the original keep working. */
export const ACCESS_COOKIE = "access_token_cookie";
export const CSRF_COOKIE = "csrf_access_token";
export const CSRF_HEADER = "x-csrf-token";

export interface CookieSettings {
  secure: boolean;
}

/**
 * The parts of a request's context the transport reads and writes. The Cookie header is read
 * here, not through the framework's cookie jar: the one cookie we want is found in the same pass
 * that looks for a tossed second one, and no route pays for parsing the others (a tenth of the CPU
 * of an authenticated request went there). Set-Cookie is written here too, for the same reason.
 */
interface HttpExchange {
  request: Request;
  set: { headers: Record<string, unknown> };
}

function bearerToken(authorization: string | null): string | null {
  if (authorization === null) return null;
  const match = /^Bearer\s+(\S*)\s*$/i.exec(authorization);
  return match ? (match[1] ?? "") : null;
}

/**
 * The access-token cookie's value, or "tossed" when the request carries more than one: somebody on
 * a sibling subdomain (or a path below ours) has tossed one in beside ours, hoping that the server
 * reads theirs. Nobody's cookie is trusted then.
 */
function accessCookie(header: string | null): string | null | "tossed" {
  if (header === null) return null;
  const prefix = `${ACCESS_COOKIE}=`;
  let found: string | null = null;
  for (const part of header.split(";")) {
    const pair = part.trimStart();
    if (!pair.startsWith(prefix)) continue;
    if (found !== null) return "tossed";
    found = pair.slice(prefix.length).trimEnd();
  }
  return found;
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
export function presentedToken(request: Request, method: string = request.method): PresentedToken | null {
  const bearer = bearerToken(request.headers.get("authorization"));
  const cookie = accessCookie(request.headers.get("cookie"));
  const tossed = cookie === "tossed";
  const token = bearer ?? (tossed ? null : cookie);
  if (!tossed && (token === null || token === "")) return null;
  return {
    token: token ?? "",
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
  const secure = settings.secure ? "; Secure" : "";
  const setCookies = (set: HttpExchange["set"], token: string, csrf: string, maxAge: number): void => {
    const attributes = `; Max-Age=${maxAge}; Path=/${secure}`;
    // Both values are base64url (or empty): nothing to encode.
    set.headers["set-cookie"] = [
      `${ACCESS_COOKIE}=${token}${attributes}; HttpOnly; SameSite=Lax`,
      `${CSRF_COOKIE}=${csrf}${attributes}; SameSite=Lax`,
    ];
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
    write({ set }: Pick<HttpExchange, "set">, issued: IssuedSession): void {
      setCookies(set, issued.token, issued.csrf, issued.maxAgeSeconds);
      expose(set, issued.times);
    },
    /**
     * The language cookie (http/language.ts) made to say the user's choice, when the request's says
     * otherwise: set for a year, or cleared when the user chose none. Added to the other cookies.
     */
    language({ set }: Pick<HttpExchange, "set">, request: Request, language: string | null): void {
      if (rememberedLanguage(request) === language) return;
      const cookie = language
        ? `${LANGUAGE_COOKIE}=${language}; Max-Age=31536000; Path=/; SameSite=Lax${secure}`
        : `${LANGUAGE_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax${secure}`;
      const already = set.headers["set-cookie"];
      set.headers["set-cookie"] = already ? [...(Array.isArray(already) ? already : [already]), cookie] : cookie;
    },
    /** Both cookies expired at once (Max-Age=0) with the same attributes they were set with. */
    clear({ set }: Pick<HttpExchange, "set">): void {
      setCookies(set, "", "", 0);
    },
  };
}
