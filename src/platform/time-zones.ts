/**
 * A time zone as a browser names it (`Intl.DateTimeFormat().resolvedOptions().timeZone`: an IANA
 * name such as `Europe/Berlin`), accepted only when this runtime knows it. Pure.
 */
const NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;

export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || value.length > 64 || !NAME.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
