/**
 * The sentences every feature shares: the session's (sign-in required, ended, CSRF), the password
 * typed again, a request's faults and the server's; and the field phrases of a 422. Each feature
 * says the rest in its own `messages.ts`. The dashboard shows these as they come (it imports the
 * field phrases, through the account rules, to check forms before sending them).
 *
 * Failures an attacker could tell apart share one sentence: a forged, expired or revoked token are
 * all `authRequired` (and sign-in's `badCredentials` is one answer for an unknown e-mail and a
 * wrong password).
 */

import { catalogue } from "./catalogue.ts";

export const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? "" : "s"}`;
export const minutes = (seconds: number): string => plural(Math.ceil(seconds / 60), "minute");

export const MESSAGES = /* @__PURE__ */ catalogue("http", {
  /** An admin route, asked by a user who is not one (every feature an admin manages says this). */
  adminOnly: "This needs an admin.",
  // The session
  authRequired: "Authentication required.",
  sessionEnded: "Your session has ended; sign in again.",
  signedOutElsewhere: "You were signed out from another device.",
  accountWasLocked: "Your account was locked.",
  passwordWasChanged: "Your password was changed; sign in with the new one.",
  csrfInvalid: "Missing or invalid CSRF token.",
  sessionRevoked: "That device is signed out.",
  signedOutHere: "Signed out on this device.",
  sessionNotFound: "No such session.",
  otherSessionsRevoked: (n: number): string =>
    n === 0 ? "No other device was signed in." : `Signed out ${plural(n, "other device")}.`,

  // The password typed again to confirm a change (kit.ts)
  passwordWrong: "The password is wrong.",
  tooManyPasswordAttempts: (retryAfterSeconds: number): string =>
    `Too many wrong passwords. Try again in ${minutes(retryAfterSeconds)}.`,

  // Requests
  invalidFields: "Some fields are invalid.",
  notJson: "The request body is not valid JSON.",
  notJsonType: "Content-Type must be application/json.",
  bodyTooLarge: (kib: number): string => `The request body is larger than ${kib} KiB.`,
  nestedTooDeeply: (levels: number): string => `The request body nests more than ${levels} levels deep.`,
  notFound: "Not found.",

  // The server
  databaseDown: "The database is unavailable; try again shortly.",
  storeDown: "The session store is unavailable; try again shortly.",
  busy: "The server is busy; try again shortly.",
  secretsUnavailable: "The server cannot open a secret it keeps; its administrator has been told.",
  internal: "Internal server error.",
} as const);

/** The phrases of a field error; a form puts the field's label before them ("Username must be ..."). */
export const FIELD_MESSAGES = /* @__PURE__ */ catalogue("fields", {
  required: "is required",
  lengthBetween: (min: number, max: number): string => `must be ${min}–${max} characters`,
  atMost: (max: number): string => `must be at most ${max} characters`,
  usernameChars: "may contain only letters, digits, _, - and .",
  invisibleChars: "must not contain invisible characters",
  mixedScripts: "must not mix alphabets (such as Latin and Cyrillic)",
  notOnlySpaces: "must not be only spaces",
  tooCommon: "is too common; choose one that is harder to guess",
  email: "must be a valid e-mail address",
  notYourEmail: "must not be your e-mail address",
  language: "must be one of en, de, fr, es, pt-BR, zh-Hans",
} as const);

/** The phrases of a field error that only the server's own checks give (a request's shape, its text). */
export const REQUEST_FIELD_MESSAGES = /* @__PURE__ */ catalogue("request-fields", {
  controlChars: "must not contain control characters (such as a tab, a line break or NUL)",
  invalid: "is invalid",
  timeZone: "must be an IANA time zone such as Europe/Berlin",
  dateTime: "must be a date or an instant such as 2026-12-04 or 2026-12-04T10:00:00Z",
  jsonObject: "must be a JSON object",
  // A value of the wrong JSON type, by the type wanted (http/errors.ts).
  typeString: "must be a string",
  typeNumber: "must be a number",
  typeInteger: "must be a whole number",
  typeBoolean: "must be true or false",
  typeObject: "must be a JSON object",
  typeArray: "must be a list",
} as const);
