import { STEPS_TEXT as T } from "./steps-messages.ts";

/** A code as both code steps check it before sending: the app's six digits, or a recovery code given. */
export function codeProblem(code: string, recovery: boolean): Record<string, string> {
  const value = code.trim();
  if (recovery) return value ? {} : { code: T.recoveryCodeRequired };
  return /^\d{6}$/.test(value.replace(/\s+/g, "")) ? {} : { code: T.sixDigits };
}
