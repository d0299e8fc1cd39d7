import type { Cookie } from "elysia";

/** The names Flask-JWT-Extended used, so clients of the original keep working. */
export const ACCESS_COOKIE = "access_token_cookie";
export const CSRF_COOKIE = "csrf_access_token";
export const CSRF_HEADER = "x-csrf-token";

export interface CookieSettings {
  secure: boolean;
}

type Jar = Record<string, Cookie<unknown>>;

/**
 * The only place cookie attributes are written. The access token is HttpOnly (no script reads
 * it); the CSRF value is readable so the page can echo it in X-CSRF-TOKEN. Both are SameSite=Lax,
 * Path=/, Secure when configured, and live as long as the token.
 */
export function setSessionCookies(jar: Jar, settings: CookieSettings, token: string, csrf: string, maxAge: number): void {
  const common = { path: "/", sameSite: "lax", secure: settings.secure, maxAge } as const;
  jar[ACCESS_COOKIE]?.set({ ...common, value: token, httpOnly: true });
  jar[CSRF_COOKIE]?.set({ ...common, value: csrf, httpOnly: false });
}

/**
 * The session's times (seconds since the epoch, no secret) for the dashboard, which cannot read
 * the HttpOnly token: a live countdown, and a visible jump when the token is refreshed.
 */
export function exposeSessionTimes(headers: Record<string, unknown>, tokenExpiresAt: number, sessionExpiresAt: number): void {
  headers["x-token-expires-at"] = String(tokenExpiresAt);
  headers["x-session-expires-at"] = String(sessionExpiresAt);
}

/** Both cookies expired at once (Max-Age=0) with the same attributes they were set with. */
export function clearSessionCookies(jar: Jar, settings: CookieSettings): void {
  setSessionCookies(jar, settings, "", "", 0);
}
