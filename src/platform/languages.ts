/** The languages the product speaks (their folders are languages/<code>/), as BCP 47 tags. */
export const LANGUAGES = ["en", "de", "fr", "es", "pt-BR", "zh-Hans"] as const;
export type Language = (typeof LANGUAGES)[number];

export const isLanguage = (value: unknown): value is Language =>
  typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
