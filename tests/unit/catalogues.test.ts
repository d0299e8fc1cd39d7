/**
 * The languages' catalogues against the English ones, on each side: the server's
 * (languages/<code>/server.ts), the dashboard's first page's (dashboard.ts) and its other pages'
 * (pages.ts). Every key in every language and no other, each sentence made from the same values,
 * every value the English sentence shows shown by the translation too, a plural for every count
 * class of the language, no sentence left in English, and no English sentence nobody reads.
 */
import { describe, expect, test } from "bun:test";
import { LANGUAGES, type Language, type Sentences } from "../../src/http/catalogue.ts";
import { inLanguage } from "../../src/http/language.ts";
import { SERVER_CATALOGUES, SERVER_TRANSLATIONS } from "../../src/languages.ts";
import { FIRST_CATALOGUES, PAGE_CATALOGUES } from "../../web/src/catalogues.ts";

/** Sample values by the English sentence's parameter names: a count, a list, or a text to find again. */
const NUMBERS = /^(retryAfterSeconds|n|kib|levels|min|max|days|logins|failed|left|status|shown|total)$/;
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

type Catalogues = Readonly<Record<string, Sentences>>;
const others = LANGUAGES.filter((l) => l !== "en");
const folder = async (file: string) =>
  Object.fromEntries(
    await Promise.all(
      others.map(async (l) => [l, (await import(`../../languages/${l}/${file}`)).default as Catalogues] as const),
    ),
  ) as Record<Language, Catalogues>;

/** Each side: its English catalogues, each language's translation of them, and where the English is read. */
const SIDES: Array<{
  side: string;
  english: Catalogues;
  translations: Partial<Record<Language, Catalogues>>;
  source: string[];
}> = [
  { side: "the server's", english: SERVER_CATALOGUES, translations: SERVER_TRANSLATIONS, source: ["src/**/*.ts"] },
  {
    side: "the dashboard's first page's",
    english: FIRST_CATALOGUES,
    translations: await folder("dashboard.ts"),
    source: ["src/**/*.ts", "web/src/**/*.{ts,tsx}"],
  },
  {
    side: "the dashboard's other pages'",
    english: PAGE_CATALOGUES,
    translations: await folder("pages.ts"),
    source: ["src/**/*.ts", "web/src/**/*.{ts,tsx}"],
  },
];

/** Words a language writes as English does (a loanword, a product's term): not left untranslated. */
const SAME_WORD = new Set([
  "Dashboard",
  "Code",
  "Name",
  "Tablet",
  "Computer",
  "IP",
  "Admin",
  "Passkeys",
  "Passkey",
  "Hosts",
  "Host",
  "Session",
  "Sessions",
  "Navigation",
  "Applications",
  "E-mail",
  "Type",
  "Datta Dashboard",
  "Logins",
  ".",
  "Administrator",
  "public",
  "Name (optional)",
]);

/** Sentences read by a key made at run time (a notice's kind, a JSON type, a scope), not by name. */
const READ_BY_MADE_KEY = /^(mail\.[a-z_]+(Subject|Happened)|request-fields\.type[A-Z]\w+|oidc-scopes\.\w+)$/;

for (const { side, english: CATALOGUES, translations: byLanguage, source: SOURCE } of SIDES) {
  const translations = Object.entries(byLanguage) as Array<[Language, Record<string, Sentences>]>;
  describe(`${side} catalogues`, () => {
    test("no unused sentence: each English key is read somewhere", async () => {
      let source = "";
      for (const pattern of SOURCE)
        for await (const file of new Bun.Glob(pattern).scan({ cwd: `${import.meta.dir}/../..` }))
          if (!/(messages|labels)\.ts$/.test(file) && !file.endsWith("languages.ts"))
            source += await Bun.file(`${import.meta.dir}/../../${file}`).text();
      const unused = Object.entries(CATALOGUES).flatMap(([name, sentences]) =>
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
          for (const [name, english] of Object.entries(CATALOGUES)) {
            const own = translation[name] ?? {};
            for (const key of Object.keys(english)) if (!(key in own)) missing.push(`${name}.${key}`);
            for (const key of Object.keys(own)) if (!(key in english)) extra.push(`${name}.${key}`);
          }
          for (const name of Object.keys(translation)) if (!(name in CATALOGUES)) extra.push(name);
          expect({ missing, extra }).toEqual({ missing: [], extra: [] });
        });

        test("each sentence of the same kind; the values the English shows, shown; nothing left in English", () => {
          const problems: string[] = [];
          for (const [name, english] of Object.entries(CATALOGUES) as Array<[string, Sentences]>) {
            for (const [key, source] of Object.entries(english)) {
              const own = translation[name]?.[key];
              if (typeof source !== typeof own) {
                problems.push(`${name}.${key}: ${typeof own}, not ${typeof source}`);
                continue;
              }
              if (typeof source === "string") {
                if (own === source && !SAME_WORD.has(source)) problems.push(`${name}.${key}: still English`);
                continue;
              }
              const args = argsFor(source);
              const englishText = inLanguage("en", () => (source as (...a: unknown[]) => string)(...args));
              const ownText = inLanguage(language, () => (own as (...a: unknown[]) => string)(...args));
              for (const value of shown(args))
                if (englishText.includes(value) && !ownText.includes(value))
                  problems.push(`${name}.${key}: does not show ${value}`);
              // A sentence of values only (a title and the product's name, a label and its phrase) may read the same.
              const words = englishText.replace(/«[^»]*»/g, "").replace("Datta Dashboard", "");
              if (ownText === englishText && /[a-z]{2,}/i.test(words)) problems.push(`${name}.${key}: still English`);
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
          // Every sentence of a count (`n`), at a number of each class: the number in the sentence.
          const counts = Object.entries(CATALOGUES).flatMap(([name, english]) =>
            Object.entries(english)
              .filter(([, source]) => typeof source === "function" && /^\(n(: number)?\)/.test(source.toString()))
              .map(([key]) => [`${name}.${key}`, translation[name]?.[key] as (n: number) => string] as const),
          );
          const wrong = counts.flatMap(([where, sentence]) =>
            [...byClass.values()]
              .filter((n) => n > 0)
              .filter(
                (n) => !inLanguage(language, () => sentence(n)).includes(new Intl.NumberFormat(language).format(n)),
              )
              .map((n) => `${where}(${n})`),
          );
          expect(wrong).toEqual([]);
        });
      });
    }
  });
}
