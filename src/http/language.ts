/**
 * Which language a request is answered in: the signed-in user's choice (`user.language`), else the
 * browser's `Accept-Language`, else DEFAULT_LANGUAGE. Each request runs in a scope of its own
 * (AsyncLocalStorage, entered by the app's fetch), which the sentences of every catalogue read; an
 * answer that said a sentence carries `Content-Language`. Mail is written in a scope of the
 * recipient's language (`inLanguage`).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { Elysia } from "elysia";
import { negotiate } from "../platform/languages.ts";
import { isTimeZone } from "../platform/time-zones.ts";
import { isLanguage, type Language, setLanguageSource } from "./catalogue.ts";

/**
 * The language the signed-in user chose, remembered by their browser (not HttpOnly: the dashboard
 * reads it to load its pages' language at once): it speaks before the session is read (a 422 of a
 * body's shape), and the session's own choice corrects it.
 */
export const LANGUAGE_COOKIE = "datta_language";
/** The time zone the browser says it is in (set by the dashboard): the signed-in account keeps it for its notices. */
export const TIME_ZONE_COOKIE = "datta_time_zone";

interface Scope {
  /** Accept-Language, parsed when first needed. */
  header: string | null;
  /** The request's Cookie header: its language cookie is read when a sentence is first needed. */
  cookies: string | null;
  /** The language cookie, until the session is read (undefined: not read yet). */
  remembered?: Language | null;
  fallback: Language;
  /** The signed-in user's choice, once the session is read. */
  chosen: Language | null;
  /** Set by inLanguage: this language, whatever the request says. */
  fixed: Language | null;
  /** Whether a sentence was read (the answer then says its language). */
  used: boolean;
  /** The time zone times are named in (a mail's recipient's); UTC when none. */
  timeZone?: string | null;
  negotiated?: Language;
}

const scopes = new AsyncLocalStorage<Scope>();

function languageOfScope(scope: Scope | undefined): Language {
  if (!scope) return "en";
  scope.used = true;
  if (scope.fixed) return scope.fixed;
  if (scope.chosen) return scope.chosen;
  if (scope.remembered === undefined) scope.remembered = languageCookie(scope.cookies);
  if (scope.remembered) return scope.remembered;
  scope.negotiated ??= negotiate(scope.header) ?? scope.fallback;
  return scope.negotiated;
}

setLanguageSource(() => languageOfScope(scopes.getStore()));

/** The language of the moment (DEFAULT_LANGUAGE's outside any request: "en" by default). */
export const requestLanguage = (): Language => languageOfScope(scopes.getStore());

/** The signed-in user's choice (none: the browser's header, not what the cookie remembered). */
export function chooseLanguage(language: string | null | undefined): void {
  const scope = scopes.getStore();
  if (!scope) return;
  scope.chosen = isLanguage(language) ? language : null;
  scope.remembered = null;
}

function languageCookie(cookies: string | null): Language | null {
  const value = /(?:^|;\s*)datta_language=([A-Za-z-]{2,8})/.exec(cookies ?? "")?.[1];
  return isLanguage(value) ? value : null;
}

/** The language cookie a request carries, when it names one of ours. */
export const rememberedLanguage = (request: Request): Language | null => languageCookie(request.headers.get("cookie"));

/** Runs `work` in `language` (a mail to someone else, in their language), whatever the request's; times in `timeZone`. */
export function inLanguage<T>(language: Language, work: () => T, timeZone: string | null = null): T {
  return scopes.run(
    {
      header: null,
      cookies: null,
      remembered: null,
      fallback: language,
      chosen: null,
      fixed: language,
      used: false,
      timeZone,
    },
    work,
  );
}

/** The time zone of the moment (a mail's recipient's), or null: times are then named in UTC. */
export const currentTimeZone = (): string | null => scopes.getStore()?.timeZone ?? null;

/** The time zone cookie a request carries, when it names one this runtime knows. */
export function rememberedTimeZone(request: Request): string | null {
  const value = /(?:^|;\s*)datta_time_zone=([^;]{1,64})/.exec(request.headers.get("cookie") ?? "")?.[1];
  const name = value === undefined ? null : decodeURIComponent(value);
  return isTimeZone(name) ? name : null;
}

/**
 * Answers `request` in a language scope of its own (`answer` runs inside it, the error handler
 * included); `Content-Language` on an answer that said a sentence.
 */
export function inRequestLanguage(
  request: Request,
  fallback: Language,
  answer: () => Promise<Response> | Response,
): Promise<Response> {
  const scope: Scope = {
    header: request.headers.get("accept-language"),
    cookies: request.headers.get("cookie"),
    fallback,
    chosen: null,
    fixed: null,
    used: false,
  };
  return scopes.run(scope, async () => {
    const response = await answer();
    if (scope.used && response instanceof Response && !response.headers.has("content-language")) {
      try {
        response.headers.set("content-language", languageOfScope(scope));
      } catch {
        // An immutable Response (a redirect made by Response.redirect) goes as it is.
      }
    }
    return response;
  });
}

/** The app's requests, each in its language scope (Elysia's `wrap`: around its whole fetch). */
export function languagePlugin(fallback: Language) {
  return new Elysia({ name: "language" }).wrap(
    (handle, request) =>
      (...args: unknown[]) =>
        inRequestLanguage(
          request,
          fallback,
          () => (handle as (...a: unknown[]) => unknown)(...args) as Promise<Response>,
        ),
  );
}
