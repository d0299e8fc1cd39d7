/**
 * The dashboard's language. The account's choice when somebody is signed in and made one; else
 * the one this browser was last given (the `datta_language` cookie, which the server reads too, so
 * its answers agree); else the first of the browser's own languages the product speaks; else
 * English. English is part of the first load; another language's sentences are fetched when it is
 * first shown: the first page's (languages/<code>/dashboard.ts) at once, the other pages'
 * (pages.ts) with the first of those pages (`pageSentences`), so the first load stays small.
 */
import { signal } from "@preact/signals";
import { installTranslations, type Language, setLanguageSource } from "../../src/http/catalogue.ts";
import { isLanguage, negotiate } from "../../src/platform/languages.ts";
import type { FirstCatalogue, PagesCatalogue } from "./catalogues.ts";

/** Each language in its own words, as somebody looking for theirs reads it. */
export const LANGUAGE_NAMES: ReadonlyArray<readonly [Language, string]> = [
  ["en", "English"],
  ["de", "Deutsch"],
  ["fr", "Français"],
  ["es", "Español"],
  ["pt-BR", "Português (Brasil)"],
  ["zh-Hans", "简体中文"],
];

type Load<T> = () => Promise<{ default: T }>;
const FIRST: Record<Exclude<Language, "en">, Load<FirstCatalogue>> = {
  de: () => import("../../languages/de/dashboard.ts"),
  fr: () => import("../../languages/fr/dashboard.ts"),
  es: () => import("../../languages/es/dashboard.ts"),
  "pt-BR": () => import("../../languages/pt-BR/dashboard.ts"),
  "zh-Hans": () => import("../../languages/zh-Hans/dashboard.ts"),
};
const PAGES: Record<Exclude<Language, "en">, Load<PagesCatalogue>> = {
  de: () => import("../../languages/de/pages.ts"),
  fr: () => import("../../languages/fr/pages.ts"),
  es: () => import("../../languages/es/pages.ts"),
  "pt-BR": () => import("../../languages/pt-BR/pages.ts"),
  "zh-Hans": () => import("../../languages/zh-Hans/pages.ts"),
};

/** The language every sentence of the dashboard is read in; a page reading one is drawn again when it changes. */
export const language = signal<Language>("en");
// In a page only: the server's code run by tests (which load the dashboard's modules too) keeps its own.
if (typeof document !== "undefined") setLanguageSource(() => language.value);

/** Set by the server (src/http/language.ts) and by the switcher; readable here, unlike the session's. */
const COOKIE = "datta_language";

/** The language this browser was last given, if any. */
function rememberedLanguage(): Language | null {
  const value = document.cookie
    .split("; ")
    .find((pair) => pair.startsWith(`${COOKIE}=`))
    ?.slice(COOKIE.length + 1);
  return isLanguage(value) ? value : null;
}

/** What the dashboard shows before it knows whose it is. */
export const firstLanguage = (): Language => rememberedLanguage() ?? negotiate(navigator.languages.join(",")) ?? "en";

/** Each part of each language, installed once (its promise, so two pages asking share one fetch). */
const installing = new Map<string, Promise<void>>();
function install(next: Language, part: "first" | "pages"): Promise<void> {
  if (next === "en") return Promise.resolve();
  const key = `${next}/${part}`;
  let done = installing.get(key);
  if (!done) {
    const load: Load<Record<string, never>> = (part === "first" ? FIRST : PAGES)[next] as never;
    done = load().then((module) => installTranslations(next, module.default));
    done.catch(() => installing.delete(key));
    installing.set(key, done);
  }
  return done;
}

/** Whether a page past the first has been drawn: a change of language then fetches their sentences too. */
let pagesShown = false;

/** The other pages' sentences in the language shown, fetched before such a page is first drawn. */
export function pageSentences(): Promise<void> {
  pagesShown = true;
  return install(language.value, "pages");
}

/**
 * Shows the dashboard in a language: its sentences fetched the first time (the page stays in the
 * one it has until they come; if they cannot be fetched, it stays and this rejects), then every
 * page in it, and `<html lang>` saying so.
 */
export async function showLanguage(next: Language): Promise<void> {
  await Promise.all([install(next, "first"), pagesShown ? install(next, "pages") : undefined]);
  language.value = next;
  document.documentElement.lang = next;
}

/**
 * The language picked on a signed-out page in this tab, if one was (kept across its reloads): an
 * account with none keeps it once signed in, and then it is forgotten here.
 */
const PICKED = "datta.language-picked";
export function pickedLanguage(): Language | null {
  const picked = sessionStorage.getItem(PICKED);
  sessionStorage.removeItem(PICKED);
  return isLanguage(picked) ? picked : null;
}

/** Tells the server this browser's time zone (a cookie, read with the session): the account's notices name their times in it. */
export function sayTimeZone(): void {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const secure = location.protocol === "https:" ? "; Secure" : "";
  if (!zone) return;
  // biome-ignore lint/suspicious/noDocumentCookie: one cookie of fixed shape; the Cookie Store API is not in every browser yet
  document.cookie = `datta_time_zone=${encodeURIComponent(zone)}; Max-Age=31536000; Path=/; SameSite=Lax${secure}`;
}

/** Remembers a language for this browser (as the server does, for a year), so its answers follow. */
export function rememberLanguage(next: Language): void {
  sessionStorage.setItem(PICKED, next);
  const secure = location.protocol === "https:" ? "; Secure" : "";
  // biome-ignore lint/suspicious/noDocumentCookie: one cookie of fixed shape; the Cookie Store API is not in every browser yet
  document.cookie = `${COOKIE}=${next}; Max-Age=31536000; Path=/; SameSite=Lax${secure}`;
}
