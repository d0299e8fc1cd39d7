/** A moment as every page shows it: the date and the time of day, in the browser's language. */
export const exactTime = (iso: string): string =>
  new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
