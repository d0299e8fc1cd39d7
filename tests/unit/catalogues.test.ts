/**
 * The languages' catalogues against the English ones (src/languages.ts, languages/<code>/): every
 * key in every language and no other, each sentence made from the same values, every value the
 * English sentence shows shown by the translation too, a plural for every count class of the
 * language, and no sentence left in English.
 */
import { describe, expect, test } from "bun:test";
import { LANGUAGES, type Language, type Sentences } from "../../src/http/catalogue.ts";
import { inLanguage } from "../../src/http/language.ts";
import { SERVER_CATALOGUES, SERVER_TRANSLATIONS } from "../../src/languages.ts";

/** Sample values by the English sentence's parameter names: a count, a list, or a text to find again. */
const NUMBERS = /^(retryAfterSeconds|n|kib|levels|min|max)$/;
const LISTS = /^(down)$/;

function argsFor(english: (...args: never[]) => string): unknown[] {
  const params = /^\(([^)]*)\)/.exec(english.toString())?.[1] ?? "";
  return params
    .split(",")
    .map((p) => p.split(":")[0]?.trim() ?? "")
    .filter(Boolean)
    .map((name, i) => (NUMBERS.test(name) ? 7 + i * 4 : LISTS.test(name) ? ["«ONE»", "«TWO»"] : `«VALUE${i}»`));
}

const shown = (args: unknown[]): string[] =>
  args.flatMap((a) => (Array.isArray(a) ? a.map(String) : typeof a === "string" ? [a] : []));

const translations = Object.entries(SERVER_TRANSLATIONS) as Array<[Language, Record<string, Sentences>]>;

/** Sentences read by a key made at run time (a notice's kind, a JSON type, a scope), not by name. */
const READ_BY_MADE_KEY = /^(mail\.[a-z_]+(Subject|Happened)|request-fields\.type[A-Z]\w+|oidc-scopes\.\w+)$/;

describe("the server's catalogues", () => {
  test("no unused sentence: each English key is read somewhere in src/", async () => {
    const glob = new Bun.Glob("src/**/*.ts");
    let source = "";
    for await (const file of glob.scan({ cwd: `${import.meta.dir}/../..` }))
      if (!file.endsWith("/messages.ts") && !file.endsWith("languages.ts"))
        source += await Bun.file(`${import.meta.dir}/../../${file}`).text();
    const unused = Object.entries(SERVER_CATALOGUES).flatMap(([name, sentences]) =>
      Object.keys(sentences)
        .filter((key) => !READ_BY_MADE_KEY.test(`${name}.${key}`))
        .filter((key) => !new RegExp(`\\.${key}\\b`).test(source))
        .map((key) => `${name}.${key}`),
    );
    expect(unused).toEqual([]);
  });

  test("every language but English has a translation", () => {
    expect(translations.map(([language]) => language).sort()).toEqual(LANGUAGES.filter((l) => l !== "en").sort());
  });

  for (const [language, translation] of translations) {
    describe(language, () => {
      test("every catalogue and key of the English, and none other", () => {
        const missing: string[] = [];
        const extra: string[] = [];
        for (const [name, english] of Object.entries(SERVER_CATALOGUES)) {
          const own = translation[name] ?? {};
          for (const key of Object.keys(english)) if (!(key in own)) missing.push(`${name}.${key}`);
          for (const key of Object.keys(own)) if (!(key in english)) extra.push(`${name}.${key}`);
        }
        for (const name of Object.keys(translation)) if (!(name in SERVER_CATALOGUES)) extra.push(name);
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      });

      test("each sentence of the same kind; the values the English shows, shown; nothing left in English", () => {
        const problems: string[] = [];
        for (const [name, english] of Object.entries(SERVER_CATALOGUES) as Array<[string, Sentences]>) {
          for (const [key, source] of Object.entries(english)) {
            const own = translation[name]?.[key];
            if (typeof source !== typeof own) {
              problems.push(`${name}.${key}: ${typeof own}, not ${typeof source}`);
              continue;
            }
            if (typeof source === "string") {
              if (own === source) problems.push(`${name}.${key}: still English`);
              continue;
            }
            const args = argsFor(source);
            const englishText = inLanguage("en", () => (source as (...a: unknown[]) => string)(...args));
            const ownText = inLanguage(language, () => (own as (...a: unknown[]) => string)(...args));
            for (const value of shown(args))
              if (englishText.includes(value) && !ownText.includes(value))
                problems.push(`${name}.${key}: does not show ${value}`);
            if (ownText === englishText) problems.push(`${name}.${key}: still English`);
          }
        }
        expect(problems).toEqual([]);
      });

      test("a count reads right in every plural class of the language", () => {
        const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
        // A number of each class the language has (0, 1, 2, 3, 5, 11, 21, 100, 1.5 cover them all).
        const numbers = [0, 1, 2, 3, 5, 11, 21, 100];
        const byClass = new Map(numbers.map((n) => [new Intl.PluralRules(language).select(n), n]));
        expect(categories.every((c) => byClass.has(c) || c === "many" || c === "few")).toBe(true);
        const sentence = translation.http?.otherSessionsRevoked as (n: number) => string;
        for (const n of byClass.values()) {
          const text = inLanguage(language, () => sentence(n));
          if (n > 0) expect(text).toContain(new Intl.NumberFormat(language).format(n));
        }
      });
    });
  }
});
