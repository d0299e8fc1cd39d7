/**
 * The languages the product speaks (their folders are languages/<code>/), as BCP 47 tags, and the
 * choice among them a browser's languages make (Accept-Language, navigator.languages). Pure: the
 * dashboard shares it.
 */
export const LANGUAGES = ["en", "de", "fr", "es", "pt-BR", "zh-Hans"] as const;
export type Language = (typeof LANGUAGES)[number];

export const isLanguage = (value: unknown): value is Language =>
  typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);

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
