/**
 * The languages the product speaks, and its sentences by language. Each feature writes its own in
 * English (its `messages.ts`, made with `catalogue(name, english)`); a language's folder
 * (languages/<code>/) translates them, key for key, and is installed at start. Reading a sentence
 * (`MESSAGES.notFound`, `MESSAGES.bodyTooLarge(64)`) gives it in the language of the moment: the
 * server's request (src/http/language.ts says which), the dashboard's page. No node module here:
 * the dashboard shares this file.
 */

import type { Language } from "../platform/languages.ts";

export { isLanguage, LANGUAGES, type Language } from "../platform/languages.ts";

/** A feature's sentences: fixed, or made from values (a count, a name). */
export type Sentences = Readonly<Record<string, string | ((...args: never[]) => string)>>;

/** A translation of sentences: the same keys, each a string or a function of the same arguments. */
export type Translated<S extends Sentences> = { readonly [K in keyof S]: S[K] extends string ? string : S[K] };

let source: () => Language = () => "en";
/** Where the language of the moment comes from (the server: its request; the dashboard: its page). */
export function setLanguageSource(read: () => Language): void {
  source = read;
}
export const currentLanguage = (): Language => source();

const english = new Map<string, Sentences>();
const translations = new Map<Language, Map<string, Sentences>>();

/** Every catalogue made so far, in English (the tests hold each language to them). */
export const englishCatalogues = (): ReadonlyMap<string, Sentences> => english;

/** The translations of one language, by catalogue name (a language's folder gives them). */
export function installTranslations(language: Language, byCatalogue: Readonly<Record<string, Sentences>>): void {
  const installed = translations.get(language) ?? new Map<string, Sentences>();
  for (const [name, sentences] of Object.entries(byCatalogue)) installed.set(name, sentences);
  translations.set(language, installed);
}

/** A sentence of a catalogue in a language (English where the language has none). */
export function sentence(name: string, key: string, language: Language): Sentences[string] | undefined {
  const own = language === "en" ? undefined : translations.get(language)?.get(name)?.[key];
  return own ?? english.get(name)?.[key];
}

/**
 * A feature's sentences, named (`access`, `sign-in`): the English given here, read in the language of
 * the moment. The object looks and types exactly as the English one.
 */
export function catalogue<S extends Sentences>(name: string, sentences: S): S {
  english.set(name, sentences);
  return new Proxy(sentences, {
    get(target, key) {
      if (typeof key !== "string" || !(key in target)) return Reflect.get(target, key);
      return sentence(name, key, currentLanguage());
    },
  });
}

/** A count with its noun, by the language's plural rules: `counted(3, {one: "# device", other: "# devices"})`. */
export function counted(n: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }): string {
  const rule = new Intl.PluralRules(currentLanguage()).select(n);
  return (forms[rule] ?? forms.other).replace("#", new Intl.NumberFormat(currentLanguage()).format(n));
}
