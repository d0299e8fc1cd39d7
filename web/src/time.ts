import { currentLanguage } from "../../src/http/catalogue.ts";

/** The locale every date and number of the dashboard is written in: the page's language. */
export const locale = (): string => currentLanguage();

/** A moment as every page shows it: the date and the time of day, in the page's language. */
export const exactTime = (iso: string): string =>
  new Date(iso).toLocaleString(locale(), { dateStyle: "medium", timeStyle: "short" });
