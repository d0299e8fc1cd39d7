/**
 * Which language a request is answered in: the signed-in user's choice (`user.language`), else the
 * browser's `Accept-Language`, else DEFAULT_LANGUAGE. Each request runs in a scope of its own
 * (AsyncLocalStorage, entered by the app's fetch), which the sentences of every catalogue read; an
 * answer that said a sentence carries `Content-Language`. Mail is written in a scope of the
 * recipient's language (`inLanguage`).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { Elysia } from "elysia";
import { isLanguage, LANGUAGES, type Language, setLanguageSource } from "./catalogue.ts";

interface Scope {
  /** Accept-Language, parsed when first needed. */
  header: string | null;
  fallback: Language;
  /** The signed-in user's choice, once the session is read. */
  chosen: Language | null;
  /** Set by inLanguage: this language, whatever the request says. */
  fixed: Language | null;
  /** Whether a sentence was read (the answer then says its language). */
  used: boolean;
  negotiated?: Language;
}

const scopes = new AsyncLocalStorage<Scope>();

/** A language tag as the product has it: `de-AT` is German, `pt-PT` Portuguese, `zh-CN` Simplified Chinese. */
export function languageOf(tag: string): Language | null {
  const lower = tag.trim().toLowerCase();
  if (lower === "*" || lower === "") return null;
  const [base, ...rest] = lower.split("-");
  if (base === "zh") {
    // Traditional script (zh-Hant, zh-TW, zh-HK, zh-MO) is not Simplified: not ours.
    if (rest.some((part) => ["hant", "tw", "hk", "mo"].includes(part))) return null;
    return "zh-Hans";
  }
  if (base === "pt") return "pt-BR";
  return LANGUAGES.find((language) => language === base) ?? null;
}

/** The first language of Accept-Language (by q, then order) the product speaks; null when none. */
export function negotiate(header: string | null): Language | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .slice(0, 20)
    .map((part, index) => {
      const [tag = "", ...params] = part.split(";");
      const q = Number(
        params
          .find((p) => p.trim().startsWith("q="))
          ?.trim()
          .slice(2) ?? "1",
      );
      return { tag, q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const language = languageOf(tag);
    if (language) return language;
  }
  return null;
}

function languageOfScope(scope: Scope | undefined): Language {
  if (!scope) return "en";
  scope.used = true;
  if (scope.fixed) return scope.fixed;
  if (scope.chosen) return scope.chosen;
  scope.negotiated ??= negotiate(scope.header) ?? scope.fallback;
  return scope.negotiated;
}

setLanguageSource(() => languageOfScope(scopes.getStore()));

/** The language of the moment (DEFAULT_LANGUAGE's outside any request: "en" by default). */
export const requestLanguage = (): Language => languageOfScope(scopes.getStore());

/** The signed-in user's choice: it wins over the header for the rest of this request. */
export function chooseLanguage(language: string | null | undefined): void {
  const scope = scopes.getStore();
  if (scope && isLanguage(language)) scope.chosen = language;
}

/** Runs `work` in `language` (a mail to someone else, in their language), whatever the request's. */
export function inLanguage<T>(language: Language, work: () => T): T {
  return scopes.run({ header: null, fallback: language, chosen: null, fixed: language, used: false }, work);
}

/**
 * The app's requests, each in a scope of its own (Elysia's `wrap`: around its whole fetch, the
 * error handler included); `Content-Language` on an answer that said a sentence.
 */
export function languagePlugin(fallback: Language) {
  return new Elysia({ name: "language" }).wrap(
    (handle, request) =>
      (...args: unknown[]) =>
        scopes.run(
          { header: request.headers.get("accept-language"), fallback, chosen: null, fixed: null, used: false },
          async () => {
            const scope = scopes.getStore() as Scope;
            const response = (await (handle as (...a: unknown[]) => unknown)(...args)) as Response;
            if (scope.used && response instanceof Response && !response.headers.has("content-language")) {
              try {
                response.headers.set("content-language", languageOfScope(scope));
              } catch {
                // An immutable Response (a redirect made by Response.redirect) goes as it is.
              }
            }
            return response;
          },
        ),
  );
}
