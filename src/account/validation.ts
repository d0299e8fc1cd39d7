import { FIELD_MESSAGES } from "../http/messages.ts";
import type { FieldError } from "../http/schemas.ts";
import type { Credentials, PasswordBody, ProfileBody, SignupBody } from "./model.ts";

/**
 * The contract's field rules, as pure functions returning values, not throwing. The Elysia
 * schemas beside the routes check only shape and types; these check the rules (trimming,
 * lengths in characters, not bytes, and the cross-field password rule).
 */

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const USERNAME_MIN = 3;
const USERNAME_MAX = 50;
const EMAIL_MAX = 254;
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 128;

const USERNAME_CHARS = /^[\p{L}\p{N}_.-]+$/u;
/** The WHATWG form rule for an address, with a dot required in the domain. */
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

/** Characters as a person counts them (code points), so "пароль🙂" is 7, not 8. */
const length = (value: string): number => [...value].length;

function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

function usernameError(raw: string): string | null {
  const username = raw.trim();
  const n = length(username);
  if (n < USERNAME_MIN || n > USERNAME_MAX) return FIELD_MESSAGES.lengthBetween(USERNAME_MIN, USERNAME_MAX);
  if (!USERNAME_CHARS.test(username)) return FIELD_MESSAGES.usernameChars;
  return null;
}

function emailError(email: string): string | null {
  if (email.length > EMAIL_MAX) return FIELD_MESSAGES.atMost(EMAIL_MAX);
  if (!EMAIL.test(email)) return FIELD_MESSAGES.email;
  return null;
}

function passwordError(password: string, email: string | null): string | null {
  const n = length(password);
  if (n < PASSWORD_MIN || n > PASSWORD_MAX) return FIELD_MESSAGES.lengthBetween(PASSWORD_MIN, PASSWORD_MAX);
  if (email !== null && password.trim().toLowerCase() === email) return FIELD_MESSAGES.notYourEmail;
  return null;
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

export function validateSignup(input: SignupBody): Validated<SignupBody> {
  const email = normalizeEmail(input.email);
  const username = input.username.trim().normalize("NFC");
  return collect({ username, email, password: input.password }, [
    ["username", usernameError(username)],
    ["email", emailError(email)],
    ["password", passwordError(input.password, email)],
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
export function validateNewPassword(input: PasswordBody, email: string): Validated<PasswordBody> {
  return collect(input, [
    ["current_password", presentPasswordError(input.current_password)],
    ["new_password", passwordError(input.new_password, normalizeEmail(email))],
  ]);
}

export function validateProfileChanges(input: ProfileBody): Validated<ProfileBody> {
  const changes: ProfileBody = {};
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
