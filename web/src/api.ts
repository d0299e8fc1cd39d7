/**
 * The one API client: same-origin cookies, JSON, X-CSRF-TOKEN from the csrf_access_token cookie on
 * every state-changing request. The access token itself is HttpOnly: this code never sees it.
 */

import type { ErrorBody, FieldError } from "../../src/http/schemas.ts";
import { APP_MESSAGES as T } from "./messages.ts";

export type { FieldError };

export interface ApiError {
  status: number;
  msg: string;
  errors: FieldError[];
  /** Seconds, from Retry-After (429, 503). */
  retryAfter: number | null;
  /** The server could not be reached at all. */
  network: boolean;
  /** On a 401: why (a session's end; a sign-in step's `expired`). */
  reason?: ErrorBody["reason"];
}

/** Whether an action's answer is the API's error (actions answer their data or an ApiError). */
export const failed = (result: object): result is ApiError => "status" in result && "network" in result;

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; error: ApiError };

export interface ApiHooks {
  /** A session cookie request came back 401: the session is over (`reason`: why, when the server says). */
  onUnauthorized(reason: ErrorBody["reason"]): void;
  /** An authenticated response told the token's and the session's expiry (seconds since the epoch). */
  onSessionTimes(tokenExpiresAt: number, sessionExpiresAt: number): void;
}

export const CSRF_COOKIE = "csrf_access_token";

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return null;
}

/** The session's CSRF value, for a link that must prove it comes from the dashboard's own page. */
export const csrfValue = (): string | null => readCookie(CSRF_COOKIE);

export function hasSessionCookie(): boolean {
  return readCookie(CSRF_COOKIE) !== null;
}

export function createApi(hooks: ApiHooks) {
  async function request<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (method !== "GET") {
      const csrf = readCookie(CSRF_COOKIE);
      if (csrf) headers["x-csrf-token"] = csrf;
    }
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch {
      return {
        ok: false,
        error: {
          status: 0,
          msg: T.unreachable,
          errors: [],
          retryAfter: null,
          network: true,
        },
      };
    }

    const tokenExpires = Number(response.headers.get("x-token-expires-at"));
    const sessionExpires = Number(response.headers.get("x-session-expires-at"));
    if (tokenExpires > 0 && sessionExpires > 0) hooks.onSessionTimes(tokenExpires, sessionExpires);

    const data = (await response.json().catch(() => null)) as (T & Partial<ErrorBody>) | null;
    if (response.ok) return { ok: true, status: response.status, data: data as T };
    const retryAfter = Number(response.headers.get("retry-after"));
    // A failed sign-in (a password, a code, a passkey) is not a session ending.
    if (response.status === 401 && !path.startsWith("/api/users/login")) hooks.onUnauthorized(data?.reason);
    return {
      ok: false,
      error: {
        status: response.status,
        msg: data?.msg ?? T.serverAnswered(response.status),
        errors: data?.errors ?? [],
        retryAfter: retryAfter > 0 ? retryAfter : null,
        network: false,
        reason: data?.reason,
      },
    };
  }

  return {
    get: <T>(path: string) => request<T>("GET", path),
    post: <T>(path: string, body?: unknown) => request<T>("POST", path, body),
    put: <T>(path: string, body: unknown) => request<T>("PUT", path, body),
    patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, body),
    delete: <T>(path: string, body?: unknown) => request<T>("DELETE", path, body),
  };
}
