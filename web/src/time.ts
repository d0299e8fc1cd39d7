import { currentLanguage } from "../../src/http/catalogue.ts";
import { languageOf } from "../../src/platform/languages.ts";

/**
 * The locale every date and number of the dashboard is written in: the page's language, in the
 * browser's own region of it when it has one (en-GB writes "5 Dec", en-US "Dec 5"; de-AT "Jänner").
 */
export function locale(): string {
  const language = currentLanguage();
  const regional =
    typeof navigator === "undefined" ? undefined : navigator.languages.find((tag) => languageOf(tag) === language);
  return regional ?? language;
}

/** A moment as every page shows it: the date and the time of day, in the page's language. */
export const exactTime = (iso: string): string =>
  new Date(iso).toLocaleString(locale(), { dateStyle: "medium", timeStyle: "short" });
