import type { FieldError } from "../http/errors.ts";

/**
 * The contract's field rules, as pure functions returning values, not throwing. The Elysia
 * schemas beside the routes check only shape and types; these check the rules (trimming,
 * lengths in characters, not bytes, and the cross-field password rule).
 */

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 50;
export const EMAIL_MAX = 254;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

const USERNAME_CHARS = /^[\p{L}\p{N}_.-]+$/u;
/** The WHATWG form rule for an address, with a dot required in the domain. */
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

/** Characters as a person counts them (code points), so "пароль🙂" is 7, not 8. */
const length = (value: string): number => [...value].length;

export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

function usernameError(raw: string): string | null {
  const username = raw.trim();
  const n = length(username);
  if (n < USERNAME_MIN || n > USERNAME_MAX) return `must be ${USERNAME_MIN}–${USERNAME_MAX} characters`;
  if (!USERNAME_CHARS.test(username)) return "may contain only letters, digits, _, - and .";
  return null;
}

function emailError(email: string): string | null {
  if (email.length > EMAIL_MAX) return `must be at most ${EMAIL_MAX} characters`;
  if (!EMAIL.test(email)) return "must be a valid e-mail address";
  return null;
}

function passwordError(password: string, email: string | null): string | null {
  const n = length(password);
  if (n < PASSWORD_MIN || n > PASSWORD_MAX) return `must be ${PASSWORD_MIN}–${PASSWORD_MAX} characters`;
  if (email !== null && password.trim().toLowerCase() === email) return "must not be your e-mail address";
  return null;
}

/** A password typed to confirm an action: present, and short enough to hash. */
function presentPasswordError(password: string): string | null {
  const n = length(password);
  if (n === 0) return "is required";
  if (n > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  return null;
}

function collect<T>(value: T, checks: Array<[field: string, error: string | null]>): Validated<T> {
  const errors = checks.filter(([, error]) => error !== null).map(([field, message]) => ({ field, message: message as string }));
  return errors.length ? { ok: false, errors } : { ok: true, value };
}

export interface NewUser {
  username: string;
  email: string;
  password: string;
}

export function validateSignup(input: NewUser): Validated<NewUser> {
  const email = normalizeEmail(input.email);
  const username = input.username.trim().normalize("NFC");
  return collect({ username, email, password: input.password }, [
    ["username", usernameError(username)],
    ["email", emailError(email)],
    ["password", passwordError(input.password, email)],
  ]);
}

export interface Credentials {
  email: string;
  password: string;
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

export interface PasswordChange {
  current_password: string;
  new_password: string;
}

/** The new password obeys the sign-up rules (against the account's e-mail). */
export function validateNewPassword(input: PasswordChange, email: string): Validated<PasswordChange> {
  return collect(input, [
    ["current_password", presentPasswordError(input.current_password)],
    ["new_password", passwordError(input.new_password, normalizeEmail(email))],
  ]);
}

export interface ProfileChanges {
  username?: string;
  email?: string;
}

export function validateProfileChanges(input: ProfileChanges): Validated<ProfileChanges> {
  const changes: ProfileChanges = {};
  const checks: Array<[string, string | null]> = [];
  if (input.username !== undefined) {
    changes.username = input.username.trim().normalize("NFC");
    checks.push(["username", usernameError(changes.username)]);
  }
  if (input.email !== undefined) {
    changes.email = normalizeEmail(input.email);
    checks.push(["email", emailError(changes.email)]);
  }
  return collect(changes, checks);
}
