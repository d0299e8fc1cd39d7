/**
 * Which of the product's languages a browser's list chooses (src/platform/languages.ts): by q, then
 * by order; regional tags to the language we speak (de-AT, pt-PT, zh-CN), never Traditional Chinese;
 * a q of 0 or a malformed q ignored; `*` chooses nothing (the default speaks); a list too long read
 * only so far.
 */
import { describe, expect, test } from "bun:test";
import { languageOf, negotiate } from "../../src/platform/languages.ts";

describe("a browser's languages", () => {
  test("one tag at a time", () => {
    const cases: Array<[string, string | null]> = [
      ["de", "de"],
      ["DE-at", "de"],
      ["fr-CA", "fr"],
      ["es-419", "es"],
      ["pt", "pt-BR"],
      ["pt-PT", "pt-BR"],
      ["zh", "zh-Hans"],
      ["zh-CN", "zh-Hans"],
      ["zh-Hans-SG", "zh-Hans"],
      ["zh-TW", null],
      ["zh-Hant", null],
      ["zh-HK", null],
      ["en-GB", "en"],
      ["ja", null],
      ["*", null],
      ["", null],
    ];
    expect(cases.map(([tag]) => [tag, languageOf(tag)])).toEqual(cases);
  });

  test("a list: by q, then by order; q=0 and malformed q left out", () => {
    expect(negotiate("it, fr-CA;q=0.9, de;q=0.8")).toBe("fr");
    expect(negotiate("en;q=0.1, es;q=0.9")).toBe("es");
    expect(negotiate("de;q=0.5, fr;q=0.5")).toBe("de");
    expect(negotiate("fr;q=0, de")).toBe("de");
    expect(negotiate("fr;q=abc, es;q=0.2")).toBe("es");
    expect(negotiate(" zh-TW , zh-CN ; q=0.8")).toBe("zh-Hans");
    expect(negotiate("ja, *;q=0.5")).toBeNull();
    expect(negotiate(null)).toBeNull();
    expect(negotiate("")).toBeNull();
    // Twenty tags are read, no more.
    expect(negotiate(`${Array.from({ length: 20 }, (_, i) => `x${i}`).join(",")}, de`)).toBeNull();
    expect(negotiate(`${Array.from({ length: 19 }, (_, i) => `x${i}`).join(",")}, de`)).toBe("de");
  });
});
