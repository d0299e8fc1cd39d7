import { catalogue } from "../http/catalogue.ts";
import { FIELD_MESSAGES } from "../http/messages.ts";
import type { FieldError } from "../http/schemas.ts";
import { isLanguage } from "../platform/languages.ts";

/**
 * The contract's field rules, as pure functions returning values, not throwing. The Elysia
 * schemas beside the routes check only shape and types; these check the rules (trimming,
 * lengths in characters, not bytes, and the cross-field password rule).
 */

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** The inputs the rules judge (the features' request bodies have these shapes). */
export interface SignupInput {
  username: string;
  email: string;
  password: string;
}
export interface Credentials {
  email: string;
  password: string;
}
export interface PasswordChange {
  current_password: string;
  new_password: string;
}
export interface ProfileChanges {
  username?: string;
  email?: string;
  current_password?: string;
  language?: string;
}

const USERNAME_MIN = 3;
const USERNAME_MAX = 50;
const EMAIL_MAX = 254;
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 128;

const USERNAME_CHARS = /^[\p{L}\p{N}_.-]+$/u;
/** Characters that render as nothing (Hangul fillers, zero-width joiners, ...): refused in a name. */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
/**
 * Scripts a name may not mix (Latin with Cyrillic makes "раypal" look like "paypal"). The CJK
 * scripts count as one, since Japanese and Korean names mix them by nature.
 */
const SCRIPTS = [
  /\p{Script=Latin}/u,
  /\p{Script=Cyrillic}/u,
  /\p{Script=Greek}/u,
  /\p{Script=Armenian}/u,
  /\p{Script=Georgian}/u,
  /\p{Script=Hebrew}/u,
  /\p{Script=Arabic}/u,
  /\p{Script=Devanagari}/u,
  /\p{Script=Thai}/u,
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u,
];
/** The WHATWG form rule for an address, with a dot required in the domain. */
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

/** Characters as a person counts them (code points), so "пароль🙂" is 7, not 8. */
const length = (value: string): number => [...value].length;

function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** A username as stored: trimmed and NFKC-normalised (fullwidth "ａｄａ" is "ada"). */
function normalizeUsername(raw: string): string {
  return raw.normalize("NFKC").trim();
}

function usernameError(username: string): string | null {
  const n = length(username);
  if (n < USERNAME_MIN || n > USERNAME_MAX) return FIELD_MESSAGES.lengthBetween(USERNAME_MIN, USERNAME_MAX);
  if (INVISIBLE.test(username)) return FIELD_MESSAGES.invisibleChars;
  if (!USERNAME_CHARS.test(username)) return FIELD_MESSAGES.usernameChars;
  if (SCRIPTS.filter((script) => script.test(username)).length > 1) return FIELD_MESSAGES.mixedScripts;
  return null;
}

function emailError(email: string): string | null {
  if (email.length > EMAIL_MAX) return FIELD_MESSAGES.atMost(EMAIL_MAX);
  if (!EMAIL.test(email)) return FIELD_MESSAGES.email;
  return null;
}

/**
 * The passwords nobody may choose, beyond the length rule: the server passes the list of the
 * 10,000 most common ones (common-passwords.ts); the dashboard, which does not carry the list,
 * leaves that check to the server's 422.
 */
export type IsCommonPassword = (password: string) => boolean;

function passwordError(password: string, email: string | null, isCommon?: IsCommonPassword): string | null {
  const n = length(password);
  if (n < PASSWORD_MIN || n > PASSWORD_MAX) return FIELD_MESSAGES.lengthBetween(PASSWORD_MIN, PASSWORD_MAX);
  if (password.trim() === "") return FIELD_MESSAGES.notOnlySpaces;
  if (email !== null && password.trim().toLowerCase() === email) return FIELD_MESSAGES.notYourEmail;
  if (isCommon?.(password)) return FIELD_MESSAGES.tooCommon;
  return null;
}

/** The meter's words (the dashboard's alone: the server never says them). */
export const STRENGTH_WORDS = /* @__PURE__ */ catalogue("strength", {
  strengthNotYet: (problem: string): string => `Not allowed yet: ${problem}`,
  strengthStrong: "Strength: strong",
  strengthFair: "Strength: fair; longer is stronger",
  strengthWeak: "Strength: weak; a few words together make a strong one",
} as const);

export interface PasswordStrength {
  level: "invalid" | "weak" | "fair" | "strong";
  label: string;
}

/**
 * How good a new password is, for the meter beside the field: first the rules the server holds
 * it to (the same functions), then a plain estimate from length and variety. The list of common
 * passwords is the server's alone: its 422 says so when one is chosen.
 */
export function passwordStrength(password: string, email: string): PasswordStrength {
  const broken = passwordError(password, normalizeEmail(email));
  if (broken) return { level: "invalid", label: STRENGTH_WORDS.strengthNotYet(broken) };
  const n = length(password);
  const kinds = [/\p{Ll}/u, /\p{Lu}/u, /\p{N}/u, /[^\p{L}\p{N}\s]/u, /\s/u].filter((kind) =>
    kind.test(password),
  ).length;
  if (n >= 16 || (n >= 12 && kinds >= 3)) return { level: "strong", label: STRENGTH_WORDS.strengthStrong };
  if (n >= 12 || (n >= 10 && kinds >= 2)) return { level: "fair", label: STRENGTH_WORDS.strengthFair };
  return { level: "weak", label: STRENGTH_WORDS.strengthWeak };
}

/** A password typed to confirm an action: present, and short enough to hash. */
function presentPasswordError(password: string): string | null {
  const n = length(password);
  if (n === 0) return FIELD_MESSAGES.required;
  if (n > PASSWORD_MAX) return FIELD_MESSAGES.atMost(PASSWORD_MAX);
  return null;
}

function collect<T>(value: T, checks: Array<[field: string, error: string | null]>): Validated<T> {
  const errors = checks
    .filter(([, error]) => error !== null)
    .map(([field, message]) => ({ field, message: message as string }));
  return errors.length ? { ok: false, errors } : { ok: true, value };
}

export function validateSignup(input: SignupInput, isCommon?: IsCommonPassword): Validated<SignupInput> {
  const email = normalizeEmail(input.email);
  const username = normalizeUsername(input.username);
  return collect({ username, email, password: input.password }, [
    ["username", usernameError(username)],
    ["email", emailError(email)],
    ["password", passwordError(input.password, email, isCommon)],
  ]);
}

/**
 * Login only checks what must hold before any hashing: an address-shaped e-mail and a password
 * of at most 128 characters. A wrong or short password is simply wrong (401), not a rule hint.
 */
export function validateCredentials(input: Credentials): Validated<Credentials> {
  const email = normalizeEmail(input.email);
  return collect({ email, password: input.password }, [
    ["email", emailError(email)],
    ["password", presentPasswordError(input.password)],
  ]);
}

export function validatePresentPassword(password: string): Validated<string> {
  return collect(password, [["password", presentPasswordError(password)]]);
}

/** The new password obeys the sign-up rules (against the account's e-mail). */
export function validateNewPassword(
  input: PasswordChange,
  email: string,
  isCommon?: IsCommonPassword,
): Validated<PasswordChange> {
  return collect(input, [
    ["current_password", presentPasswordError(input.current_password)],
    ["new_password", passwordError(input.new_password, normalizeEmail(email), isCommon)],
  ]);
}

export function validateProfileChanges(input: ProfileChanges): Validated<ProfileChanges> {
  const changes: ProfileChanges = {};
  const checks: Array<[string, string | null]> = [];
  if (input.username !== undefined) {
    changes.username = normalizeUsername(input.username);
    checks.push(["username", usernameError(changes.username)]);
  }
  if (input.email !== undefined) {
    changes.email = normalizeEmail(input.email);
    checks.push(["email", emailError(changes.email)]);
  }
  if (input.language !== undefined) {
    changes.language = input.language;
    checks.push(["language", isLanguage(input.language) ? null : FIELD_MESSAGES.language]);
  }
  return collect(changes, checks);
}

/** An address given to look an account up by (forgot password). */
export function validateEmailAddress(raw: string): Validated<string> {
  const email = normalizeEmail(raw);
  return collect(email, [["email", emailError(email)]]);
}

/** A password chosen through a reset link: the sign-up rules, against the account's address. */
export function validateResetPassword(password: string, email: string, isCommon?: IsCommonPassword): Validated<string> {
  return collect(password, [["new_password", passwordError(password, normalizeEmail(email), isCommon)]]);
}
